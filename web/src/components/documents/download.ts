import { ApiError } from '../../api/client.js';
import type { ApiErrorBody } from '../../api/client.js';

/**
 * Fetches a file the API serves (a PDF, an .ots proof) with the session cookie and saves it
 * under `fileName`; a failed answer becomes an ApiError so the page can say why (409 while a
 * proof waits in the anchoring queue, 403 UNLOCK_REQUIRED for a locked PDF).
 */
export async function downloadFile(url: string, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiError(response.status, body);
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
