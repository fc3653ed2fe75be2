import { createClient } from 'redis';
import { createEventFixture, type EventFixture } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REDIS_URL = process.env.PODIUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One of several instances whose Redis stops answering mid-show (the machine's Redis paused with
 * CLIENT PAUSE): it says it is not ready, takes no new screens or viewers (the load balancer and
 * the clients go elsewhere), still serves judges and organizers, and is ready again once Redis
 * answers. Needs Redis, like the two-instance test: `npm run test:cluster` runs it.
 */
describe('an instance whose Redis stops answering', () => {
  let t: TestApp;
  let fx: EventFixture;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL, PODIUM_REDIS_PREFIX: `podium-away-${process.pid}` });
    fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: '评委一', seatLabel: 'A1' }] });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is not ready, refuses new viewers with a retriable 503, keeps the organizer and judges working, and recovers', async () => {
    await until(async () => (await t.http.get('/health/ready')).status === 200, 'ready at first');
    (await LiveClient.connect(t.baseUrl, { role: 'viewer', code: fx.publicCode })).close();

    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    try {
      await admin.sendCommand(['CLIENT', 'PAUSE', '10000', 'ALL']);
      await until(async () => (await t.http.get('/health/ready')).status === 503, 'not ready while Redis does not answer');
      expect((await t.http.get('/health/ready')).body.checks).toMatchObject({ database: 'up', redis: 'down' });
      const refusal = await LiveClient.refusal(t.baseUrl, { role: 'viewer', code: fx.publicCode });
      expect(refusal.data).toMatchObject({ statusCode: 503, code: 'server_busy' });
      // The shared limits fall back to this instance's own counts: the organizer and the judges go on.
      await t.http
        .get(`/api/events/${fx.eventId}`)
        .set({ Authorization: `Bearer ${t.adminToken}` })
        .expect(200);
      (await LiveClient.connect(t.baseUrl, { role: 'judge', token: fx.judges[0].token })).close();
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      await admin.close();
    }
    await until(async () => (await t.http.get('/health/ready')).status === 200, 'ready again');
    (await LiveClient.connect(t.baseUrl, { role: 'viewer', code: fx.publicCode })).close();
  });
});

/** Polls `condition` until it holds: the instance notices Redis going and coming back within seconds. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
