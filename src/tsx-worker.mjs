// Entry of a worker thread started from TypeScript under tsx (tests, benchmarks): a worker does
// not inherit tsx's loader hooks, so it registers them, then imports the worker module named by
// its last argument (src/worker-thread.ts). Built code starts its .js worker modules directly.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
