import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { composeMessage, type InlineImage } from './compose-message.js';
import { DELIVERY_HEADER } from './mailer.js';
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

/** The message's bytes with the delivery header first (a header line may open any message). */
function withDeliveryHeader(bytes: Buffer, token: string | undefined): Buffer {
  if (token === undefined) return bytes;
  return Buffer.concat([Buffer.from(`${DELIVERY_HEADER}: ${token}\r\n`, 'ascii'), bytes]);
}

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

/**
 * Composes one message (compose-message.ts, or nodemailer's own composer for an
 * internationalised address) and hands it to the pooled transport.
 */
async function send(transport: Transporter, from: string, request: SmtpSendRequest): Promise<void> {
  const { token, returnPath } = request;
  const { attachments: images, ...fields } = request.message;
  const attachments = images?.map((image) => ({ ...image, content: asBuffer(image.content) }));
  const content = { ...fields, ...(attachments === undefined ? {} : { attachments }) };
  const composed = composeMessage(from, content);
  await transport.sendMail(
    composed === null
      ? {
          from,
          ...content,
          ...(returnPath === undefined ? {} : { envelope: { from: returnPath, to: content.to } }),
          ...(token === undefined ? {} : { headers: { [DELIVERY_HEADER]: token } }),
        }
      : {
          envelope: {
            ...composed.envelope,
            ...(returnPath === undefined ? {} : { from: returnPath }),
          },
          raw: withDeliveryHeader(composed.bytes, token),
        },
  );
}

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
  const answer = (id: number, work: Promise<unknown>): void => {
    work.then(
      () => port.postMessage({ id, ok: true } satisfies SmtpWorkerReply),
      (error: unknown) =>
        port.postMessage({ id, ok: false, error: failureOf(error) } satisfies SmtpWorkerReply),
    );
  };
  port.on('message', (request: SmtpWorkerRequest) => {
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
