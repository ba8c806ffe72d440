// @ts-check
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const DOMAIN = [
  'accounts',
  'documents',
  'issuers',
  'verification',
  'anchoring',
  'terms',
  'reports',
  'templates',
  'webhooks',
  'bitcoin-headers',
];
const ADAPTERS = ['crypto', 'pdf', 'db', 'storage', 'mail', 'signing'];
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'child_process',
  'dgram',
  'dns',
  'tls',
].flatMap((name) => [name, `node:${name}`]);

/** Adapters (DESIGN §5) know nothing of the domain areas, of http or of cli. */
const ADAPTER_RULE = {
  paths: [{ name: 'fastify', message: 'Adapters know nothing of HTTP.' }],
  patterns: [
    {
      group: [...DOMAIN, 'http', 'cli'].map((area) => `**/${area}/**`),
      message:
        'Adapters (crypto, pdf, db, storage, mail, signing) know nothing of the areas, http or cli.',
    },
  ],
};

/** verifier/ (the @certa/verifier package): nothing of the server, only its declared packages. */
const VERIFIER_PATTERNS = [
  {
    group: ['**/src/**'],
    message: 'verifier/ imports nothing of the server (DESIGN §5).',
  },
  {
    regex: '^(?!node:|asn1js$|pdf-lib$|pkijs$|@noble/hashes/|vitest$|\\.)',
    message:
      'verifier/ uses only what verifier/package.json declares (asn1js, pdf-lib, pkijs, @noble/hashes).',
  },
];

/**
 * The verifier package runs in Node and in browsers alike: every source but the command
 * (`verifier/cli/`, which reads files and arguments), the test helpers and the tests.
 */
const VERIFIER_PORTABLE = ['verifier/**/*.ts'];
const VERIFIER_NODE_ONLY = ['verifier/cli/**', 'verifier/test-support/**', 'verifier/**/*.test.ts'];

/** Layout and dependency direction (DESIGN §5): http | cli → domain → adapters, never back. */
const layout = [
  {
    files: DOMAIN.map((area) => `src/${area}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'fastify', message: 'Domain code never imports Fastify (DESIGN §5).' }],
          patterns: [
            { group: ['@fastify/*'], message: 'Domain code never imports Fastify (DESIGN §5).' },
            {
              group: ['**/http/**', '**/cli/**', '**/app.js'],
              message: 'Domain code does not depend on http/ or cli/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ADAPTERS.map((area) => `src/${area}/**/*.ts`),
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', ADAPTER_RULE] },
  },
  {
    // The verifier is its own package (@certa/verifier): nothing of the server, and only the
    // packages its package.json declares (the test tools aside).
    files: ['verifier/**/*.ts'],
    // Tests are not shipped; some check interoperation with the server's own code.
    ignores: ['verifier/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: VERIFIER_PATTERNS }] },
  },
  {
    // The package is one implementation for Node and browsers: Web Crypto and Uint8Array only —
    // no Node module, no Buffer, no process — outside the command and the tests. Merged with the
    // package rule above (a later no-restricted-imports replaces an earlier one for the same file).
    files: VERIFIER_PORTABLE,
    ignores: VERIFIER_NODE_ONLY,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...VERIFIER_PATTERNS,
            {
              group: ['node:*'],
              message: 'The verifier runs in browsers too (no Node module outside verifier/cli/).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'Buffer',
          message: 'The verifier uses Uint8Array (verifier/common/bytes.ts), not Buffer.',
        },
        { name: 'process', message: 'The verifier runs in browsers too (no process).' },
      ],
    },
  },
  {
    // crypto/ is an adapter AND does no I/O: its rule adds to the adapter rule (a later
    // no-restricted-imports replaces an earlier one for the same file, so both are merged here).
    files: ['src/crypto/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ADAPTER_RULE.paths,
            ...NODE_IO.map((name) => ({ name, message: 'crypto/ does no I/O (DESIGN §5).' })),
          ],
          patterns: [
            ...ADAPTER_RULE.patterns,
            {
              group: ['../*', '!../errors.js'],
              message: 'crypto/ depends on nothing else of the project.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'verifier/dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            'eslint.config.js',
            'bin/*.js',
            'scripts/*.mjs',
            'verifier/scripts/*.mjs',
            'web/vite.config.ts',
            'web/pages.vite.config.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['bin/*.js', 'scripts/*.mjs', 'scripts/*.ts', 'bench/**/*.ts', 'verifier/scripts/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: { 'no-console': 'off' },
  },
  ...layout,
  // The console (web/): Vue single-file components, typed and linted like the server.
  ...pluginVue.configs['flat/recommended'].map((config) => ({
    ...config,
    files: ['web/**/*.vue'],
  })),
  {
    files: ['web/**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
  },
  {
    // The public pages' scripts (web/pages/, built by Vite): browser code; of the server they
    // read only the page-data contract (types).
    files: ['web/pages/**/*.ts'],
    rules: {
      'no-undef': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/src/(?!http/routes/pages/page-data\\.js$)',
              message: 'Page scripts read only the page-data contract of the server.',
            },
            { group: ['node:*'], message: 'Page scripts run in browsers.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.ts', 'web/**/*.vue'],
    rules: {
      // TypeScript (vue-tsc) knows the browser's globals; ESLint's own check does not.
      'no-undef': 'off',
      // Prettier formats the templates.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/require-default-prop': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '!./**', '!../**'],
              message: 'The console talks to the server through the API only (web/src/api).',
            },
            { group: ['node:*'], message: 'The console runs in browsers.' },
          ],
        },
      ],
    },
  },
);
