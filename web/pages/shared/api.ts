/** Talking to the platform's API from the pages: JSON in, JSON (or a file) out. */

/** The `error` object of an API error body, or an empty one. */
export interface ApiError {
  code?: unknown;
  message?: unknown;
  details?: Record<string, unknown>;
}

export function apiErrorOf(body: unknown): ApiError {
  if (typeof body !== 'object' || body === null) return {};
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message, details } = error as Record<string, unknown>;
  return {
    code,
    message,
    details:
      typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {},
  };
}

/** The body as JSON, or null when it is not JSON. */
export async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

/** POSTs JSON (never cached, same-origin credentials only). */
export function postJson(
  path: string,
  payload: unknown,
  accept = 'application/json',
): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(payload),
    cache: 'no-store',
    credentials: 'same-origin',
  });
}

export interface RateLimitStrings {
  RATE_LIMITED_ONE: string;
  RATE_LIMITED_MANY: string;
  RATE_LIMITED_LATER: string;
}

/**
 * For a rate-limited answer (429 or RATE_LIMITED), how long to wait in words; null otherwise.
 * The wait comes from Retry-After, else from the error's details.
 */
export function rateLimitText(
  response: Response,
  body: unknown,
  strings: RateLimitStrings,
  fillMinutes: (template: string, minutes: number) => string,
): string | null {
  const error = apiErrorOf(body);
  if (error.code !== 'RATE_LIMITED' && response.status !== 429) return null;
  let seconds = Number(response.headers.get('retry-after'));
  const fromDetails = error.details?.['retryAfterSeconds'];
  if (!(seconds > 0) && typeof fromDetails === 'number') seconds = fromDetails;
  if (!(seconds > 0)) return strings.RATE_LIMITED_LATER;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? strings.RATE_LIMITED_ONE : fillMinutes(strings.RATE_LIMITED_MANY, minutes);
}
