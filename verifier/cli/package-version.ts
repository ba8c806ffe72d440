import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version of the package named `name` that holds the module at `moduleUrl`: the nearest
 * package.json of that name above it. Works from the sources (tsx) and from a build (dist/),
 * whatever their depth. Null when none is found.
 */
export function packageVersion(moduleUrl: string, name: string): string | null {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === name && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not JSON): look further up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
