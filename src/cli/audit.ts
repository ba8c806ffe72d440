import { verifyAuditChain, type ChainVerification } from '../audit/verify-chain.js';
import { loadConfig } from '../config.js';
import { listAuditEntries, type AuditEntryFilter } from '../db/repositories/audit.repository.js';
import { findOrganisationByPublicId } from '../db/repositories/organisation.repository.js';
import type { Command, CommandIo } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';

const USAGE = `certa audit verify [--from-anchor] [--json]
certa audit show [--organisation <id>] [--action <action>] [--actor <id>] [--since <date>]
                 [--until <date>] [--limit <n>] [--json]

verify  checks the whole audit chain in the local database (the one DATABASE_URL names): every
        entry in order (seq 1, 2, 3…), each one's prevHash equal to the previous entry's hash,
        each hash equal to SHA-256(prevHash || canonical JSON of the entry), and every chain head
        put into an anchor batch (its leaf digest, its Merkle path, the chain's hash at its seq).
        Names the first broken link. --from-anchor starts at the newest head anchored in Bitcoin
        instead of seq 1 (a quick check of what came since). Exit 0 when intact, 1 when broken.
show    lists entries, newest first (50 by default, at most 10000): seq, time, actor, action,
        organisation, target, detail; --json prints one JSON object per line with the hashes.
        --since/--until take ISO dates or times (UTC); --organisation an organisation's public id.`;

function describeResult(result: ChainVerification): string[] {
  const lines: string[] = [];
  const anchored = result.lastAnchoredHead;
  const anchorText =
    anchored === null
      ? 'no head is anchored in Bitcoin yet'
      : `last head anchored in Bitcoin: seq ${anchored.seq}` +
        (anchored.bitcoinTime === null ? '' : ` (block time ${anchored.bitcoinTime})`);
  if (result.ok) {
    lines.push(
      `The audit chain is intact: ${result.checked} entries checked from seq ${result.fromSeq} up to seq ${result.head.seq}; ${result.anchoredHeads} heads put into anchor batches; ${anchorText}.`,
    );
    lines.push(`Head: seq ${result.head.seq}, hash ${result.head.hash}`);
  } else if (result.break !== null) {
    lines.push(`The audit chain is broken at seq ${result.break.seq}: ${result.break.message}`);
    lines.push(
      `Intact up to seq ${result.head.seq} (${result.checked} entries checked); ${anchorText}.`,
    );
  }
  return lines;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000.');
  return limit;
}

function parseTime(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new UsageError(`${option} must be an ISO date or time.`);
  return new Date(time).toISOString();
}

async function verify(io: CommandIo, fromAnchor: boolean, json: boolean): Promise<number> {
  // A long chain is checked by a thread per CPU, each with its own connection to the same database.
  const parallel = { database: loadConfig(io.env).database };
  const result = await withLocalPlatform(io.env, (ctx) =>
    verifyAuditChain(ctx.db, { fromAnchor, parallel }),
  );
  if (json) io.out(JSON.stringify(result));
  else
    for (const line of describeResult(result)) {
      if (result.ok) io.out(line);
      else io.err(line);
    }
  return result.ok ? EXIT.OK : EXIT.FAILED;
}

async function show(
  io: CommandIo,
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  const str = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const limit = parseLimit(str('limit'));
  const from = parseTime(str('since'), '--since');
  const to = parseTime(str('until'), '--until');
  const rows = await withLocalPlatform(io.env, async (ctx) => {
    const filter: { -readonly [K in keyof AuditEntryFilter]: AuditEntryFilter[K] } = {};
    const organisation = str('organisation');
    if (organisation !== undefined) {
      const row = await findOrganisationByPublicId(ctx.db, organisation);
      if (row === undefined) throw new UsageError(`No organisation has the id "${organisation}".`);
      filter.organisationId = row.id;
    }
    const action = str('action');
    if (action !== undefined) filter.action = action;
    const actor = str('actor');
    if (actor !== undefined) filter.actorId = actor;
    if (from !== undefined) filter.from = from;
    if (to !== undefined) filter.to = to;
    return listAuditEntries(ctx.db, filter, limit);
  });
  for (const row of rows) {
    if (values.json === true) {
      io.out(JSON.stringify({ ...row, seq: Number(row.seq) }));
      continue;
    }
    const actor = `${row.actorType}${row.actorId === null ? '' : `:${row.actorId}`}`;
    io.out(
      [
        String(row.seq).padStart(7),
        row.occurredAt,
        actor,
        row.action,
        row.organisationId === null ? '-' : `org#${row.organisationId}`,
        row.targetId ?? '-',
        row.detail ?? '',
      ].join('  '),
    );
  }
  if (rows.length === 0 && values.json !== true) io.out('No audit entries match.');
  return EXIT.OK;
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Check and read the hash-chained audit trail (audit verify, audit show)',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === undefined || action === '--help' || action === '-h') {
      io.out(this.usage);
      return action === undefined ? EXIT.USAGE : EXIT.OK;
    }
    const { values } = parseOptions(rest, {
      'from-anchor': { type: 'boolean' },
      json: { type: 'boolean' },
      organisation: { type: 'string' },
      action: { type: 'string' },
      actor: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
    });
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (action === 'verify') {
      const extra = ['organisation', 'action', 'actor', 'since', 'until', 'limit'].find(
        (name) => (values as Record<string, unknown>)[name] !== undefined,
      );
      if (extra !== undefined) throw new UsageError(`audit verify takes no --${extra}.`);
      return verify(io, values['from-anchor'] === true, values.json === true);
    }
    if (action === 'show') {
      if (values['from-anchor'] === true)
        throw new UsageError('--from-anchor belongs to audit verify.');
      return show(io, values);
    }
    throw new UsageError(`Unknown audit action "${action}"; use "verify" or "show".`);
  },
};
