// npm run test:cluster: two instances of the built server behind a real nginx, sharing the machine's
// PostgreSQL and Redis (issue 13). Needs nginx and Redis, which `.ci/run` provides; `npm test` does not run it.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  maxWorkers: 1,
};
