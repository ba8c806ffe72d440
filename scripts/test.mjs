#!/usr/bin/env node
// `npm test`: format check, lint (with the layout rules), type checks (server and console), the
// API client's freshness, the console build, then every vitest test on SQLite and PostgreSQL.
// The last line is the summary CI reads: "N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = (name) => path.join('node_modules', '.bin', name);
const extra = process.argv.slice(2);

/**
 * Each static check counts as one test: passed or failed. They run two at a time (the machine
 * CI uses has two cores), longest first; each one's output is printed whole when it ends.
 */
const staticChecks = [
  // ESLint in parts that fill both lanes: typed linting of the console's Vue files takes most of
  // its time (about 4 s a file), so the pages and the rest of the console go on different lanes.
  {
    name: 'lint the console pages (eslint web/src/pages)',
    command: bin('eslint'),
    args: ['--max-warnings', '0', 'web/src/pages'],
  },
  {
    name: 'lint the rest of the console (eslint web)',
    command: bin('eslint'),
    args: ['--max-warnings', '0', 'web', '--ignore-pattern', 'web/src/pages/**'],
  },
  {
    name: 'lint and layout of the rest (eslint)',
    command: bin('eslint'),
    args: ['--max-warnings', '0', '.', '--ignore-pattern', 'web/**'],
  },
  {
    name: 'format (prettier --check)',
    command: bin('prettier'),
    args: ['--check', '--log-level', 'warn', '.'],
  },
  { name: 'types (tsc --noEmit)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'console types (vue-tsc --noEmit)',
    command: bin('vue-tsc'),
    args: ['--noEmit', '-p', 'web/tsconfig.json'],
  },
  {
    name: 'page scripts types (tsc -p web/pages)',
    command: bin('tsc'),
    args: ['--noEmit', '-p', 'web/pages/tsconfig.json'],
  },
  {
    name: 'console API client matches the routes (generate-api-types --check)',
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/generate-api-types.ts', '--check'],
  },
  // The browser tests drive the built console, as `npm start` serves it.
  {
    name: 'console build (vite build)',
    command: bin('vite'),
    args: ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  },
  // The public pages (activation, verification, accounts) load these modules.
  {
    name: 'page scripts build (vite build web/pages)',
    command: bin('vite'),
    args: ['build', '--config', 'web/pages.vite.config.ts', '--logLevel', 'warn'],
  },
];

let passed = 0;
let failed = 0;
let skipped = 0;

/** Runs one check with its output captured, and prints it as one block when the check ends. */
function runCheck(check) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(check.command, check.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(`\n▶ ${check.name} (${seconds} s)\n${Buffer.concat(output).toString()}`);
      if (code === 0) passed += 1;
      else {
        failed += 1;
        process.stdout.write(`✘ ${check.name} failed\n`);
      }
      resolve();
    });
  });
}

const queue = [...staticChecks];
const lane = async () => {
  for (let check = queue.shift(); check !== undefined; check = queue.shift()) await runCheck(check);
};
await Promise.all([lane(), lane()]);

process.stdout.write('\n▶ tests (vitest)\n');
const reportFile = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'certa-vitest-')),
  'report.json',
);
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extra],
  {
    stdio: 'inherit',
  },
);
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A test file that fails to load has no failed test in it, but it failed.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
  failed += brokenFiles;
} else {
  failed += 1;
  process.stdout.write(`✘ vitest wrote no report (exit ${vitest.status})\n`);
}
if (vitest.status !== 0 && failed === 0) failed += 1;

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = failed === 0 ? 0 : 1;
