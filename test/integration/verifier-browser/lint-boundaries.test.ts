import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of DESIGN §5 hold: a probe file with a forbidden import is put in each guarded
 * folder for the time of the test, and ESLint (the project's own configuration) must refuse it
 * with the rule's message.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const PROBE = `__lint-probe-${process.pid}.ts`;

interface Probe {
  readonly folder: string;
  readonly source: string;
  /** Messages (substrings) that must all be reported. */
  readonly expected: readonly string[];
}

const PROBES: readonly Probe[] = [
  {
    folder: 'src/templates',
    source: "import '../http/app-probe.js';\n",
    expected: ['Domain code does not depend on http/ or cli/.'],
  },
  {
    folder: 'src/signing',
    source: "import '../documents/document.js';\n",
    expected: ['Adapters (crypto, pdf, db, storage, mail, signing) know nothing'],
  },
  {
    folder: 'src/pdf',
    source: "import '../templates/template-probe.js';\n",
    expected: ['Adapters (crypto, pdf, db, storage, mail, signing) know nothing'],
  },
  {
    // The crypto rule adds to the adapter rule: both sets of restrictions apply.
    folder: 'src/crypto',
    source: "import 'node:fs';\nimport 'fastify';\nimport '../issuers/issuer.js';\n",
    expected: [
      'crypto/ does no I/O (DESIGN §5).',
      'Adapters know nothing of HTTP.',
      'Adapters (crypto, pdf, db, storage, mail, signing) know nothing',
    ],
  },
  {
    folder: 'verifier/ots',
    source: "import '../../src/errors.js';\nimport 'left-pad';\n",
    expected: [
      'verifier/ imports nothing of the server (DESIGN §5).',
      'verifier/ uses only what verifier/package.json declares',
    ],
  },
  {
    folder: 'verifier/verify',
    source: "import '../../src/config.js';\n",
    expected: ['verifier/ imports nothing of the server (DESIGN §5).'],
  },
  {
    // The browser bundle's sources: no Node module, no Buffer, and still nothing of the server.
    folder: 'verifier/web',
    source:
      "import 'node:crypto';\nimport '../../src/errors.js';\nexport const bytes = Buffer.from('x');\n",
    expected: [
      'The verifier runs in browsers too (no Node module outside verifier/cli/).',
      'verifier/ imports nothing of the server (DESIGN §5).',
      'The verifier uses Uint8Array',
    ],
  },
  // One implementation for Node and browsers: the rest of the package is held to the same rules.
  ...['verifier/merkle', 'verifier/pdf-signature', 'verifier/credential', 'verifier/bitcoin'].map(
    (folder): Probe => ({
      folder,
      source:
        "import { createHash } from 'node:crypto';\nexport const a = createHash('sha256');\nexport const b = Buffer.alloc(1);\nexport const c = process.env;\n",
      expected: [
        'The verifier runs in browsers too (no Node module outside verifier/cli/).',
        'The verifier uses Uint8Array',
        'The verifier runs in browsers too (no process).',
      ],
    }),
  ),
];

/** Where Node stays allowed: the command reads files and arguments. */
const NODE_ALLOWED = {
  folder: 'verifier/cli',
  source:
    "import fs from 'node:fs';\nexport const a = fs.readFileSync;\nexport const b = Buffer.alloc(1);\n",
} as const;

const written: string[] = [];

afterAll(() => {
  for (const file of written) fs.rmSync(file, { force: true });
});

describe('lint guards the layers of DESIGN §5', () => {
  it('a forbidden import in each guarded folder fails lint with the rule’s message', async () => {
    for (const probe of PROBES) {
      const file = path.join(ROOT, probe.folder, PROBE);
      fs.writeFileSync(file, probe.source);
      written.push(file);
    }
    // The project's configuration, only its layer rules, parsed without type information (fast).
    const eslint = new ESLint({
      cwd: ROOT,
      ruleFilter: ({ ruleId }) =>
        ruleId === 'no-restricted-imports' || ruleId === 'no-restricted-globals',
      overrideConfig: {
        languageOptions: { parserOptions: { projectService: false, project: null } },
      },
    });
    const allowed = path.join(ROOT, NODE_ALLOWED.folder, PROBE);
    fs.writeFileSync(allowed, NODE_ALLOWED.source);
    written.push(allowed);
    const results = await eslint.lintFiles(written);
    for (const [index, probe] of PROBES.entries()) {
      const messages = (results[index]?.messages ?? []).map((message) => message.message);
      for (const expected of probe.expected)
        expect(
          messages.some((message) => message.includes(expected)),
          `${probe.folder}: ${JSON.stringify(messages)}`,
        ).toBe(true);
    }
    // The command may use Node.
    expect(results[PROBES.length]?.messages ?? []).toEqual([]);
    // And the real sources pass: the rules forbid the probes, not the code.
    const clean = await eslint.lintFiles([
      path.join(ROOT, 'verifier/browser.ts'),
      path.join(ROOT, 'verifier/web/verify-document.ts'),
      path.join(ROOT, 'verifier/ots/ops.ts'),
      path.join(ROOT, 'verifier/pdf-signature/verify-pdf-signatures.ts'),
      path.join(ROOT, 'verifier/credential/detached-jws.ts'),
      path.join(ROOT, 'verifier/cli/verify-command.ts'),
    ]);
    expect(clean.flatMap((result) => result.messages)).toEqual([]);
  }, 60_000);
});
