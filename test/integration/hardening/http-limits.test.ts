import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../../helpers/test-platform.js';
import type { TestPlatform } from '../../helpers/test-platform.js';
import { postLogIn } from '../accounts/session-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SlowSocket {
  closed: boolean;
  socket: net.Socket;
}

/** Opens a socket that sends `head` and then one more byte every `everyMs`. */
function slowClient(port: number, head: string, everyMs: number): SlowSocket {
  const socket = net.connect(port, '127.0.0.1');
  const state: SlowSocket = { closed: false, socket };
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  socket.on('close', () => {
    state.closed = true;
    clearInterval(timer);
  });
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write('x');
  }, everyMs);
  return state;
}

function portOf(platform: TestPlatform): number {
  return Number(new URL(platform.baseUrl).port);
}

describe('slow clients cannot hold connections (issue 11 #3)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite', {
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_IDLE_TIMEOUT_MS: '1500',
      HTTP_MAX_CONNECTIONS: '300',
    });
  });
  afterAll(async () => platform.close());

  it('bodies sent a byte at a time, headers that never end and idle sockets are all closed', async () => {
    const port = portOf(platform);
    const bodies = Array.from({ length: 100 }, () =>
      slowClient(
        port,
        'POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
        300,
      ),
    );
    const headers = Array.from({ length: 50 }, () =>
      slowClient(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n', 300),
    );
    const idle = Array.from({ length: 50 }, () => {
      const socket = net.connect(port, '127.0.0.1');
      const state: SlowSocket = { closed: false, socket };
      socket.on('error', () => undefined);
      socket.on('close', () => (state.closed = true));
      return state;
    });
    await sleep(5_000);
    const open = (sockets: SlowSocket[]) => sockets.filter((state) => !state.closed).length;
    expect({ bodies: open(bodies), headers: open(headers), idle: open(idle) }).toEqual({
      bodies: 0,
      headers: 0,
      idle: 0,
    });
    // The server still answers.
    expect((await fetch(`${platform.baseUrl}/api/health`)).status).toBe(200);
  }, 30_000);
});

describe('the connection cap (issue 11 #3)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite', { HTTP_MAX_CONNECTIONS: '20' });
  });
  afterAll(async () => platform.close());

  it('connections beyond HTTP_MAX_CONNECTIONS are closed at once', async () => {
    const port = portOf(platform);
    const sockets = Array.from({ length: 40 }, () => {
      const socket = net.connect(port, '127.0.0.1');
      const state: SlowSocket = { closed: false, socket };
      socket.on('error', () => undefined);
      socket.on('close', () => (state.closed = true));
      return state;
    });
    await sleep(1_000);
    const open = sockets.filter((state) => !state.closed);
    expect(open.length).toBe(20);
    for (const state of sockets) state.socket.destroy();
    await sleep(200);
    expect((await fetch(`${platform.baseUrl}/api/health`)).status).toBe(200);
  });
});

describe('TRUST_PROXY believes only the proxies it names (issue 11 #5)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite', { TRUST_PROXY: '1' });
  });
  afterAll(async () => platform.close());

  it('forged X-Forwarded-For values in front of the proxy’s own entry do not dodge the log-in limit', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 14; attempt += 1) {
      const answer = await postLogIn(
        platform,
        { email: `forged-${attempt}@proxy.example`, password: 'some password or other' },
        // The client wrote the first value; the proxy appended the address it saw.
        { 'x-forwarded-for': `203.0.113.${attempt}, 198.51.100.7` },
      );
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });
});
