// Nest 12 and TypeORM 1 ship as ES modules, and on Node 20 Jest can only load those in its
// native ESM mode (hence `--experimental-vm-modules` in the npm script).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // A ceiling, not a budget: tests wait for the conditions they need, and a slow, shared CI
  // machine must not fail them (a hung test still ends, after five minutes).
  testTimeout: 300_000,
  maxWorkers: 2,
};
