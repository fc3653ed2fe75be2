import { startTestApp, type TestApp } from './support/test-app.js';

describe('health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers 200 while the database is reachable and 503 once it is gone', async () => {
    await t.http.get('/health').expect(200, { status: 'ok', database: 'up' });
    // Dropping the app's database (closing its connections) is the database going away.
    await t.db.drop();
    await t.http.get('/health').expect(503, { status: 'unavailable', database: 'down' });
  });
});
