import { BackendUnavailableError } from './anchor-backend.js';

/** Largest calendar answer accepted, as in python-opentimestamps' client. */
export const MAX_CALENDAR_RESPONSE_BYTES = 10_000;

/** What the calendar protocol's responses must say they are. */
export const OTS_MEDIA_TYPE = 'application/vnd.opentimestamps.v1';

/** Sent with every calendar request. */
export const CALENDAR_USER_AGENT = 'Certa (OpenTimestamps calendar client)';

/** A calendar answered, but not with something usable; `code` is stored with the submission. */
export class CalendarError extends Error {
  constructor(
    readonly code: 'calendar_refused' | 'calendar_bad_response' | 'calendar_invalid_upgrade',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CalendarError';
  }
}

/** Status and (size-limited) body of one calendar exchange. */
export interface CalendarResponse {
  readonly status: number;
  readonly body: Buffer;
}

async function readLimited(response: Response, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_CALENDAR_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new CalendarError('calendar_bad_response', `${url} answered with ${declared} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body === null) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    const chunk = part.value as Uint8Array;
    size += chunk.length;
    if (size > MAX_CALENDAR_RESPONSE_BYTES) {
      await reader.cancel();
      throw new CalendarError(
        'calendar_bad_response',
        `${url} answered with more than ${MAX_CALENDAR_RESPONSE_BYTES} bytes`,
      );
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * One request to a calendar with a timeout. Network failures, timeouts and answers that mean
 * "not now" (HTTP 5xx, 408, 429) become {@link BackendUnavailableError} — retried with backoff;
 * every other status is returned for the caller to judge.
 */
export async function calendarRequest(
  url: string,
  init: { method: 'GET' | 'POST'; body?: Buffer },
  timeoutMs: number,
): Promise<CalendarResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        accept: OTS_MEDIA_TYPE,
        'user-agent': CALENDAR_USER_AGENT,
        ...(init.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new BackendUnavailableError(
      timedOut ? `${url} did not answer within ${timeoutMs} ms` : `cannot reach ${url}`,
      { cause: error },
    );
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    await response.body?.cancel();
    throw new BackendUnavailableError(`${url} answered HTTP ${response.status}`);
  }
  try {
    return { status: response.status, body: await readLimited(response, url) };
  } catch (error) {
    if (error instanceof CalendarError) throw error;
    throw new BackendUnavailableError(`the answer from ${url} was cut off`, { cause: error });
  }
}
