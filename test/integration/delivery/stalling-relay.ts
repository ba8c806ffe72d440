import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback (smtp-server) that keeps every message (recipients and text)
 * and refuses RCPT TO with a 550 where `rejects` says so, until `stall()`: from then on it
 * greets no new connection and answers no MAIL FROM, so a pooled connection stalls as well as a
 * new one. `close()` takes it down: every connection is cut and nothing listens any more
 * (connections are refused). Onboarding an issuer sends mail, so a test starts the platform with
 * a relay that works and stalls it when it needs to.
 */
export async function startStallingRelay(
  options: { rejects?: (address: string) => boolean } = {},
): Promise<{
  url: string;
  messages: { to: string[]; text: string }[];
  stall(): void;
  close(): Promise<void>;
}> {
  const messages: { to: string[]; text: string }[] = [];
  let stalled = false;
  let closed = false;
  const sockets = new Set<Socket>();
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
      if (options.rejects?.(address.address) === true)
        return callback(
          Object.assign(new Error('5.1.1 Recipient address rejected'), { responseCode: 550 }),
        );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            messages.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              text: mail.text ?? '',
            });
            callback();
          })
          .catch((error: unknown) =>
            callback(error instanceof Error ? error : new Error(String(error))),
          );
      });
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stall: () => {
      stalled = true;
    },
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
