import createClient from 'openapi-fetch';
import type { Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/** What the API answers on failure: `{ error: { code, message, details? } }` (src/errors.ts). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string };
}

/**
 * A failed API call: the HTTP status, the error code and the server's message (English). The
 * console shows `t('errors.codes.<code>')` and, for INVALID_INPUT, puts the message next to the
 * field it names (`field`, from the validation details).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly details: Record<string, unknown>;
  constructor(status: number, body: ApiErrorBody | null) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error.code ?? (status === 0 ? 'NETWORK' : 'UNEXPECTED');
    this.details = body?.error.details ?? {};
    const field = this.details.field;
    this.field = typeof field === 'string' ? field : null;
  }
}

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;
let onTwoFactorRequired: (() => void) | null = null;
let onTermsRequired: (() => void) | null = null;

/** The CSRF token of the current session (from log-in or GET /api/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Called when the server refuses a call until the person turns on two-factor authentication
 * (owners, admins and platform admins must): the console takes them to do it.
 */
export function whenTwoFactorRequired(handler: () => void): void {
  onTwoFactorRequired = handler;
}

/**
 * Called when the server refuses a call until the person accepts new issuer terms
 * (TERMS_ACCEPTANCE_REQUIRED): the console shows them, then goes back.
 */
export function whenTermsRequired(handler: () => void): void {
  onTermsRequired = handler;
}

/** Called once when an API call finds the session gone (expired, ended elsewhere). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken !== null)
      request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    if (
      (response.status !== 401 && response.status !== 403) ||
      new URL(request.url).pathname === '/api/sessions'
    )
      return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as ApiErrorBody | null;
    if (body?.error.code === 'UNAUTHENTICATED') onSessionEnded?.();
    if (body?.error.code === 'TWO_FACTOR_ENROLMENT_REQUIRED') onTwoFactorRequired?.();
    if (body?.error.code === 'TERMS_ACCEPTANCE_REQUIRED') onTermsRequired?.();
    return response;
  },
};

/** The typed client of the Certa API, generated from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
api.use(sessionMiddleware);

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful call, or an ApiError. A network failure becomes status 0, code
 * NETWORK.
 */
export async function ok<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(0, null);
  }
  if (outcome.response.ok) return outcome.data as T;
  throw new ApiError(outcome.response.status, (outcome.error as ApiErrorBody | undefined) ?? null);
}

/**
 * Sends a multipart upload with progress (fetch cannot report upload progress): the file goes
 * in the `file` part. Resolves with the parsed JSON answer or rejects with an ApiError.
 * `method` is PUT for routes that replace a single file (the organisation's logo).
 */
export function uploadFile<T>(
  url: string,
  file: File,
  onProgress: (fraction: number) => void = () => undefined,
  fields: Readonly<Record<string, string>> = {},
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    const request = new XMLHttpRequest();
    request.open(method, url);
    if (csrfToken !== null) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText) as unknown;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        if (
          request.status === 401 &&
          (body as ApiErrorBody | null)?.error.code === 'UNAUTHENTICATED'
        )
          onSessionEnded?.();
        reject(new ApiError(request.status, body as ApiErrorBody | null));
      }
    });
    request.addEventListener('error', () => reject(new ApiError(0, null)));
    request.send(form);
  });
}
