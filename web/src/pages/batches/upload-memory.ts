/**
 * The last file uploaded in this tab, by batch id, so that the batch page can check it again
 * with other columns without asking for it once more. Memory only (never storage): a reload
 * forgets it, and the mapping is then shown read-only.
 */
export interface RememberedUpload {
  readonly file: File;
  readonly template: string;
  readonly title: string;
}

const uploads = new Map<string, RememberedUpload>();

export function rememberUpload(batchId: string, upload: RememberedUpload): void {
  uploads.clear();
  uploads.set(batchId, upload);
}

export function rememberedUpload(batchId: string): RememberedUpload | undefined {
  return uploads.get(batchId);
}
