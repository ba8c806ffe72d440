#!/usr/bin/env node
// The installed `certa` command: runs the compiled CLI (npm run build, or npm start, builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('certa is not built yet: run `npm run build` (or `npm start`) first.\n');
  process.exit(2);
}
const { runCli } = await import(compiled.href);
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(text),
});
