import { ORGANISATION_STATUSES } from '../db/tables/organisations.table.js';
import type { OrganisationStatus } from '../db/tables/organisations.table.js';
import {
  approveIssuer,
  listIssuers,
  rejectIssuer,
  requestMoreInformation,
  suspendIssuer,
  type DecisionOutcome,
  type IssuerSummary,
} from '../issuers/review-issuer.js';
import type { Command, CommandIo } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';

const STATUSES = ORGANISATION_STATUSES;
const ACTIONS = ['list', 'approve', 'reject', 'request-info', 'suspend'] as const;

/** The domain proof as the review queue shows it. */
function domainProofState(issuer: IssuerSummary): string {
  if (issuer.domain === null) return 'none';
  return `${issuer.domainVerified ? 'verified' : 'not verified'} (${issuer.domain})`;
}

/** The plain listing: a header row, then one row per issuer (the name last: it may hold spaces). */
export function issuerTable(issuers: readonly IssuerSummary[]): string {
  const rows = [
    ['ID', 'STATUS', 'DOMAIN PROOF', 'EVIDENCE', 'NAME'],
    ...issuers.map((issuer) => [
      issuer.id,
      issuer.status,
      domainProofState(issuer),
      String(issuer.evidenceCount),
      issuer.name,
    ]),
  ];
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
    )
    .join('\n');
}

function report(io: CommandIo, outcome: DecisionOutcome): void {
  io.out(`${outcome.name} (${outcome.id}) is now ${outcome.status}.`);
  const told =
    outcome.notified === 1 ? '1 owner or admin' : `${outcome.notified} owners and admins`;
  io.out(`E-mailed ${told}.`);
  for (const failure of outcome.notificationFailures) {
    io.err(
      `The e-mail to user ${failure.userId} could not be sent (${failure.error}); the decision stands.\n`,
    );
  }
}

export const issuerCommand: Command = {
  name: 'issuer',
  summary: 'Review issuers on this host (issuer list | approve | reject | request-info | suspend)',
  usage: `certa issuer list [--status ${STATUSES.join('|')}] [--json]
certa issuer approve <issuerId> [--without-domain-proof --reason <text>]
certa issuer reject <issuerId> --reason <text>
certa issuer request-info <issuerId> --reason <text>
certa issuer suspend <issuerId> --reason <text>

Acts on the local database as the host operator (platform admins can do the same over HTTP:
/api/admin/issuers). The queue is "list --status submitted", oldest submission first. approve,
reject and request-info apply only to submitted applications; each is recorded in the audit log
and e-mailed to the organisation's owners and admins (the reason too). An approved issuer may
issue documents; after request-info, the applicant can edit the application and submit it again.
approve needs a verified domain; --without-domain-proof --reason <text> (10 characters or more)
approves without it, keeps the reason on record, and the public profile says "Domain not verified".
suspend stops an approved issuer from issuing (its documents stay verifiable), like POST
/api/admin/issuers/<id>/suspend; the reason is recorded and sent to its owners and admins.
The list shows each issuer's domain proof (verified, not verified, or none) and how many
evidence files it attached.`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values, positionals } = parseOptions(
      rest,
      {
        status: { type: 'string' },
        json: { type: 'boolean' },
        reason: { type: 'string' },
        'without-domain-proof': { type: 'boolean' },
      },
      true,
    );
    if (values.help === true || action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(
        `Unknown issuer action "${action.slice(0, 40)}"; use ${ACTIONS.join(', ')}.`,
      );
    if (action === 'list') {
      const status = values.status as OrganisationStatus | undefined;
      if (status !== undefined && !STATUSES.includes(status))
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}.`);
      if (values.reason !== undefined) throw new UsageError('issuer list takes no --reason.');
      const issuers = await withLocalPlatform(io.env, (ctx) =>
        listIssuers(ctx, { kind: 'host' }, status),
      );
      if (values.json === true) io.out(JSON.stringify(issuers, null, 2));
      else if (issuers.length === 0) io.out('No issuers.');
      else io.out(issuerTable(issuers));
      return EXIT.OK;
    }
    const [issuerId] = positionals;
    if (issuerId === undefined || positionals.length !== 1)
      throw new UsageError(`issuer ${action} needs exactly one issuer id.`);
    const reason = values.reason;
    const withoutDomainProof = values['without-domain-proof'] === true;
    if (action === 'approve') {
      if (withoutDomainProof && (reason === undefined || reason.trim() === ''))
        throw new UsageError(
          'issuer approve --without-domain-proof needs --reason <text>: say why the domain is not verified.',
        );
      if (!withoutDomainProof && reason !== undefined)
        throw new UsageError('issuer approve takes --reason only with --without-domain-proof.');
      report(
        io,
        await withLocalPlatform(io.env, (ctx) =>
          approveIssuer(
            ctx,
            { kind: 'host' },
            issuerId,
            withoutDomainProof ? { approveWithoutDomainProof: true, reason } : {},
          ),
        ),
      );
      return EXIT.OK;
    }
    if (withoutDomainProof)
      throw new UsageError(`issuer ${action} takes no --without-domain-proof.`);
    if (reason === undefined || reason.trim() === '')
      throw new UsageError(
        `issuer ${action} needs --reason <text>, which the organisation is sent.`,
      );
    const decide =
      action === 'reject'
        ? rejectIssuer
        : action === 'suspend'
          ? suspendIssuer
          : requestMoreInformation;
    report(
      io,
      await withLocalPlatform(io.env, (ctx) => decide(ctx, { kind: 'host' }, issuerId, reason)),
    );
    return EXIT.OK;
  },
};
