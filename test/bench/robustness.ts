// The live channel's robustness figures (kept from the first version of this benchmark): a judge's
// acknowledgement alone and during a flood of snapshot requests with the public screen code, and the
// heartbeat of a screen during a large report and a burst of sign-ins.
import { performance } from 'node:perf_hooks';
import type TestAgent from 'supertest/lib/agent.js';
import { createEventFixture, openScoring, playedEventFixture, scorePayload } from '../support/fixtures.js';
import { ADMIN_PASSWORD, type TestApp } from '../support/test-app.js';
import { Follower, type LightSocket, Refused } from './light-socket.js';
import { ms, percentile, sleep } from './stats.js';

const SUBMISSIONS = 100;
const FLOOD_SOCKETS = 60;

type Figures = Record<string, Record<string, number | string>>;

/** Heartbeat round trips (time.sync, as tablets send it) every 20 ms while `work` runs. */
async function heartbeatDuring<T>(socket: LightSocket, work: () => Promise<T>) {
  const trips: number[] = [];
  let running = true;
  const beats = (async () => {
    while (running) {
      const sent = performance.now();
      await socket.emitWithAck('time.sync');
      trips.push(performance.now() - sent);
      await sleep(20);
    }
  })();
  const start = performance.now();
  const result = await work();
  const took = Math.round(performance.now() - start);
  running = false;
  await beats;
  return { result, p50: ms(percentile(trips, 50)), p99: ms(percentile(trips, 99)), max: ms(percentile(trips, 100)), ms: took };
}

export async function measureRobustness(
  t: TestApp,
  resamples: number,
  report: (name: string, values: Record<string, number | string>) => void,
) {
  const figures: Figures = {};
  const put = (name: string, values: Record<string, number | string>) => {
    figures[name] = values;
    report(name, values);
  };
  const http: TestAgent = t.http;
  const auth = { Authorization: `Bearer ${t.adminToken}` };

  // 1. A judge's acknowledgement: alone, then while an outsider floods with the public screen code.
  const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: '评委一', seatLabel: 'A1' }] });
  await openScoring(t, fx);
  const judge = await Follower.connect(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
  const acks = async () => {
    const latencies: number[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const sent = performance.now();
      const ack = await judge.socket.emitWithAck<{ ok: boolean }>(
        'score.submit',
        scorePayload(fx, fx.presentations[0].id, [String(40 + (i % 20)), '30']),
      );
      if (!ack?.ok) throw new Error(`a judge's score was refused: ${JSON.stringify(ack)}`);
      latencies.push(performance.now() - sent);
      // Well under the 20 messages a second a connection may send.
      await sleep(100);
    }
    return { p50: ms(percentile(latencies, 50)), p99: ms(percentile(latencies, 99)) };
  };
  const alone = await acks();
  put('judge acks, no flood (baseline)', { n: SUBMISSIONS, p50ms: alone.p50, p99ms: alone.p99 });

  const attempts = await Promise.allSettled(
    Array.from({ length: FLOOD_SOCKETS }, () => Follower.connect(t.baseUrl, { role: 'screen', code: fx.publicCode })),
  );
  const flood = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  const refusedCodes = attempts.flatMap((a) => (a.status === 'rejected' && a.reason instanceof Refused ? [a.reason.code] : []));
  let flooding = true;
  let answered = 0;
  let throttled = 0;
  const floods = flood.map(async (screen) => {
    while (flooding) {
      const reply = await screen.socket.emitWithAck<{ ok: boolean }>('snapshot.request', undefined, 60_000);
      if (reply?.ok) answered++;
      else throttled++;
      await sleep(1000 / 19);
    }
  });
  const flooded = await acks();
  flooding = false;
  await Promise.all(floods);
  flood.forEach((s) => s.socket.close());
  judge.socket.close();
  put(`judge acks, ${FLOOD_SOCKETS}-socket screen flood`, {
    n: SUBMISSIONS,
    p50ms: flooded.p50,
    p99ms: flooded.p99,
    screensAdmitted: flood.length,
    screensRefused: [...new Set(refusedCodes)].join(',') || 'none',
    snapshotsAnswered: answered,
    snapshotsThrottled: throttled,
  });

  // 2. The heartbeat of a screen: idle, during a large report, during a burst of sign-ins.
  const played = await playedEventFixture(t, { talks: 20, judges: 20 });
  const screen = await Follower.connect(t.baseUrl, { role: 'screen', code: played.publicCode });
  const idle = await heartbeatDuring(screen.socket, () => sleep(3_000));
  put('heartbeat round trip, idle (baseline)', { p50ms: idle.p50, p99ms: idle.p99, maxms: idle.max });
  // The server's own event-loop delay, from /health (each call starts a new window).
  const serverLoop = async () => (await http.get('/health')).body.eventLoop as { p99Ms: number; maxMs: number };
  await serverLoop();
  await sleep(3_000);
  const idleLoop = await serverLoop();
  put('server event loop, idle (baseline)', { p99ms: idleLoop.p99Ms, maxms: idleLoop.maxMs });
  const heavy = await heartbeatDuring(screen.socket, async () =>
    http.get(`/api/events/${played.eventId}/report?resamples=${resamples}`).set(auth),
  );
  const heavyLoop = await serverLoop();
  if (heavy.result.status !== 200) throw new Error(`the report failed: ${heavy.result.status} ${JSON.stringify(heavy.result.body)}`);
  put(`heartbeat, report 20×20 with ${resamples} resamples`, { reportMs: heavy.ms, p50ms: heavy.p50, p99ms: heavy.p99, maxms: heavy.max });
  put(`server event loop, the same report`, { p99ms: heavyLoop.p99Ms, maxms: heavyLoop.maxMs });
  const signIns = await heartbeatDuring(screen.socket, () =>
    Promise.all(Array.from({ length: 10 }, async () => http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }))),
  );
  const signInLoop = await serverLoop();
  put('heartbeat, 10 sign-ins at once', { burstMs: signIns.ms, p50ms: signIns.p50, p99ms: signIns.p99, maxms: signIns.max });
  put('server event loop, the same sign-ins', { p99ms: signInLoop.p99Ms, maxms: signInLoop.maxMs });
  screen.socket.close();
  return figures;
}
