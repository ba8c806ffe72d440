#!/usr/bin/env node
// The `certa-verify` executable (the package's bin): runs the verifier on this process's arguments.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(text),
});
