import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  BitcoinBlockHeaderAttestation,
  buildMerkleTree,
  OpAppend,
  OpPrepend,
  OpSha256,
  PendingAttestation,
  Timestamp,
} from '../../verifier/index.js';
import type { BlockServerStub, StubBlock } from '../../verifier/test-support/block-servers.js';

/**
 * A local OpenTimestamps calendar on 127.0.0.1 that speaks the calendar HTTP protocol:
 * - `POST /digest` (body: the digest) answers with the timestamp from the digest — a nonce is
 *   appended and hashed, the calendar's time prepended and hashed — ending in a pending
 *   attestation naming this calendar. The message at that attestation is the commitment.
 * - `confirm()` (a test control) aggregates every pending commitment into the calendar's own
 *   Merkle tree, puts its root in a fake Bitcoin transaction, the transaction in a fake block
 *   (Bitcoin's own Merkle tree, double SHA-256), and publishes the block's header (merkle root,
 *   time, height) on the Esplora stand-in.
 * - `GET /timestamp/<commitment hex>` then answers with the timestamp from the commitment to the
 *   block header attestation; before that, 404 (still pending), as real calendars do.
 */
export interface CalendarStandIn {
  readonly url: string;
  /** How it answers: normally, HTTP 500, never (hang), or by dropping the connection. */
  behaviour: CalendarBehaviour;
  /** Overrides `behaviour` for `GET /timestamp/…` when set. */
  upgradeBehaviour: CalendarBehaviour | null;
  /** Every digest posted, hex, in order (the same root may come twice: allowed). */
  readonly posted: string[];
  /** Every commitment asked for, hex, in order. */
  readonly upgradeRequests: string[];
  /** Headers of each request, in order (to check Accept and User-Agent). */
  readonly requestHeaders: Record<string, string | string[] | undefined>[];
  /** Commitments waiting for `confirm()`. */
  readonly pendingCount: number;
  /** Confirms every pending commitment in a new block; returns the block as the explorer serves it. */
  confirm(options?: { height?: number; time?: number }): StubBlock;
  close(): Promise<void>;
}

export type CalendarBehaviour = 'ok' | 'error-500' | 'hang' | 'drop';

const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();
const sha256d = (data: Buffer): Buffer => sha256(sha256(data));

let nextHeight = 800_000;

/** Bitcoin's Merkle tree (odd levels duplicate their last node) and the ops from leaf `index`. */
function bitcoinMerklePath(
  txids: readonly Buffer[],
  index: number,
  start: Timestamp,
): { root: Buffer; tip: Timestamp } {
  let level = [...txids];
  let position = index;
  let tip = start;
  while (level.length > 1) {
    if (level.length % 2 === 1) level.push(level[level.length - 1] as Buffer);
    const sibling = level[position ^ 1] as Buffer;
    tip = tip
      .add(position % 2 === 1 ? new OpPrepend(sibling) : new OpAppend(sibling))
      .add(new OpSha256())
      .add(new OpSha256());
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(sha256d(Buffer.concat([level[i] as Buffer, level[i + 1] as Buffer])));
    }
    level = next;
    position >>= 1;
  }
  return { root: level[0] as Buffer, tip };
}

/** Starts a calendar stand-in whose blocks `esplora` serves. */
export async function startCalendarStandIn(esplora: BlockServerStub): Promise<CalendarStandIn> {
  const pending: Buffer[] = [];
  /** Upgrade timestamp (bytes) by commitment hex. */
  const upgrades = new Map<string, Buffer>();
  const known = new Set<string>();
  const sockets = new Set<Socket>();
  let url = '';

  const state: CalendarStandIn = {
    get url() {
      return url;
    },
    behaviour: 'ok',
    upgradeBehaviour: null,
    posted: [],
    upgradeRequests: [],
    requestHeaders: [],
    get pendingCount() {
      return pending.length;
    },
    confirm,
    close,
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = request.url ?? '';
      state.requestHeaders.push({ ...request.headers });
      const upgrade = /^\/timestamp\/([0-9a-f]+)$/.exec(path);
      if (upgrade?.[1] !== undefined) state.upgradeRequests.push(upgrade[1]);
      if (request.method === 'POST' && path === '/digest') state.posted.push(body.toString('hex'));
      const behaviour = upgrade ? (state.upgradeBehaviour ?? state.behaviour) : state.behaviour;
      if (behaviour === 'hang') return;
      if (behaviour === 'drop') {
        request.socket.destroy();
        return;
      }
      if (behaviour === 'error-500') {
        response.writeHead(500, { 'content-type': 'text/plain' }).end('calendar is down');
        return;
      }
      if (request.method === 'POST' && path === '/digest') {
        if (body.length === 0 || body.length > 64) {
          response.writeHead(400, { 'content-type': 'text/plain' }).end('digest too long');
          return;
        }
        const stamp = new Timestamp(body);
        const time = Buffer.alloc(4);
        time.writeUInt32BE(Math.floor(Date.now() / 1000));
        const commitment = stamp
          .add(new OpAppend(randomBytes(16)))
          .add(new OpSha256())
          .add(new OpPrepend(time))
          .add(new OpSha256());
        commitment.addAttestation(new PendingAttestation(url));
        pending.push(Buffer.from(commitment.msg));
        known.add(Buffer.from(commitment.msg).toString('hex'));
        response
          .writeHead(200, { 'content-type': 'application/vnd.opentimestamps.v1' })
          .end(stamp.toBytes());
        return;
      }
      if (request.method === 'GET' && upgrade?.[1] !== undefined) {
        const found = upgrades.get(upgrade[1]);
        if (found === undefined) {
          const text = known.has(upgrade[1])
            ? 'Pending confirmation in Bitcoin blockchain'
            : 'Not found';
          response.writeHead(404, { 'content-type': 'text/plain' }).end(text);
          return;
        }
        response.writeHead(200, { 'content-type': 'application/vnd.opentimestamps.v1' }).end(found);
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function confirm(options: { height?: number; time?: number } = {}): StubBlock {
    if (pending.length === 0) throw new Error('nothing to confirm');
    const commitments = pending.splice(0);
    const tree = buildMerkleTree(commitments);
    // The calendar's root goes into a transaction (an OP_RETURN output between random bytes).
    const rootStamp = new Timestamp(tree.root);
    const prefix = Buffer.concat([Buffer.from('0100000001', 'hex'), randomBytes(41)]);
    const suffix = Buffer.concat([randomBytes(12), Buffer.from('00000000', 'hex')]);
    const txid = rootStamp
      .add(new OpPrepend(prefix))
      .add(new OpAppend(suffix))
      .add(new OpSha256())
      .add(new OpSha256());
    const txids = [randomBytes(32), Buffer.from(txid.msg), randomBytes(32)];
    const { root: merkleRoot, tip } = bitcoinMerklePath(txids, 1, txid);
    const height = options.height ?? (nextHeight += 1);
    tip.addAttestation(new BitcoinBlockHeaderAttestation(height));
    const block: StubBlock = {
      height,
      hash: randomBytes(32).toString('hex'),
      merkleRoot: Buffer.from(merkleRoot).reverse().toString('hex'),
      time: options.time ?? Math.floor(Date.now() / 1000),
    };
    esplora.blocks.set(height, block);
    commitments.forEach((commitment, index) => {
      const upgrade = tree.timestampForLeaf(index, rootStamp);
      upgrades.set(commitment.toString('hex'), Buffer.from(upgrade.toBytes()));
    });
    return block;
  }

  function close(): Promise<void> {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  return state;
}
