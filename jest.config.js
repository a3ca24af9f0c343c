/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    // Keep `import()` native so ESM-only packages load as ESM.
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/{packages,services,gateway,test}/**/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/packages/testkit/src/global-setup.mjs',
  globalTeardown: '<rootDir>/packages/testkit/src/global-teardown.mjs',
  testTimeout: 60000,
  // Stryker's sandboxes (npm run test:mutation) hold a copy of every package.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  maxWorkers: 2,
};
