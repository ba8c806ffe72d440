import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { openPlatform } from '../platform.js';

/** Runs `work` against the platform's own database (host commands: admin, issuer review). */
export async function withLocalPlatform<T>(
  env: Readonly<Record<string, string | undefined>>,
  work: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const platform = await openPlatform(loadConfig(env));
  try {
    return await work(platform.ctx);
  } finally {
    await platform.close();
  }
}
