import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { composeMessage, type InlineImage } from './compose-message.js';
import { DELIVERY_HEADER, withDeliveryHeader } from './mailer.js';
import type { MailMessage } from './mailer.js';

/** The pooled transport's settings (the relay's URL may hold credentials: workerData only). */
export interface SmtpWorkerSettings {
  readonly url: string;
  readonly from: string;
  readonly poolConnections: number;
  readonly ratePerSecond: number;
}

/** One message to hand over; `returnPath` and `token` were checked by the posting thread. */
export interface SmtpSendRequest {
  readonly kind: 'send';
  readonly id: number;
  readonly message: Omit<MailMessage, 'deliveryToken'> & {
    readonly attachments?: readonly InlineImage[];
  };
  readonly token: string | undefined;
  readonly returnPath: string | undefined;
}

export type SmtpWorkerRequest =
  SmtpSendRequest | { readonly kind: 'check'; readonly id: number } | { readonly kind: 'close' };

/** What nodemailer's error said, the fields `classifySmtpError` reads (no address is added). */
export interface SmtpFailure {
  readonly message: string;
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
}

export type SmtpWorkerReply =
  | { readonly id: number; readonly ok: true }
  | { readonly id: number; readonly ok: false; readonly error: SmtpFailure };

/**
 * A structured clone turns a Buffer into a plain Uint8Array; nodemailer wants Buffers. The
 * issuer's logo is the same bytes in every message of a batch: the last few seen are kept, so
 * compose-message's base64 cache (by buffer) finds it instead of encoding it again.
 */
const recentImages: Buffer[] = [];

function asBuffer(bytes: Uint8Array): Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const known = recentImages.find((image) => image.equals(view));
  if (known !== undefined) return known;
  recentImages.unshift(view);
  recentImages.length = Math.min(recentImages.length, 4);
  return view;
}

function failureOf(error: unknown): SmtpFailure {
  const { message, code, responseCode, response } = (error ?? {}) as Record<string, unknown>;
  return {
    message: typeof message === 'string' ? message : 'SMTP hand-over failed',
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
    ...(typeof response === 'string' ? { response } : {}),
  };
}

/** The part of nodemailer's SMTP pool this module uses (`transporter.send` of a pooled transport). */
interface SmtpPool {
  send(mail: RawMail, callback: (error: Error | null) => void): void;
}

/**
 * What the pool reads of a message (nodemailer's custom-transport contract: `mail.data`, and of
 * `mail.message` the envelope, the Message-ID and a stream of the bytes). Handing bytes already
 * composed this way skips `sendMail`'s plugins, a second composer (MimeNode), its address parsing,
 * Message-ID and stream pipeline — about as much CPU again as composing the message.
 */
interface RawMail {
  readonly data: Record<string, never>;
  readonly message: {
    getEnvelope(): { from: string; to: string[] };
    messageId(): string;
    getHeader(name: string): string | undefined;
    createReadStream(): Readable;
  };
}

function rawMail(
  envelope: { from: string; to: string[] },
  messageId: string,
  bytes: Buffer,
): RawMail {
  return {
    data: {},
    message: {
      getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
      messageId: () => messageId,
      getHeader: (name) => (name.toLowerCase() === 'message-id' ? messageId : undefined),
      createReadStream: () =>
        new Readable({
          read() {
            this.push(bytes);
            this.push(null);
          },
        }),
    },
  };
}

/**
 * Composes one message (compose-message.ts) and hands its bytes to the pool; an
 * internationalised address goes through nodemailer's own composer (`sendMail`).
 */
async function send(transport: Transporter, from: string, request: SmtpSendRequest): Promise<void> {
  const { token, returnPath } = request;
  const { attachments: images, ...fields } = request.message;
  const attachments = images?.map((image) => ({ ...image, content: asBuffer(image.content) }));
  const content = { ...fields, ...(attachments === undefined ? {} : { attachments }) };
  const composed = composeMessage(from, content);
  if (composed === null) {
    await transport.sendMail({
      from,
      ...content,
      ...(returnPath === undefined ? {} : { envelope: { from: returnPath, to: content.to } }),
      ...(token === undefined ? {} : { headers: { [DELIVERY_HEADER]: token } }),
    });
    return;
  }
  const envelope = {
    ...composed.envelope,
    ...(returnPath === undefined ? {} : { from: returnPath }),
  };
  const mail = rawMail(
    envelope,
    composed.messageId,
    withDeliveryHeader(composed.bytes, token, '\r\n'),
  );
  await new Promise<void>((resolve, reject) => {
    (transport.transporter as unknown as SmtpPool).send(mail, (error) =>
      error === null ? resolve() : reject(error),
    );
  });
}

/**
 * How long a reply may wait for others: a few milliseconds more per message matter little when
 * dozens are in flight, and the main thread then wakes up once for many of them.
 */
const REPLY_DELAY_MS = 3;

if (parentPort !== null) {
  const port = parentPort;
  const settings = workerData as SmtpWorkerSettings;
  const transport = nodemailer.createTransport({
    url: settings.url,
    pool: true,
    maxConnections: settings.poolConnections,
    maxMessages: 1_000,
    rateDelta: 1_000,
    rateLimit: settings.ratePerSecond,
  });
  // Replies go back at most every REPLY_DELAY_MS, in one message: each connection's answer comes
  // on its own turn of the loop, and a message per answer cost the main thread ~25 µs each.
  let replies: SmtpWorkerReply[] = [];
  const reply = (answer: SmtpWorkerReply): void => {
    replies.push(answer);
    if (replies.length > 1) return;
    setTimeout(() => {
      const batch = replies;
      replies = [];
      port.postMessage(batch);
    }, REPLY_DELAY_MS);
  };
  const answer = (id: number, work: Promise<unknown>): void => {
    work.then(
      () => reply({ id, ok: true }),
      (error: unknown) => reply({ id, ok: false, error: failureOf(error) }),
    );
  };
  port.on('message', (requests: SmtpWorkerRequest[]) => {
    for (const request of requests)
      switch (request.kind) {
        case 'send':
          answer(request.id, send(transport, settings.from, request));
          break;
        case 'check':
          answer(request.id, transport.verify());
          break;
        case 'close':
          transport.close();
          port.close();
          break;
      }
  });
}
