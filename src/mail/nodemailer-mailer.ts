import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../config.js';
import { composeMessage } from './compose-message.js';
import type { Mailer, MailMessage } from './mailer.js';

/** Sends through an SMTP server (nodemailer). */
class SmtpMailer implements Mailer {
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(url: string, from: string) {
    this.#transport = nodemailer.createTransport(url);
    this.#from = from;
  }

  async send(message: MailMessage): Promise<void> {
    const composed = composeMessage(this.#from, message);
    await this.#transport.sendMail(
      composed === null
        ? { from: this.#from, ...message }
        : { envelope: composed.envelope, raw: composed.bytes },
    );
  }

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
  /** The outbox directory, created on the first message. */
  #ready: Promise<unknown> | undefined;

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
    const bytes =
      composeMessage(this.#from, message, { newline: '\n' })?.bytes ??
      (
        (await this.#transport.sendMail({ from: this.#from, ...message })) as {
          message: Buffer;
        }
      ).message;
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.eml`;
    const temporary = path.join(this.#directory, `.${name}.tmp`);
    try {
      await this.#write(temporary, bytes);
    } catch (error) {
      // Someone removed the outbox while the platform runs: make it again, once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#ready = undefined;
      await this.#write(temporary, bytes);
    }
    await fs.rename(temporary, path.join(this.#directory, name));
  }

  async #write(file: string, bytes: Buffer): Promise<void> {
    this.#ready ??= fs.mkdir(this.#directory, { recursive: true, mode: 0o700 });
    await this.#ready;
    await fs.writeFile(file, bytes, { mode: 0o600 });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The mailer the configuration asks for. */
export function createMailer(config: MailConfig): Mailer {
  return config.transport === 'smtp'
    ? new SmtpMailer(config.url, config.from)
    : new OutboxMailer(config.directory, config.from);
}
