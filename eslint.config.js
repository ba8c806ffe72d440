// @ts-check
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const DOMAIN = ['accounts', 'documents', 'issuers', 'verification', 'anchoring'];
const ADAPTERS = ['crypto', 'pdf', 'db', 'storage', 'mail'];
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'fastify', message: 'Adapters know nothing of HTTP.' }],
          patterns: [
            {
              group: [...DOMAIN, 'http', 'cli'].map((area) => `**/${area}/**`),
              message:
                'Adapters (crypto, pdf, db, storage, mail) know nothing of the areas, http or cli.',
            },
          ],
        },
      ],
    },
  },
  {
    // The verifier is its own package (@certa/verifier): nothing of the server, and only the
    // packages its package.json declares (the test tools aside).
    files: ['verifier/**/*.ts'],
    // Tests are not shipped; some check interoperation with the server's own code.
    ignores: ['verifier/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**'],
              message: 'verifier/ imports nothing of the server (DESIGN §5).',
            },
            {
              regex: '^(?!node:|asn1js$|pdf-lib$|pkijs$|vitest$|\\.)',
              message:
                'verifier/ uses only what verifier/package.json declares (asn1js, pdf-lib, pkijs).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/crypto/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_IO.map((name) => ({ name, message: 'crypto/ does no I/O (DESIGN §5).' })),
          patterns: [
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
            'web/vite.config.ts',
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
    files: ['bin/*.js', 'scripts/*.mjs', 'scripts/*.ts', 'bench/**/*.ts'],
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
