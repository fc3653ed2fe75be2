// npm run test:faults: what happens when processes die and the database goes away. Each spec
// brings its own PostgreSQL (embedded) so it can stop and start it.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 900_000,
  maxWorkers: 1,
};
