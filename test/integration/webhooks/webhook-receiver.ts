import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: headers and the raw body, exactly as sent. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/**
 * An issuer's system on 127.0.0.1 receiving webhooks: records every request and answers
 * `status` (200 by default). `stop()` closes the port (connection refused, as when the system is
 * down) and `start()` opens the same port again.
 */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  status: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let server: Server | null = null;
  let port = 0;
  const receiver = {
    url: '',
    received,
    status: 200,
    async start(): Promise<void> {
      const listening = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          received.push({
            headers: request.headers,
            rawBody: Buffer.concat(chunks).toString('utf8'),
          });
          response.writeHead(receiver.status, { 'content-type': 'text/plain' });
          response.end(receiver.status < 300 ? 'thanks' : 'not now');
        });
      });
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
      port = (listening.address() as AddressInfo).port;
      server = listening;
    },
    async stop(): Promise<void> {
      const current = server;
      server = null;
      if (current === null) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
  await receiver.start();
  receiver.url = `http://127.0.0.1:${port}/certa-events`;
  return receiver;
}
