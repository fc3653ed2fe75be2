import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/**
 * Every test that touches data runs on a real PostgreSQL: DATABASE_URL when it is set, else an
 * embedded server started once for the whole run. Each e2e file then creates its own database
 * on that server (see test-database.ts), named in PODIUM_TEST_SERVER_URL.
 */
export async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect().catch((error: Error) => {
      throw new Error(`DATABASE_URL is set but PostgreSQL cannot be reached: ${error.message}`);
    });
    await client.end();
    process.env.PODIUM_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'podium-test-'));
  const embedded = await startEmbeddedPostgres(dir);
  (globalThis as { podiumTestDatabase?: { stop(): Promise<void> } }).podiumTestDatabase = {
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  process.env.PODIUM_TEST_SERVER_URL = embedded.url;
}
