import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import type { ClientToServerEvents, ServerToClientEvents, SubmitScorePayload } from '../../src/contracts/live.js';
import { followLive } from '../support/live-client.js';
import { freePort, ServerProcess } from './server-process.js';

const SUBMISSIONS = Number(process.env.CHAOS_SUBMISSIONS ?? 10_000);
const JUDGES = 50;
const ADMIN_PASSWORD = 'chaos-admin-password';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A judge's tablet as the client does it: an outbox, re-sent with the same keys until acknowledged. */
class SimulatedJudge {
  readonly outbox: { payload: SubmitScorePayload; acked: boolean }[] = [];
  attempts = 0;
  refused = 0;
  private flushing: Promise<void> = Promise.resolve();

  constructor(readonly socket: ClientSocket) {
    // As the tablet does: socket.io does not retry a handshake refused while the server was down.
    socket.on('connect_error', () => {
      if (!socket.active) setTimeout(() => socket.connect(), 500);
    });
  }

  add(payload: SubmitScorePayload): void {
    this.outbox.push({ payload, acked: false });
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const entry of this.outbox.filter((e) => !e.acked)) {
        this.attempts++;
        try {
          const ack = await this.socket.timeout(3_000).emitWithAck('score.submit', entry.payload);
          if (ack.ok) entry.acked = true;
          else if (ack.error.statusCode < 500) {
            this.refused++;
            entry.acked = true; // a refusal is final; counted separately
          } else return;
        } catch {
          return;
        }
      }
    });
    return this.flushing;
  }
}

/**
 * The chaos run: 50 judges submit and amend over random network cuts, two server kills (SIGKILL)
 * and one database restart. Pass: the database holds exactly the union of every outbox, no more,
 * no less, and every screen ends on the final state. The counts go to test-artifacts/chaos.json.
 */
describe('chaos run', () => {
  let dir: string;
  let database: EmbeddedDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-chaos-'));
    database = await startEmbeddedPostgres(dir);
    server = new ServerProcess({ DATABASE_URL: database.url, PODIUM_DEMO: '0', PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD }, await freePort());
    await server.start();
  });

  afterAll(async () => {
    await server?.stop();
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`stores exactly what ${JUDGES} judges' outboxes sent, over cuts, kills and a database restart`, async () => {
    const api = async (method: string, path: string, token: string | null, body?: object) => {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body && JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, string>;
    };
    const { token } = await api('POST', '/api/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD });
    const event = await api('POST', '/api/events', token, { name: '混沌测试' });
    const criterion = await api('POST', `/api/events/${event.id}/criteria`, token, { name: '总分', maxScore: '100', step: '1' });
    const round = await api('POST', `/api/events/${event.id}/rounds`, token, { topic: '专题' });
    const presenter = await api('POST', `/api/events/${event.id}/presenters`, token, { title: '县委书记', unit: '红安县' });
    const talk = await api('POST', `/api/events/${event.id}/rounds/${round.id}/presentations`, token, { presenterId: presenter.id });
    const links: string[] = [];
    for (let i = 0; i < JUDGES; i++)
      links.push((await api('POST', `/api/events/${event.id}/judges`, token, { displayName: `J${i}`, seatLabel: `J${i}` })).link);
    await api('POST', `/api/events/${event.id}/rounds/${round.id}/start`, token);
    await api('POST', `/api/events/${event.id}/presentations/${talk.id}/stage`, token);
    await api('POST', `/api/events/${event.id}/presentations/${talk.id}/open-scoring`, token);

    const connect = (auth: object): ClientSocket =>
      io(server.baseUrl, { auth, transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
    const judges = links.map((link) => new SimulatedJudge(connect({ role: 'judge', token: new URL(link).pathname.split('/').pop() })));
    // Storms: screens are cut and come back too; each time, how long until the screen holds at
    // least the version the database had when it reconnected.
    const versions = new pg.Client({ connectionString: database.url });
    await versions.connect();
    versions.on('error', () => undefined);
    const dbVersion = async () =>
      Number((await versions.query<{ version: string }>('SELECT version FROM event WHERE id = $1', [event.id])).rows[0].version);
    const resyncs: number[] = [];
    const screens = [0, 1, 2].map(() => {
      const socket = connect({ role: 'screen', code: event.publicCode });
      const seen = { version: 0 };
      // The version of the complete view the screen holds, as the big screen assembles it from updates.
      followLive(socket, (held) => (seen.version = Math.max(seen.version, held.version)));
      socket.on('connect', () => {
        const at = Date.now();
        void dbVersion().then(
          async (target) => {
            while (seen.version < target && Date.now() - at < 5_000) await new Promise((r) => setTimeout(r, 10));
            resyncs.push(Date.now() - at);
          },
          () => undefined, // the database is down right now: nothing to compare with
        );
      });
      return { socket, seen };
    });
    let screenCuts = 0;

    const ticks = Math.ceil(SUBMISSIONS / JUDGES);
    const chaos: string[] = [];
    let cuts = 0;
    for (let tick = 0; tick < ticks; tick++) {
      if (tick === Math.floor(ticks * 0.25) || tick === Math.floor(ticks * 0.7)) {
        server.kill();
        chaos.push(`server killed (SIGKILL) at tick ${tick}`);
        setTimeout(() => void server.start(), 1_000);
      }
      if (tick === Math.floor(ticks * 0.5)) {
        await database.stop();
        chaos.push(`database stopped at tick ${tick}`);
        setTimeout(() => void database.start(), 2_000);
      }
      for (const screen of screens.filter(() => Math.random() < 0.05)) {
        screenCuts++;
        screen.socket.disconnect();
        setTimeout(() => screen.socket.connect(), 100 + Math.random() * 400);
      }
      for (const judge of judges.filter(() => Math.random() < 0.02)) {
        cuts++;
        judge.socket.disconnect();
        setTimeout(() => judge.socket.connect(), 100 + Math.random() * 700);
      }
      for (const [i, judge] of judges.entries()) {
        if (tick * JUDGES + i >= SUBMISSIONS) break;
        judge.add({
          idempotencyKey: randomUUID(),
          presentationId: talk.id,
          values: [{ criterionId: criterion.id, value: String(Math.floor(Math.random() * 101)) }],
        });
      }
      await Promise.all(judges.map((j) => j.flush()));
    }

    // Everything the outboxes still hold arrives once the dust settles. A slow, shared machine may
    // take its time: wait as long as acknowledgements keep coming, and give up only after two
    // minutes without a single one.
    const pending = () => judges.reduce((n, j) => n + j.outbox.filter((e) => !e.acked).length, 0);
    let left = pending();
    let stalledSince = Date.now();
    while (left > 0 && Date.now() - stalledSince < 120_000) {
      await new Promise((r) => setTimeout(r, 500));
      for (const j of judges) if (!j.socket.connected && !j.socket.active) j.socket.connect();
      await Promise.all(judges.map((j) => j.flush()));
      const now = pending();
      if (now < left) stalledSince = Date.now();
      left = now;
    }

    await versions.end().catch(() => undefined);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const stored = (await client.query<{ idempotency_key: string }>('SELECT idempotency_key FROM score')).rows.map(
      (r) => r.idempotency_key,
    );
    const [{ version }] = (await client.query<{ version: string }>('SELECT version FROM event WHERE id = $1', [event.id])).rows;
    await client.end();
    await new Promise((r) => setTimeout(r, 1_000));

    const sent = judges.flatMap((j) => j.outbox.map((e) => e.payload.idempotencyKey));
    const storedSet = new Set(stored);
    const counts = {
      submissions: sent.length,
      sendAttempts: judges.reduce((a, j) => a + j.attempts, 0),
      acknowledged: judges.reduce((a, j) => a + j.outbox.filter((e) => e.acked).length, 0),
      refused: judges.reduce((a, j) => a + j.refused, 0),
      stored: stored.length,
      duplicates: stored.length - storedSet.size,
      lost: sent.filter((k) => !storedSet.has(k)).length,
      extra: stored.filter((k) => !sent.includes(k)).length,
      networkCuts: cuts,
      screenCuts,
      screenResyncs: resyncs.length,
      slowestScreenResyncMs: Math.max(0, ...resyncs),
      chaos,
      finalEventVersion: Number(version),
      screenVersions: screens.map((s) => s.seen.version),
    };
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/chaos.json', JSON.stringify(counts, null, 2));
    console.log(`chaos run: ${JSON.stringify(counts)}`);
    judges.forEach((j) => j.socket.close());
    screens.forEach((s) => s.socket.close());

    expect(counts.refused).toBe(0);
    expect(counts.acknowledged).toBe(counts.submissions);
    expect(counts.duplicates).toBe(0);
    expect(counts.lost).toBe(0);
    expect(counts.extra).toBe(0);
    expect(counts.stored).toBe(counts.submissions);
    expect(counts.screenVersions).toEqual([Number(version), Number(version), Number(version)]);
    expect(counts.slowestScreenResyncMs).toBeLessThan(1_000);
  }, 1_800_000);
});
