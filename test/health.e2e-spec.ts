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
    const up = await t.http.get('/health').expect(200);
    expect(up.body).toMatchObject({ status: 'ok', database: 'up', eventLoop: { p99Ms: expect.any(Number), maxMs: expect.any(Number) } });
    // Dropping the app's database (closing its connections) is the database going away.
    await t.db.drop();
    const down = await t.http.get('/health').expect(503);
    expect(down.body).toMatchObject({ status: 'unavailable', database: 'down' });
  });
});
