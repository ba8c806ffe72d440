import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/certa-process.js';
import {
  activate,
  activationLinkFor,
  issueOne,
  newApprovedIssuer,
} from '../../helpers/factories.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { freePort, serveAlsoOn } from './cli-harness.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Only what npm and node need: nothing of this process (no CERTA_URL, no npm_config_* of a parent npm). */
function cleanEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir() };
}

/** Runs a command asynchronously (the test platform in this process must keep answering). */
function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        out: Buffer.concat(out).toString('utf8'),
        err: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/**
 * The verifier as someone elsewhere gets it: `npm pack` of verifier/, installed into an empty
 * folder outside this repository (so nothing of the server's node_modules can be found), then
 * `npx @certa/verifier <file.pdf>`.
 */
describe('@certa/verifier installed on its own from its tarball', () => {
  let platform: TestPlatform;
  let alias: { close(): Promise<void> };
  let publicUrl: string;
  let work: string;
  let installDir: string;
  let pdfFile: string;
  let documentId: string;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    platform = await startTestPlatform('sqlite', { PUBLIC_URL: publicUrl });
    alias = await serveAlsoOn(platform, port);
    const issuer = await newApprovedIssuer(platform, 'Tarball University');
    documentId = await issueOne(platform, issuer, { title: 'Certificate of Packaging' });
    const { pdf } = await activate(platform, await activationLinkFor(platform, documentId));

    work = fs.mkdtempSync(path.join(os.tmpdir(), 'certa-verifier-package-'));
    pdfFile = path.join(work, 'diploma.pdf');
    fs.writeFileSync(pdfFile, pdf);

    const packDir = path.join(work, 'pack');
    fs.mkdirSync(packDir);
    const packed = await run(
      'npm',
      ['pack', '--json', '--pack-destination', packDir],
      path.join(PROJECT_ROOT, 'verifier'),
    );
    expect(packed.code, packed.err).toBe(0);
    const [tarball] = JSON.parse(packed.out.slice(packed.out.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    expect(tarball).toBeDefined();
    const shipped = tarball!.files.map((file) => file.path);
    expect(shipped).toContain('dist/cli/certa-verify.js');
    expect(shipped).toContain('dist/index.d.ts');
    expect(shipped).toContain('dist/browser.js');
    expect(shipped).toContain('dist/browser.bundle.js');
    expect(
      shipped.filter((file) => /\.test\.|test-support|\.ts$/.test(file) && !file.endsWith('.d.ts')),
    ).toEqual([]);

    installDir = path.join(work, 'empty-folder');
    fs.mkdirSync(installDir);
    fs.writeFileSync(
      path.join(installDir, 'package.json'),
      JSON.stringify({ name: 'someone-elsewhere', private: true }),
    );
    const tarballPath = path.join(packDir, path.basename(tarball!.filename));
    const npmInstall = (mode: string) =>
      run('npm', ['install', mode, '--no-audit', '--no-fund', tarballPath], installDir);
    // The packages are in npm's cache after the repository's own install; npm only lacks their
    // registry metadata the first time, which --prefer-offline fetches once (the registry is the
    // one network address this machine reaches).
    let installed = await npmInstall('--offline');
    if (installed.code !== 0 && /ENOTCACHED/.test(installed.err))
      installed = await npmInstall('--prefer-offline');
    expect(installed.code, installed.err).toBe(0);
    // npm pack builds the package (tsc, then the browser bundle) and npm installs it: minutes
    // on a busy 2-core machine, not the default hook minute.
  }, 300_000);
  afterAll(async () => {
    await alias?.close();
    await platform?.close();
    if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
  });

  it('the install holds the verifier and what it declares, nothing of the server', () => {
    const modules = fs.readdirSync(path.join(installDir, 'node_modules'));
    expect(modules).toEqual(
      expect.arrayContaining(['@certa', '@noble', 'pdf-lib', 'pkijs', 'asn1js']),
    );
    for (const server of ['fastify', 'kysely', 'better-sqlite3', 'pg', 'pdfkit', 'nodemailer'])
      expect(modules).not.toContain(server);
    // The folder is outside the repository: node cannot reach the server's node_modules.
    expect(path.relative(PROJECT_ROOT, installDir).startsWith('..')).toBe(true);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'verifier', 'dist'))).toBe(false);
  });

  it('npx @certa/verifier <file.pdf> verifies it, finding the platform in the PDF, exit 0', async () => {
    const result = await run('npx', ['@certa/verifier', pdfFile], installDir);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^✔ integrity /m);
    expect(result.out).toMatch(/^✔ signature /m);
    expect(result.out).toMatch(/^✔ record /m);
    expect(result.out).toContain(`\nVALID: “Certificate of Packaging” (${documentId})\n`);
    expect(result.out).toContain(`\nPlatform: ${publicUrl} (named by the PDF's signed record)\n`);
  });

  it('npx @certa/verifier --version prints its version; no argument prints the usage and exits 2', async () => {
    const version = await run('npx', ['@certa/verifier', '--version'], installDir);
    expect(version.code, version.err).toBe(0);
    expect(version.out).toBe('certa-verify 0.1.0\n');
    const bare = await run('npx', ['@certa/verifier'], installDir);
    expect(bare.code).toBe(2);
    expect(bare.out).toContain('Usage: certa-verify <file.pdf>');
  });

  it('with the platform unreachable it reports the checks made here and UNKNOWN, exit 3', async () => {
    const result = await run(
      'npx',
      ['@certa/verifier', pdfFile, '--url', 'http://127.0.0.1:1'],
      installDir,
    );
    expect(result.code).toBe(3);
    expect(result.err).toBe(
      'Could not reach the platform at http://127.0.0.1:1 (given with --url): no connection; the checks that need it are unknown.\n',
    );
    expect(result.out).toMatch(/^✔ signature /m);
    expect(result.out).toMatch(/^UNKNOWN: SHA-256 [0-9a-f]{64}$/m);
  });
});
