import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../config.js';
import { writeProbe } from '../storage/local-blob-store.js';
import { composeMessage } from './compose-message.js';
import { verpAddress, withDeliveryHeader } from './mailer.js';
import type { Mailer, MailMessage } from './mailer.js';
import { startWorkerModule } from '../worker-thread.js';
import type {
  SmtpWorkerReply,
  SmtpWorkerRequest,
  SmtpWorkerSettings,
} from './smtp-transport.worker.js';

/** Only tokens Certa makes (hex) go into a header or an envelope address. */
const TOKEN_PATTERN = /^[0-9a-f]{16,64}$/;

/** The message's delivery token when it is one Certa makes, else none. */
function checkedToken(token: string | undefined): string | undefined {
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : undefined;
}

/**
 * Sends through an SMTP server (nodemailer) over a pool of connections, at most `ratePerSecond`
 * messages a second: one connection per message cost ten times the time (issue 12: 74 against
 * 919 messages/s on loopback). The pool lives in a worker thread (smtp-transport.worker.ts),
 * started at the first message: composing MIME and nodemailer's streams and socket writes took
 * half of the main thread's time during a batch, which then answered requests late. A message,
 * with its activation link, is copied to that thread and dropped there once handed over.
 */
class SmtpMailer implements Mailer {
  readonly #settings: SmtpWorkerSettings;
  readonly #bounceAddress: string | null;
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(config: {
    url: string;
    from: string;
    poolConnections: number;
    ratePerSecond: number;
    bounceAddress: string | null;
  }) {
    this.#bounceAddress = config.bounceAddress;
    this.#settings = {
      url: config.url,
      from: config.from,
      poolConnections: config.poolConnections,
      ratePerSecond: config.ratePerSecond,
    };
  }

  /** The worker, started on first use (again after a crash); referenced only while it works. */
  #workerForRequest(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = startWorkerModule('./smtp-transport.worker', import.meta.url, this.#settings);
    worker.unref();
    worker.on('message', (replies: SmtpWorkerReply[]) => {
      for (const reply of replies) {
        const pending = this.#pending.get(reply.id);
        if (pending === undefined) continue;
        this.#pending.delete(reply.id);
        if (reply.ok) pending.resolve();
        else pending.reject(Object.assign(new Error(reply.error.message), reply.error));
      }
      if (this.#pending.size === 0) worker.unref();
    });
    const lost = (reason: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      // Nothing of these messages is known to have reached the relay: deferred, as no answer.
      const error = Object.assign(new Error(`SMTP worker ${reason}`), { code: 'EWORKER' });
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', () => lost('failed'));
    worker.on('exit', () => lost('exited'));
    this.#worker = worker;
    return worker;
  }

  #request(request: DistributiveOmit<SmtpWorkerRequest & { id: number }, 'id'>): Promise<void> {
    const worker = this.#workerForRequest();
    const id = this.#nextId;
    this.#nextId += 1;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      this.#post({ ...request, id } as SmtpWorkerRequest);
    });
  }

  #outgoing: SmtpWorkerRequest[] = [];

  /** Requests made during one turn of the event loop go to the worker in one message. */
  #post(request: SmtpWorkerRequest): void {
    this.#outgoing.push(request);
    if (this.#outgoing.length === 1) setImmediate(() => this.#flush());
  }

  /** Posts what waits, but a request its worker's loss has already failed (never sent twice). */
  #flush(): void {
    const batch = this.#outgoing.filter(
      (request) => request.kind === 'close' || this.#pending.has(request.id),
    );
    this.#outgoing = [];
    if (batch.length > 0) this.#worker?.postMessage(batch);
  }

  send(message: MailMessage): Promise<void> {
    const { deliveryToken, ...content } = message;
    const token = checkedToken(deliveryToken);
    // VERP: the relay returns a delivery report to the envelope sender, which names the message.
    const returnPath =
      token !== undefined && this.#bounceAddress !== null
        ? verpAddress(this.#bounceAddress, token)
        : undefined;
    return this.#request({ kind: 'send', message: content, token, returnPath });
  }

  /** The relay answers and accepts our greeting (and credentials); remembered for 30 s. */
  async check(): Promise<void> {
    const now = Date.now();
    if (this.#checkedAt !== null && now - this.#checkedAt < 30_000) return;
    const timeout = new Promise<never>((_resolve, reject) => {
      setTimeout(() => reject(new Error('SMTP check timed out')), 5_000).unref();
    });
    await Promise.race([this.#request({ kind: 'check' }), timeout]);
    this.#checkedAt = now;
  }

  #checkedAt: number | null = null;

  /** Closes the pool's connections and ends the thread (at once if it has not ended in 2 s). */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === null) return;
    this.#flush();
    this.#worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage([{ kind: 'close' }] satisfies SmtpWorkerRequest[]);
    const timer = setTimeout(() => void worker.terminate(), 2_000);
    await exited;
    clearTimeout(timer);
    // Messages still in flight were dropped with the pool: not handed over, as far as we know.
    const error = Object.assign(new Error('SMTP transport closed'), { code: 'EWORKER' });
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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
      checkedToken(deliveryToken),
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
