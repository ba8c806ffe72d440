import { ORGANISATION_STATUSES } from '../db/tables/organisations.table.js';
import type { OrganisationStatus } from '../db/tables/organisations.table.js';
import { approveIssuer, listIssuers, rejectIssuer } from '../issuers/review-issuer.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';

const STATUSES = ORGANISATION_STATUSES;

export const issuerCommand: Command = {
  name: 'issuer',
  summary: 'Review issuers on this host (issuer list | approve | reject)',
  usage: `certa issuer list [--status draft|submitted|more_info_requested|approved|rejected|suspended] [--json]
certa issuer approve <issuerId>
certa issuer reject <issuerId>

Acts on the local database as the host operator (platform admins can do the same over HTTP:
/api/admin/issuers). An approved issuer may issue documents.`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values, positionals } = parseOptions(
      rest,
      { status: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    if (values.help === true || action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (action === 'list') {
      const status = values.status as OrganisationStatus | undefined;
      if (status !== undefined && !STATUSES.includes(status))
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}.`);
      const issuers = await withLocalPlatform(io.env, (ctx) =>
        listIssuers(ctx, { kind: 'host' }, status),
      );
      if (values.json === true) io.out(JSON.stringify(issuers, null, 2));
      else if (issuers.length === 0) io.out('No issuers.');
      else
        for (const issuer of issuers)
          io.out(`${issuer.id}  ${issuer.status.padEnd(14)}  ${issuer.name}`);
      return EXIT.OK;
    }
    if (action !== 'approve' && action !== 'reject')
      throw new UsageError(`Unknown issuer action "${action}"; use list, approve or reject.`);
    const [issuerId] = positionals;
    if (issuerId === undefined || positionals.length !== 1)
      throw new UsageError(`issuer ${action} needs exactly one issuer id.`);
    const decide = action === 'approve' ? approveIssuer : rejectIssuer;
    const profile = await withLocalPlatform(io.env, (ctx) =>
      decide(ctx, { kind: 'host' }, issuerId),
    );
    io.out(`${profile.name} (${profile.id}) is now ${profile.status}.`);
    return EXIT.OK;
  },
};
