import fs from 'node:fs';
import { buildDpoReport, buildSupervisoryBundle } from '../reports/dpo-report.js';
import type { Command } from './command.js';
import { parseOptions, UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { withLocalPlatform } from './local-platform.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Reports for the data protection officer (register of processing, counts)',
  usage: `certa report dpo [--export] [--output <file>]

Prints the DPO's report as JSON: the register of processing generated from this installation's
configuration (the same environment as certa serve) and the counts of holders' requests, data
views, exports, restrictions, erasures and consents by month. With --export, the bundle for a
supervisory authority instead: the report plus every published terms version in English and
French with its acceptances by language (recorded in the audit trail). Nobody's personal data.
--output writes the JSON to a file (mode 0600) instead of the standard output.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { export: { type: 'boolean' }, output: { type: 'string' } },
      true,
    );
    if (values.help === true) {
      io.out(this.usage);
      return EXIT.OK;
    }
    if (positionals.length !== 1 || positionals[0] !== 'dpo')
      throw new UsageError('Name the report: certa report dpo [--export] [--output <file>].');
    const report = await withLocalPlatform(io.env, (ctx) =>
      values.export === true
        ? buildSupervisoryBundle(ctx, { actorType: 'system', actorId: null })
        : buildDpoReport(ctx),
    );
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (values.output === undefined) {
      io.out(json.trimEnd());
      return EXIT.OK;
    }
    try {
      fs.writeFileSync(values.output, json, { mode: 0o600 });
    } catch (error) {
      io.err(
        `Cannot write ${values.output} (${(error as NodeJS.ErrnoException).code ?? 'error'}): choose a file in a folder that exists and that you may write to.`,
      );
      return EXIT.FAILED;
    }
    io.out(`The ${values.export === true ? 'export' : 'report'} is in ${values.output}.`);
    return EXIT.OK;
  },
};
