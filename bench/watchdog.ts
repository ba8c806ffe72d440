import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A watchdog for a benchmark process. On Node 20.20, issuing documents can deadlock the main
 * thread for good (a GC inside `KeyObject.export({ format: 'jwk' })` finalises the
 * `generateKeyPairSync` job of the same key, whose destructor waits for the mutex the export
 * holds — see the report). A blocked main thread runs no timers and no signal handlers, so the
 * watchdog lives in a worker thread: when the main thread makes no progress for `stallMs`, it
 * removes the temp dirs and drops the databases registered with it, then kills the process
 * (SIGKILL, exit status 137) so that the orchestrator can report it and retry.
 */

/** A resource the watchdog removes if it has to kill the process. */
export type WatchedResource =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'database'; readonly name: string; readonly adminUrl: string };

interface WatchdogState {
  readonly worker: Worker;
  readonly progress: Int32Array;
  nextId: number;
}

let state: WatchdogState | undefined;

const WORKER_SOURCE = `
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const progress = new Int32Array(workerData.progress);
const resources = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'add') resources.set(message.id, message.resource);
  else resources.delete(message.id);
});
let last = Atomics.load(progress, 0);
let since = Date.now();
let firing = false;
setInterval(async () => {
  const now = Atomics.load(progress, 0);
  if (now !== last) { last = now; since = Date.now(); return; }
  if (firing || Date.now() - since < workerData.stallMs) return;
  firing = true;
  fs.writeSync(2, '\\n[watchdog] ' + workerData.label + ': the main thread made no progress for ' +
    Math.round(workerData.stallMs / 1000) + ' s (blocked; on Node 20.20 most likely the crypto ' +
    'deadlock in KeyObject.export after generateKeyPairSync). Cleaning up and killing pid ' +
    process.pid + '.\\n');
  for (const resource of resources.values()) {
    try {
      if (resource.kind === 'dir') fs.rmSync(resource.path, { recursive: true, force: true });
      else {
        const pg = require(workerData.pgPath);
        const client = new pg.Client({ connectionString: resource.adminUrl });
        await client.connect();
        await client.query('DROP DATABASE IF EXISTS ' + resource.name + ' WITH (FORCE)');
        await client.end();
      }
    } catch (error) {
      fs.writeSync(2, '[watchdog] clean-up failed: ' + (error && error.message) + '\\n');
    }
  }
  process.kill(process.pid, 'SIGKILL');
}, 1000);
`;

/**
 * Starts the watchdog of this process (once). `label` names the process in the message; the
 * main thread must call {@link tick} at least every `stallMs` (a 1-second timer does, plus the
 * loops of the benchmarks, whose tight promise chains can starve timers for a while).
 */
export function startWatchdog(label: string, stallMs = 60_000): void {
  if (state !== undefined) return;
  const progress = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // The worker is plain CommonJS: it needs neither tsx nor the profiler of its parent.
    execArgv: [],
    workerData: {
      progress: progress.buffer,
      stallMs,
      label,
      pgPath: createRequire(import.meta.url).resolve('pg'),
    },
  });
  worker.unref();
  state = { worker, progress, nextId: 1 };
  setInterval(tick, 1000).unref();
}

/** Tells the watchdog the main thread is alive. Cheap: one atomic add. */
export function tick(): void {
  if (state !== undefined) Atomics.add(state.progress, 0, 1);
}

/** Registers a resource; returns the function that unregisters it (call after removing it). */
export function watchResource(resource: WatchedResource): () => void {
  const current = state;
  if (current === undefined) return () => undefined;
  const id = current.nextId;
  current.nextId += 1;
  current.worker.postMessage({ type: 'add', id, resource });
  return () => current.worker.postMessage({ type: 'remove', id });
}
