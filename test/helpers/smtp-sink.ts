import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope sender (MAIL FROM), '' for the null sender. */
  mailFrom: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  /** The decoded text part ('' when the sink was started with `parse: false`). */
  text: string;
  raw: Buffer;
}

/** An SMTP reply, e.g. `{ code: 550, message: '5.1.1 Recipient address rejected' }`. */
export interface SmtpReply {
  code: number;
  message: string;
}

export interface SmtpSinkOptions {
  /** The port to listen on (to start a relay again where a closed one was); any free one if unset. */
  port?: number;
  /** RCPT TO for a matching address gets a permanent 550, as a relay refusing a mailbox would. */
  rejects?: (address: string) => boolean;
  /**
   * Called at each RCPT TO (after `rejects`): the reply refusing the address (a 4xx defers it, a
   * 5xx refuses it), or undefined to take it. A promise holds the conversation at RCPT TO until it
   * settles.
   */
  refuse?: (address: string) => SmtpReply | undefined | Promise<SmtpReply | undefined>;
  /**
   * Called once a message is received and kept in `messages`, before the relay answers it: a
   * promise holds the answer (the client waits after DATA) until it settles.
   */
  onMessage?: (mail: ReceivedMail) => void | Promise<void>;
  /**
   * Whether to decode each message (subject, text). Off for runs of thousands of messages that
   * only count them or read their envelope and raw bytes: decoding each costs CPU time.
   */
  parse?: boolean;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Every message received, in the order their DATA ended. */
  readonly messages: ReceivedMail[];
  /**
   * From now on greets no new connection and answers no MAIL FROM, so a pooled connection stalls
   * as well as a new one.
   */
  stall(): void;
  /** Stops listening, and waits for the clients to end their connections (a relay shutting down). */
  close(): Promise<void>;
  /** Stops listening and cuts every connection at once (a relay gone); a second call does nothing. */
  cut(): Promise<void>;
}

const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** An error smtp-server answers with `reply` (its code and text). */
function replyError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it receives with its
 * envelope. It refuses recipients where `rejects` or `refuse` says so, can hold a conversation at
 * RCPT TO (`refuse`) or after DATA (`onMessage`), and stall (`stall()`).
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let stalled = false;
  let cut = false;
  // Messages are kept in the order their DATA ended, whichever is decoded first.
  let kept: Promise<unknown> = Promise.resolve();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (!stalled) callback();
    },
    onMailFrom(_address, _session, callback) {
      if (!stalled) callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.rejects?.(address.address) === true) {
        callback(replyError({ code: 550, message: 'Mailbox unavailable' }));
        return;
      }
      Promise.resolve(options.refuse?.(address.address)).then(
        (reply) => callback(reply === undefined ? undefined : replyError(reply)),
        (error: unknown) => callback(toError(error)),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const mail: ReceivedMail = {
          mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: '',
          text: '',
          raw,
        };
        const decoded =
          options.parse === false
            ? Promise.resolve()
            : simpleParser(raw).then((parsed) => {
                mail.subject = parsed.subject ?? '';
                mail.text = parsed.text ?? '';
              });
        // Its failure is answered below, once the messages before it are kept.
        void decoded.catch(() => undefined);
        const received = kept.then(() => decoded).then(() => messages.push(mail));
        kept = received.catch(() => undefined);
        received
          .then(() => options.onMessage?.(mail))
          .then(
            () => callback(),
            (error: unknown) => callback(toError(error)),
          );
      });
    },
  });
  // A client that dies mid-conversation (a killed process, a pool closing) resets its connection:
  // that is the client's business, not an uncaught error that would end the whole test run.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    stall: () => {
      stalled = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    cut: () => {
      if (cut) return Promise.resolve();
      cut = true;
      return new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
