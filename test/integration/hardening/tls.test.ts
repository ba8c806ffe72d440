import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../../helpers/test-database.js';
import { startServeProcess } from '../../helpers/serve-process.js';
import type { ServeProcess } from '../../helpers/serve-process.js';

const dir = createTempDir('certa-tls-');
const certFile = path.join(dir.path, 'cert.pem');
const keyFile = path.join(dir.path, 'key.pem');

function get(
  port: number,
  pathname: string,
  options: https.RequestOptions = {},
): Promise<{ status: number; headers: Record<string, unknown>; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        ca: fs.readFileSync(certFile),
        servername: 'localhost',
        agent: false,
        ...options,
      },
      (response) => {
        const protocol = (response.socket as tls.TLSSocket).getProtocol();
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, protocol }),
        );
      },
    );
    request.on('error', reject);
  });
}

describe('HTTPS served directly with TLS_CERT_FILE / TLS_KEY_FILE (issue 11 #7)', () => {
  let server: ServeProcess;
  beforeAll(async () => {
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    server = await startServeProcess({
      DATA_DIR: path.join(dir.path, 'data'),
      TLS_CERT_FILE: certFile,
      TLS_KEY_FILE: keyFile,
      PUBLIC_URL: 'https://localhost',
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  it('answers over TLS 1.2 and 1.3 with HSTS, and refuses TLS 1.1 and plain http', async () => {
    const modern = await get(server.port, '/api/health');
    expect(modern.status).toBe(200);
    expect(modern.protocol).toBe('TLSv1.3');
    expect(modern.headers['strict-transport-security']).toBe('max-age=31536000');
    const twelve = await get(server.port, '/api/health', { maxVersion: 'TLSv1.2' });
    expect(twelve.protocol).toBe('TLSv1.2');
    await expect(
      get(server.port, '/api/health', {
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT:@SECLEVEL=0',
      }),
    ).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${server.port}/api/health`)).rejects.toThrow();
  });
});

describe('a plain-http PUBLIC_URL on a public host (issue 11 #7)', () => {
  it('starts with a loud warning on stderr, and sends no HSTS', async () => {
    const data = createTempDir('certa-plain-');
    const server = await startServeProcess({
      DATA_DIR: data.path,
      PUBLIC_URL: 'http://certa.example.org',
    });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/health`);
      expect(response.headers.get('strict-transport-security')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.output()).toContain('WARNING: PUBLIC_URL is plain http on certa.example.org');
    } finally {
      await server.stop();
      data.remove();
    }
  }, 60_000);
});
