import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { ControlView, JudgeView, ScreenView } from '../../src/contracts/live.js';
import { createEventFixture, type EventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { ADMIN_PASSWORD, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type Cluster, startCluster } from './topology.js';

/**
 * Two instances behind a real nginx, one PostgreSQL, the machine's Redis (issue 13): judges,
 * screens, viewers and control panels spread over both, as a load balancer spreads a hall's
 * devices, and everything that crosses instances works as on one.
 */
describe('two instances behind nginx, sharing Redis', () => {
  let db: TestDatabase;
  let cluster: Cluster;
  /** The REST API through nginx, with the admin signed in (what the fixtures need of a TestApp). */
  let t: TestApp;
  let fx: EventFixture;
  const clients: LiveClient[] = [];
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const connect = async <V extends ScreenView | JudgeView | ControlView>(...args: Parameters<typeof LiveClient.connect>) => {
    const client = await LiveClient.connect<V>(...args);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    cluster = await startCluster({
      instances: 2,
      databaseUrl: db.url,
      env: {
        PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD,
        // This run's own streams and keys: other runs may share the machine's Redis.
        PODIUM_REDIS_PREFIX: `podium-test-${randomUUID().slice(0, 8)}`,
        PODIUM_SCREENS_PER_ADDRESS: '4',
      },
    });
    const http = request(cluster.url);
    const login = await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
    t = { http, adminToken: login.body.token as string, baseUrl: cluster.url } as unknown as TestApp;
    fx = await createEventFixture(t, {
      units: ['红安县', '麻城市'],
      judges: ['A1', 'A2', 'A3'].map((seatLabel, i) => ({ displayName: `评委${i + 1}`, seatLabel })),
    });
    await http.post(`/api/events/${fx.eventId}/rounds/${fx.roundId}/start`).set(auth()).expect(200);
    await http.post(`/api/events/${fx.eventId}/presentations/${fx.presentations[0].id}/stage`).set(auth()).expect(200);
  });

  afterEach(() => clients.splice(0).forEach((c) => c.close()));

  afterAll(async () => {
    await cluster?.stop();
    await db?.drop();
  });

  const [a, b] = [0, 1].map((i) => () => cluster.instances[i].url);
  const version = async () =>
    Number((await db.query<{ version: string }>('SELECT version FROM event WHERE id = $1', [fx.eventId]))[0].version);
  const command = (base: string, path: string, body: object = {}) =>
    request(base).post(`/api/events/${fx.eventId}/${path}`).set(auth()).send(body).expect(200);

  it('carries a score on either instance to every screen, viewer and control panel on both, and serves no stale snapshot', async () => {
    // Judges: one on each instance, one through nginx; screens and viewers the same, from several addresses.
    const judges = [
      await connect<JudgeView>(a(), { role: 'judge', token: fx.judges[0].token }),
      await connect<JudgeView>(b(), { role: 'judge', token: fx.judges[1].token }),
      await connect<JudgeView>(cluster.url, { role: 'judge', token: fx.judges[2].token }, '127.0.0.2'),
    ];
    const screens = [
      await connect<ScreenView>(a(), { role: 'screen', code: fx.publicCode }),
      await connect<ScreenView>(b(), { role: 'screen', code: fx.publicCode }),
      ...(await Promise.all(
        [3, 4, 5, 6, 7, 8].map((n) => connect<ScreenView>(cluster.url, { role: 'viewer', code: fx.publicCode }, `127.0.0.${n}`)),
      )),
    ];
    const control = await connect<ControlView>(b(), { role: 'control', token: t.adminToken, eventId: fx.eventId });

    // Scoring opened on instance A reaches everyone, wherever they are connected.
    await command(a(), `presentations/${fx.presentations[0].id}/open-scoring`);
    const open = await version();
    await Promise.all([...screens, control, ...judges].map((c) => c.waitFor(() => c.latest.version >= open)));

    // A score on A, one on B, one through nginx: every screen holds the sealed progress of all three.
    const talk = fx.presentations[0].id;
    await Promise.all(
      judges.map(async (judge, i) => expect((await judge.submit(scorePayload(fx, talk, [`${50 + i}`, '30']))).ok).toBe(true)),
    );
    const scored = await version();
    for (const client of [...screens, control]) {
      const view = await client.waitFor((v) => (v as ScreenView).progress?.scored === 3);
      expect(client.latest.version).toBe(scored);
      expect((view as ScreenView).progress?.scoredSeats).toEqual(['A1', 'A2', 'A3']);
    }

    // The organizer reveals on B: A's screens show the result, and a screen that connects to A now
    // is served that version, not what A held before.
    await command(b(), `presentations/${talk}/close-scoring`);
    await command(b(), `presentations/${talk}/reveal`);
    const revealed = await version();
    const late = await connect<ScreenView>(a(), { role: 'screen', code: fx.publicCode });
    expect(late.latest.version).toBe(revealed);
    expect(late.view.reveal?.presentationId).toBe(talk);
    for (const screen of screens) await screen.waitFor((v) => v.reveal?.presentationId === talk);
    expect(screens.every((s) => s.latest.version === revealed)).toBe(true);
  });

  it('shows the control panel the judges online on every instance, and revoking a link ends that tablet on the other instance', async () => {
    const presence: string[][] = [];
    const control = await connect<ControlView>(a(), { role: 'control', token: t.adminToken, eventId: fx.eventId });
    control.socket.on('presence', (p) => presence.push([...p.online].sort()));
    const online = (ids: string[]) => waitUntil(() => JSON.stringify(presence.at(-1)) === JSON.stringify([...ids].sort()));

    const onA = await connect<JudgeView>(a(), { role: 'judge', token: fx.judges[0].token });
    const onB = await connect<JudgeView>(b(), { role: 'judge', token: fx.judges[1].token });
    await online([fx.judges[0].id, fx.judges[1].id]);

    // Revoked through A: the tablet on B is told why and disconnected, and A's panel sees it go.
    const ended = new Promise<{ code: string }>((resolve) => onB.socket.once('session.ended', resolve));
    const gone = new Promise<void>((resolve) => onB.socket.once('disconnect', () => resolve()));
    await request(a()).delete(`/api/events/${fx.eventId}/judges/${fx.judges[1].id}/link`).set(auth()).expect(200);
    expect((await ended).code).toBe('link_revoked');
    await gone;
    await online([fx.judges[0].id]);
    onA.close();
    await online([]);
  });

  it('counts sign-in attempts and open screens over both instances', async () => {
    // 20 sign-in attempts a minute from one address in all, alternating between the instances.
    const answers: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await request(cluster.instances[i % 2].url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', '203.0.113.7')
        .send({ username: `nobody-${i}`, password: 'wrong password' });
      answers.push(response.status);
    }
    expect(answers.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(answers[20]).toBe(429);

    // Four screens from one address in all (PODIUM_SCREENS_PER_ADDRESS=4): two on each instance fill
    // it, and once the instances have told each other their counts, a fifth is refused on either.
    const from = '127.0.0.20';
    for (const base of [a(), a(), b(), b()]) await connect<ScreenView>(base, { role: 'viewer', code: fx.publicCode }, from);
    await waitUntil(async () => {
      try {
        const extra = await LiveClient.connect<ScreenView>(a(), { role: 'viewer', code: fx.publicCode }, from);
        extra.close();
        return false;
      } catch (error) {
        const data = (error as { data?: { code?: string } }).data;
        if (data?.code !== 'too_many_screens') throw error;
        return true;
      }
    });
  });
});

/** Polls `condition` until it holds (the instances tell each other things within a second or two). */
async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
