import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config.js';

/**
 * Paths that could ever carry personal data or secrets. Request bodies are never logged at all
 * (see the serializers); this list is the second line of defence for anything logged by hand.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.email',
  '*.name',
  '*.recipient',
  '*.recipientName',
  '*.recipientEmail',
  '*.fields',
  '*.recoveryKey',
  '*.key',
];

interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
}

/** Requests are logged by method, path (no query) and id; never headers, address or body. */
function serializeRequest(request: RequestLike): Record<string, unknown> {
  return { id: request.id, method: request.method, path: (request.url ?? '').split('?')[0] };
}

function serializeResponse(reply: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: reply.statusCode };
}

/** Creates the process logger; tests pass a destination to read every line. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, res: serializeResponse },
    base: undefined,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
