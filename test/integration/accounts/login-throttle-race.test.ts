import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../../../src/accounts/log-in.js';
import { AppError } from '../../../src/errors.js';
import { DIALECTS } from '../../helpers/test-database.js';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { enrolTwoFactor } from '../../helpers/two-factor.js';
import { logIn as logInOverHttp, newUser } from './session-helpers.js';

const ATTEMPTS = 60;

/** Fires `ATTEMPTS` log-ins at once, each from its own address; returns the error codes. */
async function burst(
  platform: TestPlatform,
  input: { email: string; password: string; code?: string },
): Promise<string[]> {
  const answers = await Promise.allSettled(
    Array.from({ length: ATTEMPTS }, (_, index) =>
      logIn(platform.ctx, input, {
        clientAddress: `198.51.100.${index + 1}`,
      }),
    ),
  );
  return answers.map((answer) =>
    answer.status === 'fulfilled'
      ? 'LOGGED_IN'
      : answer.reason instanceof AppError
        ? answer.reason.code
        : String(answer.reason),
  );
}

function tally(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

for (const dialect of DIALECTS) {
  describe(`the log-in throttle under concurrent attempts (${dialect})`, () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform(dialect);
    });
    afterAll(async () => platform.close());

    it('60 wrong passwords sent at once from 60 addresses: only the 4 free attempts are checked', async () => {
      const person = await newUser(platform, 'raced');
      const counts = tally(await burst(platform, { email: person.email, password: 'wrong guess' }));
      expect(counts).toEqual({ INVALID_CREDENTIALS: 4, RATE_LIMITED: ATTEMPTS - 4 });
      // The right password is refused too while the block lasts.
      await expect(
        logIn(
          platform.ctx,
          { email: person.email, password: person.password },
          { clientAddress: '198.51.100.200' },
        ),
      ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    });

    it('60 wrong TOTP codes sent at once with the right password: only 4 are checked', async () => {
      const person = await newUser(platform, 'raced-totp');
      const { token } = await logInOverHttp(platform, person);
      await enrolTwoFactor(platform, token, person.password);
      await platform.ctx.db.deleteFrom('loginThrottles').execute();
      const counts = tally(
        await burst(platform, { email: person.email, password: person.password, code: '000000' }),
      );
      expect(counts).toEqual({ INVALID_CREDENTIALS: 4, RATE_LIMITED: ATTEMPTS - 4 });
    });

    it('a right password without its code is not counted as a failure', async () => {
      const person = await newUser(platform, 'owes-code');
      const { token } = await logInOverHttp(platform, person);
      await enrolTwoFactor(platform, token, person.password);
      await platform.ctx.db.deleteFrom('loginThrottles').execute();
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        await expect(
          logIn(
            platform.ctx,
            { email: person.email, password: person.password },
            { clientAddress: '198.51.100.201' },
          ),
        ).rejects.toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
      }
    });
  });
}
