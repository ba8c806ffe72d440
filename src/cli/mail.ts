import {
  IGNORED_REPORT_SENTENCE,
  recordDeliveryReport,
} from '../delivery/record-delivery-report.js';
import { isAppError } from '../errors.js';
import type { Command, CommandIo } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';

async function readBytes(io: CommandIo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * The exit codes an MTA's pipe transport reads (sysexits.h; Postfix pipe(8): 0 delivered,
 * EX_TEMPFAIL kept in the queue and tried again, every other code returned as undeliverable).
 */
const SYSEXITS = { OK: 0, DATAERR: 65, TEMPFAIL: 75 } as const;

/** Errors of a report that is not one: no retry will make it readable. */
const DATA_ERRORS = new Set(['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA']);

export const mailCommand: Command = {
  name: 'mail',
  summary: 'Mail delivery on this host (mail bounce < report.eml)',
  usage: `certa mail bounce < report.eml

Reads one delivery report (a bounce: RFC 3464 multipart/report; report-type=delivery-status)
from standard input and records it in the local database (the one DATABASE_URL names), exactly
as POST /api/mail/bounces does: "Action: failed" marks the document's delivery bounced with the
report's codes and emits document.delivery_failed; "delayed" keeps it deferred. The report is
found by the +<token> of its recipient (MAIL_BOUNCE_ADDRESS, e.g. bounces+<token>@example.org)
or the X-Certa-Delivery header of the returned message. For an MTA's pipe transport, e.g.
Postfix master.cf:  certa-bounce unix - n n - - pipe
  flags=DORq user=certa argv=/usr/local/bin/certa mail bounce

Exit codes (sysexits, as an MTA's pipe reads them): 0 recorded, or nothing to change, or
ignored because no current message has its token (a link re-sent since, or another platform's
message: one sentence on stderr says so); 65 (EX_DATAERR) not a delivery report, or no token in
it, or over 2 MB — the MTA returns it, retrying cannot help; 75 (EX_TEMPFAIL) it could not be
recorded now (database unreachable, configuration) — the MTA keeps it and tries again; 2 wrong
usage of this command.`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values } = parseOptions(rest, {});
    if (values.help === true || action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (action !== 'bounce')
      throw new UsageError(`Unknown mail action "${action}"; the only one is "bounce".`);
    let outcome;
    try {
      const raw = await readBytes(io);
      outcome = await withLocalPlatform(io.env, (ctx) => recordDeliveryReport(ctx, raw));
    } catch (error) {
      if (isAppError(error) && DATA_ERRORS.has(error.code)) {
        io.err(`${error.message}\n`);
        return SYSEXITS.DATAERR;
      }
      io.err(
        `The delivery report could not be recorded now (${isAppError(error) ? error.code : error instanceof Error ? error.name : 'failure'}); the mail system should keep it and try again.\n`,
      );
      return SYSEXITS.TEMPFAIL;
    }
    if (outcome.ignored) {
      io.err(`${IGNORED_REPORT_SENTENCE}\n`);
      return SYSEXITS.OK;
    }
    io.out(
      outcome.changed
        ? `Document ${outcome.documentId}: ${outcome.action}${outcome.status === null ? '' : ` (${outcome.status})`}, delivery now ${outcome.state}.`
        : `Document ${outcome.documentId}: ${outcome.action}${outcome.status === null ? '' : ` (${outcome.status})`}, delivery stays ${outcome.state}.`,
    );
    return SYSEXITS.OK;
  },
};
