import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { PROJECT_ROOT } from './certa-process.js';

/** A port nobody listens on right now (the kernel's choice for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** What the process wrote to stderr so far (and stdout, when it is a pipe). */
  readonly output: () => string;
  /** Whether the process is still running. */
  readonly alive: () => boolean;
  stop(): Promise<number | null>;
}

/**
 * Starts `certa serve` as a real child process on a free loopback port. `stdout` is `'pipe'` or
 * a file descriptor (a log file on a full disk). Resolves once the port accepts connections, or
 * rejects with the process's output when it exits first.
 */
export async function startServeProcess(
  env: Record<string, string>,
  options: { stdout?: 'pipe' | number } = {},
): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? PROJECT_ROOT,
      HOST: '127.0.0.1',
      PORT: String(port),
      ANCHOR_BACKENDS: 'none',
      ...env,
    },
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve(code);
    }),
  );
  const output = () => Buffer.concat(chunks).toString('utf8');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`certa serve exited with ${exited}: ${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`certa serve did not answer: ${output()}`);
    }
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    port,
    output,
    alive: () => exited === undefined,
    async stop() {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}
