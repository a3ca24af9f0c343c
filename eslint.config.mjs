// ESLint (flat config) with typescript-eslint; Prettier owns formatting (eslint-config-prettier turns
// off the rules that would fight it). `npm run lint` runs both; CI runs it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Files that may read the environment: each process's env module, and tooling that configures others. */
const ENV_READERS = ['**/src/env.ts', 'packages/service-kit/src/env.ts', 'scripts/start/config.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.data/**',
      'reports/**',
      '.stryker-tmp/**',
      '.scaffold-test-*/**',
      '**/dist/**',
      '**/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      // Another package is reached through its public entry (its exports map), never its files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@cultura/*/src', '@cultura/*/src/*', '@cultura/*/test/*'],
              message: 'Import the package’s public entry instead of its internals.',
            },
          ],
        },
      ],
      // The environment is read once, by each process's env module, into a typed object.
      'no-process-env': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ENV_READERS,
    rules: { 'no-process-env': 'off' },
  },
  {
    // Tooling and tests start the processes they check and hand each its environment; the rule guards
    // the product's code (services, gateway, packages).
    files: ['scripts/**', '**/test/**', 'test/**', 'packages/testkit/src/**', '*.config.*', 'jest.config.js'],
    rules: { 'no-process-env': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The GraphiQL page runs in the browser, with React and GraphiQL loaded by the page itself.
    files: ['gateway/explorer/**'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', React: 'readonly', ReactDOM: 'readonly', GraphiQL: 'readonly' },
    },
  },
);
