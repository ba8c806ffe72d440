import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main.js';
import type { TestPlatform } from '../../helpers/test-platform.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process with a fake terminal: what it printed, and its exit code. */
export async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdin: Readable.from(stdin === '' ? [] : [Buffer.from(stdin)]),
    out: (text) => out.push(`${text}\n`),
    err: (text) => err.push(text),
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** A TCP port nobody listens on right now (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Serves `platform` also on 127.0.0.1:`port` (the port its PUBLIC_URL names), handing each
 * request to the same Fastify instance: the platform then answers at the address it writes into
 * its PDFs, as a deployment on a non-default port would.
 */
export async function serveAlsoOn(
  platform: TestPlatform,
  port: number,
): Promise<{ close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    platform.app.server.emit('request', request, response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The environment host commands (admin, issuer, outbox) need to act on the platform's own data. */
export function hostEnv(platform: TestPlatform): Record<string, string> {
  const { database } = platform.config;
  return {
    DATA_DIR: platform.dataDir,
    DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.file}` : database.url,
    LOG_LEVEL: 'warn',
  };
}
