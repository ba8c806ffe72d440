import { recordDeliveryReport } from '../delivery/record-delivery-report.js';
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

Exit codes: 0 recorded (or nothing to change), 2 not a delivery report or no token in it,
4 no current message has that token, 1 any other failure.`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values } = parseOptions(rest, {});
    if (values.help === true || action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (action !== 'bounce')
      throw new UsageError(`Unknown mail action "${action}"; the only one is "bounce".`);
    const raw = await readBytes(io);
    const outcome = await withLocalPlatform(io.env, (ctx) => recordDeliveryReport(ctx, raw));
    io.out(
      outcome.changed
        ? `Document ${outcome.documentId}: ${outcome.action}${outcome.status === null ? '' : ` (${outcome.status})`}, delivery now ${outcome.state}.`
        : `Document ${outcome.documentId}: ${outcome.action}${outcome.status === null ? '' : ` (${outcome.status})`}, delivery stays ${outcome.state}.`,
    );
    return EXIT.OK;
  },
};
