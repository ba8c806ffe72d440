import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../config.js';
import { writeProbe } from '../storage/local-blob-store.js';
import { composeMessage } from './compose-message.js';
import { DELIVERY_HEADER, verpAddress } from './mailer.js';
import type { Mailer, MailMessage } from './mailer.js';

/** Only tokens Certa makes (hex) go into a header or an envelope address. */
const TOKEN_PATTERN = /^[0-9a-f]{16,64}$/;

/** The message's bytes with the delivery header first (a header line may open any message). */
function withDeliveryHeader(bytes: Buffer, token: string | undefined, newline: string): Buffer {
  if (token === undefined || !TOKEN_PATTERN.test(token)) return bytes;
  return Buffer.concat([Buffer.from(`${DELIVERY_HEADER}: ${token}${newline}`, 'ascii'), bytes]);
}

/**
 * Sends through an SMTP server (nodemailer) over a pool of connections, at most `ratePerSecond`
 * messages a second: one connection per message cost ten times the time (issue 12: 74 against
 * 919 messages/s on loopback).
 */
class SmtpMailer implements Mailer {
  readonly #transport: Transporter;
  readonly #from: string;
  readonly #bounceAddress: string | null;

  constructor(config: {
    url: string;
    from: string;
    poolConnections: number;
    ratePerSecond: number;
    bounceAddress: string | null;
  }) {
    this.#bounceAddress = config.bounceAddress;
    this.#transport = nodemailer.createTransport({
      url: config.url,
      pool: true,
      maxConnections: config.poolConnections,
      maxMessages: 1_000,
      rateDelta: 1_000,
      rateLimit: config.ratePerSecond,
    });
    this.#from = config.from;
  }

  async send(message: MailMessage): Promise<void> {
    const { deliveryToken, ...content } = message;
    const token =
      deliveryToken !== undefined && TOKEN_PATTERN.test(deliveryToken) ? deliveryToken : undefined;
    // VERP: the relay returns a delivery report to the envelope sender, which names the message.
    const returnPath =
      token !== undefined && this.#bounceAddress !== null
        ? verpAddress(this.#bounceAddress, token)
        : undefined;
    const composed = composeMessage(this.#from, content);
    await this.#transport.sendMail(
      composed === null
        ? {
            from: this.#from,
            ...content,
            ...(returnPath === undefined ? {} : { envelope: { from: returnPath, to: content.to } }),
            ...(token === undefined ? {} : { headers: { [DELIVERY_HEADER]: token } }),
          }
        : {
            envelope: {
              ...composed.envelope,
              ...(returnPath === undefined ? {} : { from: returnPath }),
            },
            raw: withDeliveryHeader(composed.bytes, token, '\r\n'),
          },
    );
  }

  /** The relay answers and accepts our greeting (and credentials); remembered for 30 s. */
  async check(): Promise<void> {
    const now = Date.now();
    if (this.#checkedAt !== null && now - this.#checkedAt < 30_000) return;
    const timeout = new Promise<never>((_resolve, reject) => {
      setTimeout(() => reject(new Error('SMTP check timed out')), 5_000).unref();
    });
    await Promise.race([this.#transport.verify(), timeout]);
    this.#checkedAt = now;
  }

  #checkedAt: number | null = null;

  close(): Promise<void> {
    this.#transport.close();
    return Promise.resolve();
  }
}

/**
 * Writes each message as an RFC 5322 `.eml` file into a directory: the embedded default, for
 * a machine without a mail relay. Files are written atomically and readable only by the owner.
 */
class OutboxMailer implements Mailer {
  readonly #transport: Transporter;
  readonly #directory: string;
  readonly #from: string;
  constructor(directory: string, from: string) {
    this.#transport = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'unix',
    });
    this.#directory = directory;
    this.#from = from;
  }

  async send(message: MailMessage): Promise<void> {
    const { deliveryToken, ...content } = message;
    const bytes = withDeliveryHeader(
      composeMessage(this.#from, content, { newline: '\n' })?.bytes ??
        (
          (await this.#transport.sendMail({ from: this.#from, ...content })) as {
            message: Buffer;
          }
        ).message,
      deliveryToken,
      '\n',
    );
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.eml`;
    const temporary = path.join(this.#directory, `.${name}.tmp`);
    // Synchronous on purpose: a 3 KB write and a rename take well under a millisecond, and the
    // same calls through libuv's thread pool cost this hardware four times the CPU (thread
    // wake-ups) — the outbox was most of the cost of bulk issuance on the embedded default.
    try {
      try {
        writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // The outbox does not exist yet, or someone removed it while the platform runs.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(this.#directory, { recursive: true, mode: 0o700 });
        writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
      }
      renameSync(temporary, path.join(this.#directory, name));
    } catch (error) {
      // A full disk leaves part of a message (perhaps a whole link) behind: remove it.
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** The outbox directory takes a write right now. */
  check(): Promise<void> {
    return writeProbe(this.#directory);
  }

  /** Deletes the spooled messages holding `marker` (an erased document's link, DESIGN §3). */
  forget(marker: string): Promise<number> {
    let names: string[];
    try {
      names = readdirSync(this.#directory).filter((name) => name.endsWith('.eml'));
    } catch {
      return Promise.resolve(0);
    }
    let forgotten = 0;
    const needle = Buffer.from(marker, 'utf8');
    for (const name of names) {
      const file = path.join(this.#directory, name);
      try {
        if (!readFileSync(file).includes(needle)) continue;
      } catch {
        continue; // Handed over (deleted) meanwhile.
      }
      rmSync(file, { force: true });
      forgotten += 1;
    }
    return Promise.resolve(forgotten);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The mailer the configuration asks for. */
export function createMailer(config: MailConfig): Mailer {
  return config.transport === 'smtp'
    ? new SmtpMailer(config)
    : new OutboxMailer(config.directory, config.from);
}
