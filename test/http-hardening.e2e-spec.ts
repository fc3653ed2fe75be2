import { io } from 'socket.io-client';
import type { ScreenView } from '../src/contracts/live.js';
import { createEventFixture } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('HTTP hardening', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PODIUM_CORS_ORIGINS: 'https://hall.example.cn' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends security headers, with a content security policy that allows no foreign script', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    // Pages may connect to Podium itself only, not to any ws: or wss: host.
    expect(String(res.headers['content-security-policy']).split(';')).toContain("connect-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows only the configured origins to call across origins', async () => {
    const allowed = await t.http.get('/health').set('Origin', 'https://hall.example.cn').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://hall.example.cn');
    const foreign = await t.http.get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets only Podium’s own pages and the configured origins open the live channel', async () => {
    const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
    const open = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const socket = io(t.baseUrl, {
          auth: { role: 'screen', code: fx.publicCode },
          transports: ['websocket'],
          extraHeaders: { Origin: origin },
          reconnection: false,
          forceNew: true,
        });
        socket.once('connect', () => (socket.close(), resolve(true)));
        socket.once('connect_error', () => (socket.close(), resolve(false)));
      });
    await expect(open('https://evil.example')).resolves.toBe(false);
    await expect(open('https://hall.example.cn')).resolves.toBe(true);
    await expect(open(new URL(t.baseUrl).origin)).resolves.toBe(true);
  });

  it('refuses prototype keys and deep nesting in REST bodies and socket messages with a 400 naming the problem', async () => {
    const body = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":"a","password":"b","__proto__":{"admin":true}}')
      .expect(400);
    expect(body.body).toMatchObject({ code: 'forbidden_key' });
    const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
    const judge = await LiveClient.connect(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    try {
      let deep: unknown = '1';
      for (let i = 0; i < 40; i++) deep = { v: deep };
      await expect(
        judge.submit({ idempotencyKey: crypto.randomUUID(), presentationId: fx.presentations[0].id, values: [deep] }),
      ).resolves.toMatchObject({ ok: false, error: { statusCode: 400, code: 'too_deep' } });
      const polluting = JSON.parse(
        '{"idempotencyKey":"6b1f7b8e-3c55-4d1f-9c3a-2f5e9a7b1c02","presentationId":"x","values":[],"constructor":{"prototype":{"polluted":true}}}',
      ) as Record<string, unknown>;
      await expect(judge.submit(polluting)).resolves.toMatchObject({ ok: false, error: { statusCode: 400, code: 'forbidden_key' } });
    } finally {
      judge.close();
    }
  });

  it('refuses a body over the size limit with 413, without a stack trace', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(300_000), password: 'y' }))
      .expect(413);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('sign-in protection', () => {
  let t: TestApp;
  // Behind one trusted proxy, X-Forwarded-For says which address each attempt comes from.
  const signIn = (from: string, username: string, password: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

  beforeAll(async () => {
    // A first wait of a minute: longer than any sign-in takes on a loaded machine, so the test does not race the clock.
    t = await startTestApp({ PODIUM_TRUST_PROXY: '1', PODIUM_SIGN_IN_BACKOFF_SECONDS: '60' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('never lets a stranger lock an organizer out: the guesses slow down only the guesser', async () => {
    await t.http
      .post('/api/organizers')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ username: 'target', displayName: '目标', password: 'the-right-password', role: 'organizer' })
      .expect(201);
    const stranger = '198.51.100.7';
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(stranger, 'target', 'wrong-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const waiting = await signIn(stranger, 'target', 'the-right-password').expect(429);
    expect(waiting.body).toMatchObject({ code: 'too_many_attempts' });
    // The owner, from the organizers' office, signs in at once.
    await signIn('203.0.113.9', 'target', 'the-right-password').expect(200);
  });

  it('answers alike whether the name exists or not', async () => {
    await t.http
      .post('/api/organizers')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ username: 'real', displayName: '真', password: 'the-right-password', role: 'organizer' })
      .expect(201);
    const answers = async (from: string, username: string) => {
      const seen = [];
      for (let i = 0; i < 7; i++) {
        const { status, body } = await signIn(from, username, 'wrong-password');
        seen.push([status, body.code, String(body.message).replace(/\d+ s$/, 'N s')]);
      }
      return seen;
    };
    expect(await answers('198.51.100.20', 'real')).toEqual(await answers('198.51.100.21', 'ghost'));
  });

  it('starts counting again after a successful sign-in', async () => {
    await t.http
      .post('/api/organizers')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ username: 'typo', displayName: '手误', password: 'the-right-password', role: 'organizer' })
      .expect(201);
    const office = '203.0.113.30';
    for (let i = 0; i < 4; i++) await signIn(office, 'typo', 'wrong-password').expect(401);
    await signIn(office, 'typo', 'the-right-password').expect(200);
    for (let i = 0; i < 5; i++) await signIn(office, 'typo', 'wrong-password').expect(401);
    await signIn(office, 'typo', 'wrong-password').expect(429);
  });

  it('slows down guessing from one address across accounts', async () => {
    // All at once: one after the other, on a loaded machine, the password checks can take longer
    // than the minute the allowance is counted over (waiting for the password worker is not counted).
    // The allowance is counted in fixed one-minute windows, which an earlier test's sign-in from this
    // address may have started: 41 attempts (twice the allowance, and one) put more than 20 into one
    // window even when the burst straddles a window's end.
    const statuses = await Promise.all(
      Array.from({ length: 41 }, (_, i) =>
        t.http
          .post('/api/auth/login')
          .send({ username: `nobody${i}`, password: 'guess' })
          .then((r) => r.status),
      ),
    );
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(10);
  });
});

describe('live channel limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a flood of messages from one connection with 429 acks, and keeps serving it afterwards', async () => {
    const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
    const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode });
    try {
      const replies = await Promise.all(Array.from({ length: 60 }, () => screen.socket.timeout(60_000).emitWithAck('time.sync')));
      const limited = replies.filter((r) => !r.ok && r.error.code === 'too_many_requests');
      expect(limited.length).toBeGreaterThan(0);
      expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(20);
      await new Promise((r) => setTimeout(r, 1_100));
      await expect(screen.socket.timeout(60_000).emitWithAck('time.sync')).resolves.toMatchObject({ ok: true });
    } finally {
      screen.close();
    }
  });
});
