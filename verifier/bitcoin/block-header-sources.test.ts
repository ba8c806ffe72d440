import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BLOCK_523364,
  RPC_AUTH,
  startBitcoinRpcStub,
  startEsploraStub,
  unusedLocalUrl,
  type BlockServerStub,
} from '../test-support/block-servers.js';
import { BitcoinCoreRpcSource } from './bitcoin-core-rpc-source.js';
import { BlockSourceError, type BlockHeaderSource } from './block-header-source.js';
import { EsploraSource } from './esplora-source.js';

/** Block 523364's merkle root in internal byte order (the README gives display order). */
const INTERNAL_ROOT = '39780753a0e7785eea0fabafa8fbef1ef2539d26f6cbf3beac738a1de0e74f3c';

async function failure(source: BlockHeaderSource, height: number): Promise<BlockSourceError> {
  const error: unknown = await source.headerByHeight(height).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof BlockSourceError))
    throw new Error(`expected a BlockSourceError, got ${String(error)}`);
  return error;
}

describe('EsploraSource', () => {
  let stub: BlockServerStub;
  beforeAll(async () => {
    stub = await startEsploraStub([BLOCK_523364]);
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.behaviour = 'ok';
    stub.requests.length = 0;
  });

  it('looks the header up by height and returns the merkle root in internal byte order', async () => {
    const header = await new EsploraSource(`${stub.url}/`).headerByHeight(523364);
    expect({ ...header, merkleRoot: Buffer.from(header.merkleRoot) }).toEqual({
      merkleRoot: Buffer.from(INTERNAL_ROOT, 'hex'),
      time: 1526719849,
      hash: BLOCK_523364.hash,
    });
    expect(stub.requests).toEqual(['/block-height/523364', `/block/${BLOCK_523364.hash}`]);
  });

  it('distinguishes not found, unreachable, failing, silent and nonsense sources', async () => {
    const source = new EsploraSource(stub.url);
    expect((await failure(source, 1)).kind).toBe('not-found');
    expect((await failure(new EsploraSource(await unusedLocalUrl()), 1)).kind).toBe('unreachable');
    stub.behaviour = 'error-500';
    expect((await failure(source, 523364)).kind).toBe('unreachable');
    stub.behaviour = 'hang';
    const silent = await failure(new EsploraSource(stub.url, { timeoutMs: 300 }), 523364);
    expect(silent.kind).toBe('unreachable');
    expect(silent.message).toMatch(/timed out after 300 ms/);
    stub.behaviour = 'garbage';
    expect((await failure(source, 523364)).kind).toBe('bad-response');
  });

  it('rejects invalid heights as a caller error', async () => {
    await expect(new EsploraSource(stub.url).headerByHeight(-1)).rejects.toThrow(RangeError);
    await expect(new EsploraSource(stub.url).headerByHeight(1.5)).rejects.toThrow(RangeError);
  });
});

describe('BitcoinCoreRpcSource', () => {
  let stub: BlockServerStub;
  beforeAll(async () => {
    stub = await startBitcoinRpcStub([BLOCK_523364]);
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.behaviour = 'ok';
    stub.requests.length = 0;
  });

  it('calls getblockhash then getblockheader and reverses the merkle root', async () => {
    const header = await new BitcoinCoreRpcSource(stub.url, RPC_AUTH).headerByHeight(523364);
    expect(Buffer.from(header.merkleRoot).toString('hex')).toBe(INTERNAL_ROOT);
    expect(header.time).toBe(1526719849);
    expect(stub.requests).toEqual(['getblockhash', 'getblockheader']);
  });

  it('takes credentials from the URL when none are given', async () => {
    const url = new URL(stub.url);
    url.username = RPC_AUTH.username;
    url.password = RPC_AUTH.password;
    const header = await new BitcoinCoreRpcSource(url.toString()).headerByHeight(523364);
    expect(header.hash).toBe(BLOCK_523364.hash);
  });

  it('maps RPC and transport failures to error kinds', async () => {
    const source = new BitcoinCoreRpcSource(stub.url, RPC_AUTH);
    const outOfRange = await failure(source, 999_999_999);
    expect(outOfRange.kind).toBe('not-found');
    expect(outOfRange.message).toMatch(/Block height out of range \(code -8\)/);
    const refused = await failure(
      new BitcoinCoreRpcSource(stub.url, { username: 'x', password: 'y' }),
      1,
    );
    expect(refused.kind).toBe('bad-response');
    expect(refused.message).toMatch(/credentials/);
    expect(
      (await failure(new BitcoinCoreRpcSource(await unusedLocalUrl(), RPC_AUTH), 1)).kind,
    ).toBe('unreachable');
    stub.behaviour = 'error-500';
    expect((await failure(source, 523364)).kind).toBe('unreachable');
    stub.behaviour = 'hang';
    const impatient = new BitcoinCoreRpcSource(stub.url, RPC_AUTH, { timeoutMs: 300 });
    expect((await failure(impatient, 523364)).message).toMatch(/timed out after 300 ms/);
  });
});
