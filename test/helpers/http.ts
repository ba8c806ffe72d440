/** A response as tests look at it. */
export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  raw: Buffer;
}

/** Calls the real server over HTTP. JSON in, JSON (or bytes) out. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    token?: string;
    json?: unknown;
    body?: Buffer | string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<TestResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown =
    type.includes('application/json') && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : raw;
  return { status: response.status, headers: response.headers, body: parsed as T, raw };
}
