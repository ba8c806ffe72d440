import type { Mailer, MailMessage } from './mailer.js';

/**
 * Messages handed to the mailer at once: enough to overlap file writes or SMTP round trips,
 * few enough not to open hundreds of SMTP connections for one batch.
 */
export const MAIL_CONCURRENCY = 8;

/**
 * Sends every message, at most `concurrency` at a time, and resolves when all were delivered.
 * Rejects with the first failure once the messages already in flight have settled (none is
 * left running behind the caller's back); messages not started by then are not sent.
 */
export async function sendAll(
  mailer: Mailer,
  messages: readonly MailMessage[],
  concurrency = MAIL_CONCURRENCY,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < messages.length) {
      const message = messages[next];
      next += 1;
      if (message === undefined) return;
      try {
        await mailer.send(message);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, lane));
  if (failure !== undefined) throw failure.error;
}
