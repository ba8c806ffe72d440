import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A local RFC 3161 timestamp authority on 127.0.0.1: `POST /` with an
 * `application/timestamp-query` body is answered by `openssl ts -reply`, signing with a TSA
 * key and certificate (ECDSA P-256, extKeyUsage timeStamping, critical) made in a temp dir.
 */
export interface TsaStandIn {
  readonly url: string;
  /** The TSA certificate (PEM file), to verify tokens with `openssl ts -verify -CAfile`. */
  readonly certificateFile: string;
  /** Requests answered so far. */
  readonly requests: number;
  /** `ok`: answers; `error-500`: fails every request. */
  behaviour: 'ok' | 'error-500';
  close(): Promise<void>;
}

const CONFIG = (dir: string): string => `
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

export async function startTsaStandIn(): Promise<TsaStandIn> {
  const dir = { path: fs.mkdtempSync(path.join(os.tmpdir(), 'certa-tsa-')) };
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    path.join(dir.path, 'tsa.key'),
    '-out',
    path.join(dir.path, 'tsa.pem'),
    '-subj',
    '/O=Certa tests/CN=Test timestamp authority',
    '-days',
    '2',
    '-addext',
    'extendedKeyUsage=critical,timeStamping',
    '-addext',
    'keyUsage=critical,digitalSignature',
  ]);
  fs.writeFileSync(path.join(dir.path, 'serial'), '01\n');
  fs.writeFileSync(path.join(dir.path, 'tsa.cnf'), CONFIG(dir.path));
  let counter = 0;
  // openssl ts increments the serial file: one reply at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const reply = async (query: Buffer): Promise<Buffer> => {
    counter += 1;
    const queryFile = path.join(dir.path, `q${counter}.tsq`);
    const replyFile = path.join(dir.path, `r${counter}.tsr`);
    fs.writeFileSync(queryFile, query);
    await run('openssl', [
      'ts',
      '-reply',
      '-config',
      path.join(dir.path, 'tsa.cnf'),
      '-queryfile',
      queryFile,
      '-out',
      replyFile,
    ]);
    return fs.readFileSync(replyFile);
  };
  const state = { requests: 0, behaviour: 'ok' as 'ok' | 'error-500' };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (
        state.behaviour !== 'ok' ||
        request.method !== 'POST' ||
        request.headers['content-type'] !== 'application/timestamp-query'
      ) {
        response.writeHead(state.behaviour === 'ok' ? 400 : 500).end();
        return;
      }
      const answer = queue.then(() => reply(Buffer.concat(chunks)));
      queue = answer.catch(() => undefined);
      answer.then(
        (body) => {
          state.requests += 1;
          response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body);
        },
        () => response.writeHead(500).end(),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    certificateFile: path.join(dir.path, 'tsa.pem'),
    get requests() {
      return state.requests;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value) {
      state.behaviour = value;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
      fs.rmSync(dir.path, { recursive: true, force: true });
    },
  };
}
