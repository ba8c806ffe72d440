import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` (without extension) that sits next to the module at `base`
 * (its `import.meta.url`): the `.js` file once built, the `.ts` file under tsx (tests, bench),
 * where it goes through tsx-worker.mjs because a worker does not inherit tsx's loader hooks.
 */
export function startWorkerModule(name: string, base: string, workerData: unknown): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`${name}.js`, base), { workerData });
  return new Worker(new URL('./tsx-worker.mjs', import.meta.url), {
    workerData,
    argv: [new URL(`${name}.ts`, base).href],
  });
}
