import { simpleParser } from 'mailparser';
import { AppError } from '../errors.js';
import { DELIVERY_TOKEN_PATTERN } from './delivery.js';

/** What Certa keeps of a delivery report (RFC 3464): codes and a token, never an address. */
export interface DeliveryReport {
  /** The token of the message reported on (VERP recipient of the report, or its header). */
  readonly token: string | null;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded` (the first recipient's). */
  readonly action: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';
  /** The enhanced status code, e.g. `5.1.1`. */
  readonly status: string | null;
  /** The diagnostic's type and reply codes only, e.g. `smtp; 550 5.1.1` (its text may quote addresses). */
  readonly diagnostic: string | null;
}

/** The largest report taken: a DSN with the returned message is seldom over a few hundred KB. */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;

const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);
const VERP_TOKEN = /\+([0-9a-f]{32})@/i;
const HEADER_TOKEN = /^x-certa-delivery:[ \t]*([0-9a-f]{32})[ \t]*$/im;

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field: 'body' } });
}

/** RFC 822-style field blocks (separated by blank lines), names lower-cased, lines unfolded. */
function fieldBlocks(text: string): Map<string, string>[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/**
 * Reads a delivery status notification — the whole report message, as a relay returns it to the
 * envelope sender — with mailparser (DESIGN §5 "Delivery" says why a library): the
 * `message/delivery-status` part gives the first recipient's `Action`, `Status` and
 * `Diagnostic-Code` (kept as codes only); the token comes from the report's own recipient
 * (`Delivered-To`, `X-Original-To`, `To`: `bounces+<token>@…`), else from an `X-Certa-Delivery`
 * header in the returned message or headers. Anything that is not such a report is INVALID_INPUT.
 */
export async function parseDeliveryReport(raw: Buffer): Promise<DeliveryReport> {
  if (raw.length === 0) throw invalid('The body is empty: send the delivery report message.');
  if (raw.length > MAX_REPORT_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', 'A delivery report is at most 2 MB.');
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true });
  } catch (cause) {
    throw new AppError('INVALID_INPUT', 'The body is not a readable e-mail message.', {
      cause,
      details: { field: 'body' },
    });
  }
  const status = parsed.attachments.find((part) =>
    /^message\/(global-)?delivery-status$/i.test(part.contentType),
  );
  if (status === undefined)
    throw invalid(
      'This is not a delivery report: it has no message/delivery-status part (RFC 3464).',
    );
  const recipient = fieldBlocks(status.content.toString('utf8')).find((fields) =>
    fields.has('action'),
  );
  const action = recipient?.get('action')?.toLowerCase();
  if (recipient === undefined || action === undefined || !ACTIONS.has(action))
    throw invalid('The delivery report names no recipient with a valid Action field.');
  const statusCode = /^\d\.\d{1,3}\.\d{1,3}/.exec(recipient.get('status') ?? '')?.[0] ?? null;
  const diagnostic = recipient.get('diagnostic-code');
  const diagnosticCodes =
    diagnostic === undefined
      ? null
      : (/^([a-z-]+;\s*\d{3}(?:[ -]\d\.\d{1,3}\.\d{1,3})?)/i.exec(diagnostic)?.[1] ?? null);

  const envelopeToken = ['delivered-to', 'x-original-to', 'envelope-to', 'to']
    .flatMap((name) => {
      const value = parsed.headers.get(name);
      if (value === undefined) return [];
      // An address header is parsed into objects; their JSON holds every address as text.
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return [VERP_TOKEN.exec(text)?.[1]?.toLowerCase()];
    })
    .find((token) => token !== undefined);
  const returnedToken = parsed.attachments
    .filter((part) => /^(message\/(global|rfc822)|text\/rfc822-headers)/i.test(part.contentType))
    .map(
      (part) => HEADER_TOKEN.exec(part.content.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '')?.[1],
    )
    .find((token) => token !== undefined)
    ?.toLowerCase();
  const token = envelopeToken ?? returnedToken ?? null;
  return {
    token: token !== null && DELIVERY_TOKEN_PATTERN.test(token) ? token : null,
    action: action as DeliveryReport['action'],
    status: statusCode,
    diagnostic: diagnosticCodes,
  };
}
