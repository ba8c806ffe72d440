import { expect } from 'vitest';
import { decodeBase32, totpCode, totpTimeStep } from '../../src/accounts/totp.js';
import { call } from './http.js';
import type { TestPlatform } from './test-platform.js';

/** The TOTP code of a base32 secret at `at` (default: now, real time). */
export function totpNow(secret: string, at: Date = new Date()): string {
  return totpCode(secretBytes(secret), totpTimeStep(at));
}

function secretBytes(secret: string): Buffer {
  const bytes = decodeBase32(secret);
  if (bytes === null) throw new Error('not a base32 secret');
  return bytes;
}

/** The last time step each secret's helper code was used for (the server refuses replays). */
const lastStepUsed = new Map<string, number>();

/**
 * A TOTP code the server has not seen yet from these helpers: the current step (by the platform's
 * clock), or the next one (the server accepts ±1 step). When both were used, the platform clock
 * moves on by one period (30 s) first.
 */
export function freshTotp(platform: TestPlatform, secret: string): string {
  let current = totpTimeStep(platform.clock.now());
  const last = lastStepUsed.get(secret);
  if (last !== undefined && last >= current + 1) {
    platform.clock.advance((last - current) * 30_000);
    current = totpTimeStep(platform.clock.now());
  }
  const step = last === undefined || last < current ? current : last + 1;
  lastStepUsed.set(secret, step);
  return totpCode(secretBytes(secret), step);
}

export interface TwoFactorEnrolment {
  /** The TOTP secret (base32). */
  secret: string;
  /** A new session token, logged in with password and code: it passed the second factor. */
  token: string;
  /** The session token used for enrolment (it passed the second factor too, at confirmation). */
  enrolmentToken: string;
  recoveryCodes: string[];
}

/** Turns TOTP on for the user of `token` over HTTP and logs in again with a code. */
export async function enrolTwoFactor(
  platform: TestPlatform,
  token: string,
  password: string,
): Promise<TwoFactorEnrolment> {
  const started = await call<{ secret: string; otpauthUri: string }>(
    platform.baseUrl,
    'POST',
    '/api/me/two-factor',
    { token, json: { password } },
  );
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const secret = started.body.secret;
  const confirmed = await call<{ recoveryCodes: string[] }>(
    platform.baseUrl,
    'POST',
    '/api/me/two-factor/confirm',
    { token, json: { code: freshTotp(platform, secret) } },
  );
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  const me = await call<{ email: string }>(platform.baseUrl, 'GET', '/api/me', { token });
  expect(me.status).toBe(200);
  const newToken = await logInWithCode(platform, me.body.email, password, secret);
  return {
    secret,
    token: newToken,
    enrolmentToken: token,
    recoveryCodes: confirmed.body.recoveryCodes,
  };
}

/** Logs in with password and a fresh TOTP code; returns the session token. */
export async function logInWithCode(
  platform: TestPlatform,
  email: string,
  password: string,
  secret: string,
): Promise<string> {
  const session = await call<{ token: string }>(platform.baseUrl, 'POST', '/api/sessions', {
    json: { email, password, code: freshTotp(platform, secret) },
  });
  expect(session.status, JSON.stringify(session.body)).toBe(201);
  return session.body.token;
}
