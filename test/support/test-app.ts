import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { type AppOptions, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/app-config.js';
import { AuthService } from '../../src/organizers/auth.service.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN_PASSWORD = 'test-admin-password';
export const TEST_BALLOT_SECRET = 'test-ballot-secret-0123456789abcdefghij';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  db: TestDatabase;
  http: TestAgent;
  adminToken: string;
  close(): Promise<void>;
}

/** The real application on the given database, listening on a free port, with the admin signed in. */
export async function startAppOn(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<Omit<TestApp, 'db' | 'close'>> {
  process.env.NODE_ENV = 'test';
  const config = loadConfig({
    PODIUM_DEMO: '0',
    PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PORT: '0',
    // Ballot codes derive from it; set here so that no test writes one into the working directory.
    PODIUM_BALLOT_SECRET: TEST_BALLOT_SECRET,
    ...env,
  });
  const app = await createApp(config, databaseUrl, options);
  await app.listen(0, '127.0.0.1');
  await app.get(AuthService).ensureFirstAdmin();
  const baseUrl = await app.getUrl();
  const http = request(app.getHttpServer());
  const login = await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
  return { app, baseUrl: baseUrl.replace('[::1]', '127.0.0.1'), http, adminToken: login.body.token as string };
}

/** The real application on its own fresh database, listening on a free port. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const started = await startAppOn(db.url, env, options);
  return {
    ...started,
    db,
    close: async () => {
      await started.app.close();
      await db.drop();
    },
  };
}
