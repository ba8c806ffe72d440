import { UsageError } from './command.js';

/** A refusal from the server (4xx/5xx) with its own sentence. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The dotted path of the request field an INVALID_INPUT names (`recipient.email`), if any. */
  readonly field: string | null;
  constructor(status: number, code: string, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** The server could not be reached at all. */
export class UnreachableError extends Error {
  constructor(url: string) {
    super(`Could not reach the Certa server at ${url}; is it running? Set CERTA_URL or --url.`);
    this.name = 'UnreachableError';
  }
}

export interface ApiClient {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Base URL from --url, else CERTA_URL, else the local default; checked once. */
export function serverUrl(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const raw = option ?? env.CERTA_URL ?? 'http://localhost:8080';
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UsageError(`The server URL "${raw}" is not an http(s) URL.`);
  }
  return raw.replace(/\/+$/, '');
}

/** A small JSON client for the Certa HTTP API. The bearer token is sent only as a header. */
export function apiClient(baseUrl: string, bearer: string | undefined): ApiClient {
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch {
        throw new UnreachableError(baseUrl);
      }
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        throw new ApiError(
          response.status,
          'INVALID_RESPONSE',
          `The server at ${baseUrl} did not answer with JSON (HTTP ${response.status}).`,
        );
      }
      if (!response.ok) {
        const error = (
          parsed as {
            error?: { code?: string; message?: string; details?: { field?: unknown } };
          } | null
        )?.error;
        const field = error?.details?.field;
        throw new ApiError(
          response.status,
          error?.code ?? 'HTTP_ERROR',
          error?.message ?? `HTTP ${response.status}`,
          typeof field === 'string' ? field : null,
        );
      }
      return parsed as T;
    },
  };
}

/** GETs raw bytes (e.g. an .ots proof); any HTTP status is returned for the caller to judge. */
export async function fetchBytes(
  baseUrl: string,
  path: string,
): Promise<{ status: number; body: Buffer }> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      headers: { accept: 'application/octet-stream' },
    });
  } catch {
    throw new UnreachableError(baseUrl);
  }
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

/** The API key from CERTA_API_KEY: never from an argument, so it stays out of shell history. */
export function apiKeyFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const key = env.CERTA_API_KEY;
  if (key === undefined || key.trim() === '') {
    throw new UsageError(
      'Set CERTA_API_KEY to an API key of your organisation (create one with POST /api/organisations/<id>/api-keys).',
    );
  }
  return key.trim();
}
