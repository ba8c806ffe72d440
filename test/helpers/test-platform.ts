import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { DomainProofOptions } from '../../src/issuers/domain-proof.js';
import { createLogger } from '../../src/logging.js';
import { openPlatform } from '../../src/platform.js';
import { createTempDir, createTestDatabase } from './test-database.js';
import type { Dialect } from './test-database.js';

/** A clock tests can move forward (expiry, locks). */
export class TestClock {
  #offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.#offsetMs);
  advance(ms: number): void {
    this.#offsetMs += ms;
  }
  /** Back to real time (call after tests that moved the clock). */
  reset(): void {
    this.#offsetMs = 0;
  }
}

export interface TestPlatform {
  readonly ctx: AppContext;
  readonly app: FastifyInstance;
  readonly config: Config;
  /** http://127.0.0.1:<random port> — a real server. */
  readonly baseUrl: string;
  readonly clock: TestClock;
  readonly dataDir: string;
  /** Every log line the server wrote. */
  readonly logLines: string[];
  close(): Promise<void>;
}

/**
 * Starts the whole platform as `certa serve` would — real database of the dialect, files in a
 * temp data dir, real HTTP server on a random port — and records every log line.
 */
export async function startTestPlatform(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: {
    rateLimits?: boolean;
    /** Test-only domain proof relaxations (e.g. `.well-known` over plain HTTP on 127.0.0.1). */
    domainProofForTests?: DomainProofOptions['unsafeForTests'];
  } = {},
): Promise<TestPlatform> {
  const dir = createTempDir();
  const database = await createTestDatabase(dialect, dir.path);
  const databaseUrl =
    database.config.dialect === 'sqlite' ? `sqlite:${database.config.file}` : database.config.url;
  const config = loadConfig({
    DATA_DIR: dir.path,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    PORT: '0',
    // No test reaches the internet: anchoring is off unless a test points it at stand-ins.
    ANCHOR_BACKENDS: 'none',
    ...env,
  });
  const clock = new TestClock();
  const platform = await openPlatform(config, {
    now: clock.now,
    ...(options.domainProofForTests === undefined
      ? {}
      : { domainProofForTests: options.domainProofForTests }),
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const app = await buildApp({
    ctx: platform.ctx,
    logger: createLogger('info', destination),
    trustProxy: config.trustProxy,
    server: config.server,
    rateLimits: options.rateLimits ?? true,
    consoleDir: config.consoleDir,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    ctx: platform.ctx,
    app,
    config,
    baseUrl,
    clock,
    dataDir: config.dataDir,
    logLines,
    async close() {
      await app.close();
      await platform.close();
      await database.drop();
      dir.remove();
    },
  };
}
