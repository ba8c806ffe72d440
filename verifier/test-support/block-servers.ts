import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test stand-ins for block header sources, listening on 127.0.0.1 only: an Esplora-compatible
 * REST server and a Bitcoin Core JSON-RPC server. They serve whatever blocks a test puts in
 * `blocks` and can be told to misbehave.
 */

/** A block as explorers print it (display byte order). */
export interface StubBlock {
  readonly height: number;
  readonly hash: string;
  readonly merkleRoot: string;
  readonly time: number;
}

/**
 * Block 523364 as the vectors README gives it (merkle root and time). The README gives no block
 * hash; this one is a stand-in.
 */
export const BLOCK_523364: StubBlock = {
  height: 523364,
  hash: '00000000000000000023c94a5b0e29cc1d4f6a1e6a0d4b8e8f3cb1de0ab2f3c4',
  merkleRoot: '3c4fe7e01d8a73acbef3cbf6269d53f21eeffba8afab0fea5e78e7a053077839',
  time: 1526719849,
};

/** How a stub answers: normally, with HTTP 500 on everything, or never. */
export type StubBehaviour = 'ok' | 'error-500' | 'hang' | 'garbage';

/** A running stub. */
export interface BlockServerStub {
  readonly url: string;
  readonly blocks: Map<number, StubBlock>;
  behaviour: StubBehaviour;
  /** Paths (Esplora) or methods (RPC) requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

async function listen(
  handler: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    // No keep-alive: a pooled connection the server closes as idle while a test waits (after a
    // 'hang') would reset the next request (ECONNRESET) and turn a verified proof into unknown.
    response.setHeader('connection', 'close');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

function misbehave(behaviour: StubBehaviour, response: ServerResponse): boolean {
  if (behaviour === 'hang') return true;
  if (behaviour === 'error-500') {
    response.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    return true;
  }
  if (behaviour === 'garbage') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('<html>not an explorer</html>');
    return true;
  }
  return false;
}

/** Starts an Esplora-compatible server: `GET /block-height/:h`, `GET /block/:hash`. */
export async function startEsploraStub(blocks: readonly StubBlock[]): Promise<BlockServerStub> {
  const stub = {
    blocks: new Map(blocks.map((block) => [block.height, block])),
    behaviour: 'ok' as StubBehaviour,
    requests: [] as string[],
  };
  const { server, url } = await listen((request, _body, response) => {
    const path = request.url ?? '';
    stub.requests.push(path);
    if (misbehave(stub.behaviour, response)) return;
    const byHeight = /^\/block-height\/(\d+)$/.exec(path);
    const byHash = /^\/block\/([0-9a-f]{64})$/.exec(path);
    const block = byHeight
      ? stub.blocks.get(Number(byHeight[1]))
      : [...stub.blocks.values()].find((candidate) => candidate.hash === byHash?.[1]);
    if ((!byHeight && !byHash) || !block) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Block not found');
      return;
    }
    if (byHeight) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(block.hash);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: block.hash,
        height: block.height,
        version: 0x20000000,
        timestamp: block.time,
        merkle_root: block.merkleRoot,
        tx_count: 1,
      }),
    );
  });
  return Object.assign(stub, { url, close: () => stop(server) });
}

/** Credentials the RPC stub accepts. */
export const RPC_AUTH = { username: 'certa', password: 'rpc-secret' } as const;

/** Starts a Bitcoin Core JSON-RPC stand-in: `getblockhash`, `getblockheader` with basic auth. */
export async function startBitcoinRpcStub(blocks: readonly StubBlock[]): Promise<BlockServerStub> {
  const stub = {
    blocks: new Map(blocks.map((block) => [block.height, block])),
    behaviour: 'ok' as StubBehaviour,
    requests: [] as string[],
  };
  const expected = `Basic ${Buffer.from(`${RPC_AUTH.username}:${RPC_AUTH.password}`).toString('base64')}`;
  const { server, url } = await listen((request, body, response) => {
    if (request.headers.authorization !== expected) {
      response.writeHead(401).end();
      return;
    }
    const call = JSON.parse(body) as { id: unknown; method: string; params: unknown[] };
    stub.requests.push(call.method);
    if (misbehave(stub.behaviour, response)) return;
    const reply = (status: number, result: unknown, error: unknown): void => {
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ result, error, id: call.id }));
    };
    if (call.method === 'getblockhash') {
      const block = stub.blocks.get(Number(call.params[0]));
      if (!block) reply(500, null, { code: -8, message: 'Block height out of range' });
      else reply(200, block.hash, null);
      return;
    }
    if (call.method === 'getblockheader') {
      const block = [...stub.blocks.values()].find(
        (candidate) => candidate.hash === call.params[0],
      );
      if (!block) reply(500, null, { code: -5, message: 'Block not found' });
      else
        reply(
          200,
          {
            hash: block.hash,
            height: block.height,
            merkleroot: block.merkleRoot,
            time: block.time,
            confirmations: 100,
          },
          null,
        );
      return;
    }
    reply(500, null, { code: -32601, message: 'Method not found' });
  });
  return Object.assign(stub, { url: `${url}/`, close: () => stop(server) });
}

/** A base URL on 127.0.0.1 where nothing listens (a server started and closed again). */
export async function unusedLocalUrl(): Promise<string> {
  const { server, url } = await listen((_request, _body, response) => response.end());
  await stop(server);
  return url;
}
