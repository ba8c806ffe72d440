import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/certa-process.js';

/** npm's own range matcher (installed with the tools; untyped here on purpose). */
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};

interface Manifest {
  name: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
}

function manifestOf(directory: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as Manifest;
}

/** Every package the server loads at run time: dependencies, transitively, as installed. */
function runtimePackages(): Map<string, Manifest> {
  const found = new Map<string, Manifest>();
  const pending = Object.keys(manifestOf(PROJECT_ROOT).dependencies ?? {});
  while (pending.length > 0) {
    const name = pending.pop() ?? '';
    if (found.has(name)) continue;
    const directory = path.join(PROJECT_ROOT, 'node_modules', name);
    if (!fs.existsSync(directory)) continue;
    const manifest = manifestOf(directory);
    found.set(name, manifest);
    pending.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return found;
}

describe('Node.js versions (issue 11 #11)', () => {
  const engines = manifestOf(PROJECT_ROOT).engines?.node ?? '';

  it('package.json accepts Node 22 LTS and 24, and Node 20 from 20.19, but not the odd releases', () => {
    for (const version of ['22.12.0', '22.20.0', '24.0.0', '20.19.0', '20.20.2'])
      expect(semver.satisfies(version, engines), version).toBe(true);
    for (const version of ['18.20.0', '20.18.0', '21.7.0', '22.11.0'])
      expect(semver.satisfies(version, engines), version).toBe(false);
  });

  it('every runtime dependency supports Node 22 LTS', () => {
    const refusing: string[] = [];
    for (const [name, manifest] of runtimePackages()) {
      const wanted = manifest.engines?.node;
      if (wanted !== undefined && !semver.satisfies('22.12.0', wanted)) refusing.push(name);
    }
    expect(refusing).toEqual([]);
  });

  it('this machine runs a version package.json accepts', () => {
    expect(semver.satisfies(process.versions.node, engines)).toBe(true);
  });
});
