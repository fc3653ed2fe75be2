// npm run bench:live: the live channel under load, measured against bare baselines in the same run.
// A benchmark, not a test: it prints figures (and writes them to test-artifacts/bench-live.json).
// The built server runs as its own process, on a fresh database of DATABASE_URL's server if set,
// else of an embedded PostgreSQL. What the live channel feels is measured as clients feel it: the
// round trip of a judge's score, and of the heartbeat every tablet and screen sends.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import type { JudgeView, ScreenView } from '../../src/contracts/live.js';
import { freePort, ServerProcess } from '../faults/server-process.js';
import { createEventFixture, openScoring, playedEventFixture, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { ADMIN_PASSWORD, type TestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';

const RESAMPLES = Number(process.env.BENCH_RESAMPLES ?? 10_000);
const SUBMISSIONS = 100;
const FLOOD_SOCKETS = 60;

const percentile = (values: number[], p: number) =>
  Math.round([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]);
const figures: Record<string, Record<string, number | string>> = {};
const report = (name: string, values: Record<string, number | string>) => {
  figures[name] = values;
  console.log(
    `${name.padEnd(44)} ${Object.entries(values)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ')}`,
  );
};

/** Heartbeat round trips (time.sync, as tablets send it) every 20 ms while `work` runs. */
async function heartbeatDuring<T>(
  client: LiveClient,
  work: () => Promise<T>,
): Promise<{ result: T; p50: number; p99: number; max: number; ms: number }> {
  const trips: number[] = [];
  let running = true;
  const beats = (async () => {
    while (running) {
      const sent = performance.now();
      await client.socket.timeout(120_000).emitWithAck('time.sync');
      trips.push(performance.now() - sent);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const start = performance.now();
  const result = await work();
  const ms = Math.round(performance.now() - start);
  running = false;
  await beats;
  return { result, p50: percentile(trips, 50), p99: percentile(trips, 99), max: percentile(trips, 100), ms };
}

let embeddedDir: string | null = null;
let stopEmbedded: (() => Promise<void>) | null = null;
if (process.env.DATABASE_URL) {
  process.env.PODIUM_TEST_SERVER_URL = process.env.DATABASE_URL;
} else {
  embeddedDir = await mkdtemp(join(tmpdir(), 'podium-bench-'));
  const embedded = await startEmbeddedPostgres(embeddedDir);
  process.env.PODIUM_TEST_SERVER_URL = embedded.url;
  stopEmbedded = () => embedded.stop();
}
const db = await createTestDatabase();
const server = new ServerProcess({ DATABASE_URL: db.url, PODIUM_DEMO: '0', PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD }, await freePort());
await server.start();
const http = request(server.baseUrl);
const login = await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
const t = { baseUrl: server.baseUrl, http, db, adminToken: login.body.token as string } as TestApp;
const auth = { Authorization: `Bearer ${t.adminToken}` };

try {
  // 1. A judge's acknowledgement: alone, then while an outsider floods with the public screen code.
  const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: '评委一', seatLabel: 'A1' }] });
  await openScoring(t, fx);
  const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
  const acks = async () => {
    const latencies: number[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const sent = performance.now();
      const ack = await judge.submit(scorePayload(fx, fx.presentations[0].id, [String(40 + (i % 20)), '30']));
      if (!ack.ok) throw new Error(`a judge's score was refused: ${JSON.stringify(ack)}`);
      latencies.push(performance.now() - sent);
      // Well under the 20 messages a second a connection may send.
      await new Promise((r) => setTimeout(r, 100));
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  const alone = await acks();
  report('judge acks, no flood (baseline)', { n: SUBMISSIONS, p50ms: alone.p50, p99ms: alone.p99 });

  const attempts = await Promise.allSettled(
    Array.from({ length: FLOOD_SOCKETS }, () => LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: fx.publicCode })),
  );
  const flood = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  let flooding = true;
  let answered = 0;
  let throttled = 0;
  const floods = flood.map(async (screen) => {
    while (flooding) {
      const reply = await screen.socket
        .timeout(60_000)
        .emitWithAck('snapshot.request')
        .catch(() => null);
      if (reply?.ok) answered++;
      else throttled++;
      await new Promise((r) => setTimeout(r, 1000 / 19));
    }
  });
  const flooded = await acks();
  flooding = false;
  await Promise.all(floods);
  flood.forEach((s) => s.close());
  judge.close();
  report(`judge acks, ${FLOOD_SOCKETS}-socket screen flood`, {
    n: SUBMISSIONS,
    p50ms: flooded.p50,
    p99ms: flooded.p99,
    screensAdmitted: flood.length,
    snapshotsAnswered: answered,
    snapshotsThrottled: throttled,
  });

  // 2. The heartbeat of a screen: idle, during a large report, during a burst of sign-ins.
  const played = await playedEventFixture(t, { talks: 20, judges: 20 });
  const screen = await LiveClient.connect<ScreenView>(t.baseUrl, { role: 'screen', code: played.publicCode });
  const idle = await heartbeatDuring(screen, () => new Promise((r) => setTimeout(r, 3_000)));
  report('heartbeat round trip, idle (baseline)', { p50ms: idle.p50, p99ms: idle.p99, maxms: idle.max });
  // The server's own event-loop delay, from /health (each call starts a new window).
  const serverLoop = async () => (await http.get('/health')).body.eventLoop as { p99Ms: number; maxMs: number };
  await serverLoop();
  await new Promise((r) => setTimeout(r, 3_000));
  const idleLoop = await serverLoop();
  report('server event loop, idle (baseline)', { p99ms: idleLoop.p99Ms, maxms: idleLoop.maxMs });
  const heavy = await heartbeatDuring(screen, () => http.get(`/api/events/${played.eventId}/report?resamples=${RESAMPLES}`).set(auth));
  const heavyLoop = await serverLoop();
  if (heavy.result.status !== 200) throw new Error(`the report failed: ${heavy.result.status} ${JSON.stringify(heavy.result.body)}`);
  report(`heartbeat, report 20×20 with ${RESAMPLES} resamples`, {
    reportMs: heavy.ms,
    p50ms: heavy.p50,
    p99ms: heavy.p99,
    maxms: heavy.max,
  });
  report(`server event loop, the same report`, { p99ms: heavyLoop.p99Ms, maxms: heavyLoop.maxMs });
  const signIns = await heartbeatDuring(screen, () =>
    Promise.all(Array.from({ length: 10 }, () => http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }))),
  );
  const signInLoop = await serverLoop();
  report('heartbeat, 10 sign-ins at once', { burstMs: signIns.ms, p50ms: signIns.p50, p99ms: signIns.p99, maxms: signIns.max });
  report('server event loop, the same sign-ins', { p99ms: signInLoop.p99Ms, maxms: signInLoop.maxMs });
  screen.close();

  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/bench-live.json', JSON.stringify(figures, null, 2));
} finally {
  await server.stop();
  await db.drop();
  await stopEmbedded?.();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}
