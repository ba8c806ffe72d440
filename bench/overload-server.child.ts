/**
 * The server of the overload benchmark, in its own process (as `certa serve` runs), so that the
 * load generator's own work does not count against the server: the real app on SQLite with
 * `n` + 1 pending documents, the first activated.
 *
 * Usage: node --import tsx bench/overload-server.child.ts <n>
 * Prints `READY {"baseUrl","termsVersion","links":[…],"pdf":"<base64>"}`; exits on `EXIT`.
 */
import readline from 'node:readline';
import { issueDocuments } from '../src/documents/issue-document.js';
import {
  CapturingMailer,
  cleanUpOnSignals,
  createBenchPlatform,
  issueInput,
  startBenchServer,
} from './bench-platform.js';
import { startWatchdog } from './watchdog.js';

cleanUpOnSignals();
startWatchdog('overload server');
const count = Number(process.argv[2] ?? '100');

const mailer = new CapturingMailer();
const platform = await createBenchPlatform({ dialect: 'sqlite', mailer });
try {
  const issued = await issueDocuments(
    platform.ctx,
    platform.actor,
    platform.organisationId,
    Array.from({ length: count + 1 }, (_, index) => issueInput(index)),
  );
  const links = issued.map((document) => {
    const link = mailer.links.get(document.id);
    if (link === undefined) throw new Error('no activation link captured');
    return link;
  });
  const server = await startBenchServer(platform.ctx);
  try {
    const [first, ...rest] = links;
    if (first === undefined) throw new Error('nothing issued');
    const info = (await (
      await fetch(`${server.baseUrl}/api/activations/${first.documentId}`)
    ).json()) as { terms: { version: number } };
    const activated = await fetch(`${server.baseUrl}/api/activations/${first.documentId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        secret: first.secret,
        acceptTerms: true,
        termsVersion: info.terms.version,
      }),
    });
    if (activated.status !== 200) throw new Error('the first activation failed');
    const pdf = await fetch(`${server.baseUrl}/api/activations/${first.documentId}/pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: first.secret }),
    });
    const pdfBytes = Buffer.from(await pdf.arrayBuffer());
    // One upload first, as a server that has been running a while: the first parse loads and
    // compiles the PDF and CMS code (hundreds of milliseconds once).
    const warm = await fetch(`${server.baseUrl}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: pdfBytes,
    });
    await warm.arrayBuffer();
    const ready = {
      baseUrl: server.baseUrl,
      termsVersion: info.terms.version,
      links: rest,
      pdf: pdfBytes.toString('base64'),
    };
    process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
    const commands = readline.createInterface({ input: process.stdin });
    for await (const line of commands) if (line === 'EXIT') break;
    commands.close();
    process.stdin.destroy();
  } finally {
    await server.close();
  }
} finally {
  await platform.close();
}
