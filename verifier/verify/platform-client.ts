/** How long one question to a platform may take before it counts as unreachable. */
const TIMEOUT_MS = 20_000;

/** The platform could not be asked: no connection, a timeout, or an answer that is not its API's. */
export class PlatformUnavailableError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`${baseUrl}: ${reason}`);
    this.name = 'PlatformUnavailableError';
  }
}

/** The platform answered with an error of its API (4xx), in its own sentence. */
export class PlatformRefusalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformRefusalError';
  }
}

async function send(baseUrl: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${baseUrl}${path}`, {
      ...init,
      // A redirect is reported, not followed: the output must name the platform that answered.
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new PlatformUnavailableError(baseUrl, timedOut ? 'no answer in time' : 'no connection');
  }
}

/**
 * Asks a Certa platform's JSON API (no credentials: verification is public). A 4xx answer with
 * the API's error body is a {@link PlatformRefusalError}; anything else that is not JSON from
 * the API — a 5xx, an HTML page, a redirect — makes the platform unavailable.
 */
export async function askPlatform<T>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await send(baseUrl, path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? '?';
    throw new PlatformUnavailableError(
      baseUrl,
      `it redirects to ${location.slice(0, 200)} (give that address with --url)`,
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PlatformUnavailableError(
      baseUrl,
      `it did not answer with JSON (HTTP ${response.status})`,
    );
  }
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (response.status >= 500 || typeof error?.message !== 'string')
    throw new PlatformUnavailableError(baseUrl, `it answered HTTP ${response.status}`);
  throw new PlatformRefusalError(
    response.status,
    typeof error.code === 'string' ? error.code : 'HTTP_ERROR',
    error.message,
  );
}

/** GETs raw bytes (an `.ots` proof); any HTTP status is returned for the caller to judge. */
export async function fetchPlatformBytes(
  baseUrl: string,
  path: string,
): Promise<{ status: number; body: Uint8Array }> {
  const response = await send(baseUrl, path, {
    headers: { accept: 'application/octet-stream' },
  });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}
