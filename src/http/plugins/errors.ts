import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../errors.js';
import type { ErrorCode, ErrorDetails } from '../../errors.js';

/** One table from domain error codes to HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  UNLOCK_REQUIRED: 403,
  SECOND_FACTOR_REQUIRED: 401,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  CSRF_FAILED: 403,
  LINK_INVALID: 410,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACTIVATION_FAILED: 403,
  TERMS_NOT_ACCEPTED: 422,
  TERMS_ACCEPTANCE_REQUIRED: 403,
  TERMS_OUTDATED: 409,
  RATE_LIMITED: 429,
  DOMAIN_NOT_VERIFIED: 409,
  ISSUER_NOT_APPROVED: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  UPSTREAM_FAILED: 502,
  UNAVAILABLE: 503,
  INTEGRITY_FAILURE: 500,
  INTERNAL: 500,
};

/** Our own failures: their message and details are never shown (they may say how we failed). */
const HIDDEN_CODES: ReadonlySet<ErrorCode> = new Set(['INTERNAL', 'INTEGRITY_FAILURE']);

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails; requestId?: string };
}

/** Fastify's own 4xx errors (parsing, limits, validation) in our shape and words. */
function frameworkError(
  error: FastifyError,
): { status: number; code: ErrorCode; message: string; details?: ErrorDetails } | null {
  if (error.validation !== undefined) {
    const message = error.message.replace(
      /^(body|querystring|params|headers)\/?/,
      (_m, part: string) => (part === 'body' ? '' : `${part} `),
    );
    const field = invalidField(error.validation[0]);
    return {
      status: 400,
      code: 'INVALID_INPUT',
      message: `Invalid request: ${message.replace(/\//g, '.').trim()}.`,
      ...(field === null ? {} : { details: { field } }),
    };
  }
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'INVALID_INPUT', message: 'The URL is not valid.' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 400, code: 'INVALID_INPUT', message: 'A path parameter is too long.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA',
        message: 'This content type is not accepted here.',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'INVALID_INPUT',
        message: 'The request body is empty; send a JSON object.',
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'INVALID_INPUT',
        message: 'The Content-Length header does not match the body.',
      };
    default:
      break;
  }
  if (isMalformedMultipart(error))
    return {
      status: 400,
      code: 'INVALID_INPUT',
      message: 'The multipart body is malformed (boundary missing or empty, or a part not ended).',
    };
  if (isRefusedValue(error))
    return {
      status: 400,
      code: 'INVALID_INPUT',
      message: 'A value in the request is out of range or not valid.',
    };
  if (error.statusCode === 429)
    return {
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Too many requests; slow down and try again shortly.',
    };
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return { status: 400, code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' };
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      status: error.statusCode,
      code: 'INVALID_INPUT',
      message: 'The request was not accepted.',
    };
  }
  return null;
}

/** busboy's and @fastify/multipart's words for a body that is not well-formed multipart. */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Unexpected end of (form|multipart data)|Malformed part header|Malformed urlencoded form|Part terminated early|Missing Content-Type|Unsupported content type)/;

function isMalformedMultipart(error: FastifyError): boolean {
  return (
    MALFORMED_MULTIPART.test(error.message) ||
    error.code === 'FST_PROTO_VIOLATION' ||
    error.code === 'FST_NO_FORM_DATA'
  );
}

/**
 * A database's refusal of a value the request carried (PostgreSQL: not valid text or number,
 * out of range, too long, NUL): input that validation should have caught, still the client's.
 */
const REFUSED_VALUE_CODES = new Set([
  '22P02',
  '22003',
  '22021',
  '22P05',
  '22001',
  '22007',
  '22008',
  '54000',
]);

function isRefusedValue(error: FastifyError): boolean {
  return typeof error.code === 'string' && REFUSED_VALUE_CODES.has(error.code);
}

/**
 * The dotted path of the first field that failed validation (`recipient.email`), so that a
 * form can show the message next to that field; a missing property is named too.
 */
function invalidField(
  first: { instancePath?: string; params?: Record<string, unknown> } | undefined,
): string | null {
  if (first === undefined) return null;
  const parts = (first.instancePath ?? '').split('/').filter((part) => part !== '');
  const missing = first.params?.missingProperty;
  if (typeof missing === 'string') parts.push(missing);
  return parts.length === 0 ? null : parts.join('.');
}

const STORAGE_FAULT_CODES = new Set([
  // The file system: full, read-only, out of quota or descriptors, failing.
  'ENOSPC',
  'EROFS',
  'EDQUOT',
  'EACCES',
  'EPERM',
  'EIO',
  'EMFILE',
  'ENFILE',
  // SQLite: the file is read-only, full, failing or locked for too long.
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  // PostgreSQL: disk full, out of resources, read-only, shutting down, connection lost.
  '53100',
  '53000',
  '53200',
  '53300',
  '25006',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/** A lost database connection; only for raw errors (an SMTP relay's are UPSTREAM_FAILED). */
const CONNECTION_FAULT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);

/**
 * Whether an error (or what caused it) says the database or the file store cannot work right
 * now, rather than that the code is wrong: the answer is then 503 (issue 11 #8), not a 500 or a
 * 502 that would hide a full or read-only disk from monitoring.
 */
export function isStorageFault(error: unknown, connections = false): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (STORAGE_FAULT_CODES.has(code)) return true;
      if (connections && CONNECTION_FAULT_CODES.has(code)) return true;
      if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR')) return true;
    }
    if (current.message === 'Connection terminated unexpectedly') return true;
    current = current.cause;
  }
  return false;
}

const STORAGE_RETRY_AFTER_SECONDS = 30;

/** Turns any error into our `{ error: { code, message } }` body with the mapped status. */
export async function handleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  let status: number;
  let body: ErrorBody;
  if (
    (isAppError(error) && error.code === 'UPSTREAM_FAILED' && isStorageFault(error.cause)) ||
    (!isAppError(error) && isStorageFault(error, true))
  ) {
    status = 503;
    body = {
      error: {
        code: 'UNAVAILABLE',
        message: 'The platform cannot store data right now; nothing was saved. Try again later.',
        details: { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS },
        requestId: String(request.id),
      },
    };
    void reply.header('retry-after', String(STORAGE_RETRY_AFTER_SECONDS));
    request.log.error(
      { err: { type: error.name, code: error.code, cause: causeCodeOf(error) } },
      'storage unavailable',
    );
  } else if (isAppError(error)) {
    status = HTTP_STATUS[error.code];
    const details = Object.keys(error.details).length > 0 ? error.details : undefined;
    body = {
      error: {
        code: error.code,
        message: HIDDEN_CODES.has(error.code) ? 'Something went wrong on our side.' : error.message,
        ...(details === undefined || HIDDEN_CODES.has(error.code) ? {} : { details }),
      },
    };
    if (
      (error.code === 'RATE_LIMITED' || error.code === 'UNAVAILABLE') &&
      typeof error.details.retryAfterSeconds === 'number'
    ) {
      void reply.header('retry-after', String(error.details.retryAfterSeconds));
    }
  } else {
    const known = frameworkError(error);
    status = known?.status ?? 500;
    body = {
      error: {
        code: known?.code ?? 'INTERNAL',
        message: known?.message ?? 'Something went wrong on our side.',
        ...(known?.details === undefined ? {} : { details: known.details }),
      },
    };
  }
  if (status >= 500 && status !== 503) {
    body.error.requestId = String(request.id);
    request.log.error(
      {
        err: {
          type: error.name,
          code: error.code,
          stack: error.stack,
        },
      },
      'request failed',
    );
  }
  await reply.status(status).header('cache-control', 'no-store').send(body);
}

function wantsHtml(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    !request.url.startsWith('/api/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Registers the one error handler and the 404 handler (JSON for the API, the HTML page from
 * `htmlNotFound` for browsers). 5xx never show their cause.
 */
export function registerErrorHandling(
  app: FastifyInstance,
  htmlNotFound: (request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(async (request, reply) => {
    if (wantsHtml(request)) return htmlNotFound(request, reply);
    await reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
      },
    });
  });
}

function causeCodeOf(error: unknown): string | null {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}
