import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appRoleName } from '../../src/database/app-role.js';

export interface TestDatabase {
  url: string;
  /** A client on the test database, for checking what was really stored. */
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.PODIUM_TEST_SERVER_URL;
  if (!url) throw new Error('PODIUM_TEST_SERVER_URL is not set: run the tests through jest (see test/support/global-setup.js)');
  return url;
}

/** A fresh, empty database on the test PostgreSQL server, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `podium_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    query: async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => (await client.query<R>(sql, params)).rows,
    drop: async () => {
      await client.end();
      const again = new pg.Client({ connectionString: serverUrl() });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      // The role the app connected as (src/database/app-role.ts); roles outlive their database.
      await again.query(`DROP ROLE IF EXISTS ${appRoleName(url.toString())}`);
      await again.end();
    },
  };
}
