// Podium's live channel under a show's load: an event with its judges scoring and a thousand big
// screens following it, measured as the clients feel it (see docs/live-benchmark.md).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type TestAgent from 'supertest/lib/agent.js';
import type { LiveAck, ScoreReceipt } from '../../src/contracts/live.js';
import type { TestDatabase } from '../support/test-database.js';
import { reconnectStorm, type StormFigures } from './baselines.js';
import { connectScreens, connectWithRetry, type Refusals, settle, timesTo, waitAll } from './crowd.js';
import type { Follower } from './light-socket.js';
import { busyPercent, cpuByProcess, machineCpuMs, percentile, processCpuMs, sleep, spread, type Spread } from './stats.js';

export interface Organizer {
  http: TestAgent;
  db: TestDatabase;
  adminToken: string;
}

export interface BenchEvent {
  eventId: string;
  publicCode: string;
  criterionId: string;
  /** The round on stage, and its talk whose scoring is open. */
  roundId: string;
  presentationId: string;
  judges: { id: string; token: string }[];
  revealedRounds: number;
}

/**
 * An event set up over the REST API as an organizer would (as test/support/fixtures.ts does):
 * `talks` presenters who speak in every round, `judges` judges, `revealedRounds` rounds played
 * through and revealed (their scores written straight into the database, as
 * `playedEventFixture` does), then one more round live with its first talk's scoring open.
 */
export async function benchEvent(t: Organizer, size: { revealedRounds: number; talks: number; judges: number }): Promise<BenchEvent> {
  const auth = { Authorization: `Bearer ${t.adminToken}` };
  const post = async (path: string, body: object = {}, status = 201) =>
    (await t.http.post(path).set(auth).send(body).expect(status)).body as Record<string, unknown> & { id: string };
  const event = await post('/api/events', {
    name: `基准 ${size.revealedRounds + 1} 轮`,
    rule: { aggregation: { method: 'trimmed_mean', trim: 1 }, rounding: { decimals: 2, mode: 'half_up' } },
  });
  const criterion = await post(`/api/events/${event.id}/criteria`, { name: '总分', maxScore: '100', step: '0.5' });
  const presenters = [];
  for (let i = 0; i < size.talks; i++) {
    presenters.push(await post(`/api/events/${event.id}/presenters`, { title: '县委书记', unit: `单位${String(i + 1).padStart(2, '0')}` }));
  }
  const rounds: { id: string; talks: string[] }[] = [];
  for (let r = 0; r <= size.revealedRounds; r++) {
    const round = await post(`/api/events/${event.id}/rounds`, { topic: `专题${r + 1}：推动高质量发展`, lecturer: '市委常委' });
    const talks = [];
    for (const presenter of presenters) {
      talks.push((await post(`/api/events/${event.id}/rounds/${round.id}/presentations`, { presenterId: presenter.id })).id);
    }
    rounds.push({ id: round.id, talks });
  }
  const judges = [];
  for (let i = 0; i < size.judges; i++) {
    const created = await post(`/api/events/${event.id}/judges`, {
      displayName: `评委${i + 1}`,
      seatLabel: `J${String(i + 1).padStart(2, '0')}`,
    });
    const { judge, link } = created as unknown as { judge: { id: string }; link: string };
    judges.push({ id: judge.id, token: new URL(link).pathname.split('/').pop()! });
  }
  const played = rounds.slice(0, size.revealedRounds).map((r) => r.id);
  if (played.length > 0) {
    // Scores from 60 to 99.5 on the rubric's step, the same every run; then the rounds are revealed and done.
    await t.db.query(
      `WITH s AS (
         INSERT INTO score (presentation_id, judge_id, revision, idempotency_key, total)
         SELECT p.id, j.id, 1, gen_random_uuid(), 60 + ((p.position * 37 + r.position * 17 + j.n * 11) % 80) * 0.5
           FROM presentation p JOIN round r ON r.id = p.round_id,
                (SELECT id, row_number() OVER (ORDER BY seat_label) AS n FROM judge WHERE event_id = $1) j
          WHERE p.round_id = ANY($3::uuid[])
         RETURNING id, total)
       INSERT INTO score_value (score_id, criterion_id, value) SELECT s.id, $2, s.total FROM s`,
      [event.id, criterion.id, played],
    );
    await t.db.query(
      `UPDATE presentation SET state = 'revealed', on_stage_at = now(), scoring_opened_at = now(), scoring_closed_at = now(), revealed_at = now()
        WHERE round_id = ANY($1::uuid[])`,
      [played],
    );
    await t.db.query(`UPDATE round SET status = 'done' WHERE id = ANY($1::uuid[])`, [played]);
  }
  // Through the server from here on: each of these reads the event again, so its state in memory includes the rounds above.
  const live = rounds[size.revealedRounds];
  await post(`/api/events/${event.id}/rounds/${live.id}/start`, {}, 200);
  await post(`/api/events/${event.id}/presentations/${live.talks[0]}/stage`, {}, 200);
  await post(`/api/events/${event.id}/presentations/${live.talks[0]}/open-scoring`, {}, 200);
  return {
    eventId: event.id,
    publicCode: event.publicCode as string,
    criterionId: criterion.id,
    roundId: live.id,
    presentationId: live.talks[0],
    judges,
    revealedRounds: size.revealedRounds,
  };
}

let submissions = 0;
/** A judge's score as the tablet sends it: a fresh idempotency key, a value that changes each time (a revision). */
export function submit(judge: Follower, event: BenchEvent): Promise<LiveAck<ScoreReceipt> | null> {
  const value = String(60 + (submissions++ % 80) * 0.5);
  return judge.socket.emitWithAck<LiveAck<ScoreReceipt>>('score.submit', {
    idempotencyKey: randomUUID(),
    presentationId: event.presentationId,
    values: [{ criterionId: event.criterionId, value }],
  });
}

export interface PodiumOptions {
  baseUrl: string;
  http: TestAgent;
  /** The server process, for its CPU time. */
  pid: number;
  screens: number;
  heartbeatMs: number;
  singles: number;
  bursts: number;
  sustainMs: number;
  /** Called with each step's name as it starts. */
  progress?: (step: string) => void;
}

/** Judges submitting as fast as they may (`sustain`): acknowledged submissions over the time to the last ack. */
export interface SubmissionRun {
  seconds: number;
  submissions: number;
  perSecond: number;
  ack: Spread;
  refused: Refusals;
  /** From the last ack until every screen or viewer holds the final version. */
  drainMs: number;
}

export interface PodiumFigures {
  screensConnected: number;
  screenConnectRefusals: Refusals;
  /** One submission at a time (each after a quiet spell): submit → ack, and submit → each screen. */
  single: { ack: Spread; screens: Spread; everyScreen: Spread };
  /** All judges submit at once. */
  burst: {
    bursts: number;
    ack: Spread;
    /** The last ack of each burst: its median and the worst. */
    lastAckP50: number;
    lastAckMax: number;
    /** Submit → each screen holding the final version, over every screen of every burst. */
    screens: Spread;
    /** The slowest screen of each burst: median and worst. */
    everyScreenP50: number;
    everyScreenMax: number;
    refused: Refusals;
  };
  sustained: SubmissionRun & {
    /** Updates a screen received per second, and their bytes. */
    screenUpdatesPerSecond: number;
    screenBytesPerSecond: number;
    serverCpuMs: number;
    cpuMsPerSubmission: number;
    /** Less the server's idle CPU (heartbeats of the connected clients) over the same time. */
    cpuMsPerSubmissionNet: number;
    idleCpuMsPerSecond: number;
    /** The bench process's own CPU and the machine's, over the same run (what the figures competed with). */
    benchCpuPercent: number;
    machineBusyPercent: number;
    /**
     * Who used the CPU over the same time, in % of one core: the server, the bench, every PostgreSQL
     * process on the machine, and everything else (other work on a shared machine, the bare server).
     * Exited processes are not counted (a process that ended during the run is missing from "other").
     */
    cpuSplit?: { server: number; bench: number; postgres: number; other: number };
  };
  storm: StormFigures;
  /** The server's event-loop delay during each step (GET /health). */
  eventLoop: Record<string, { p99Ms: number; maxMs: number }>;
  bytes: { screenUpdate: number; judgeUpdateSubmitter: number; judgeUpdateOther: number; screenSnapshot: number; judgeSnapshot: number };
}

/**
 * Single submissions, one at a time after a quiet spell, each by the next judge from `first` on
 * (a judge's first score of the talk changes the sealed progress every client sees): submit → ack,
 * submit → each of `followers` holding that version, and submit → every one of them (the slowest).
 * Stops at a submission that does not reach every follower within `timeoutMs` (`missed`: how many did).
 */
export async function singleSubmissions(
  judges: Follower[],
  followers: Follower[],
  event: BenchEvent,
  count: number,
  o: { first?: number; timeoutMs?: number } = {},
): Promise<{ ack: number[]; each: number[]; every: number[]; missed?: { reached: number; of: number } }> {
  const result: { ack: number[]; each: number[]; every: number[]; missed?: { reached: number; of: number } } = {
    ack: [],
    each: [],
    every: [],
  };
  for (let i = 0; i < count; i++) {
    const before = await settle([...judges, ...followers]);
    const start = performance.now();
    const ack = await submit(judges[((o.first ?? 1) + i) % judges.length], event);
    if (!ack?.ok) throw new Error(`a single submission was refused: ${JSON.stringify(ack)}`);
    result.ack.push(performance.now() - start);
    if (!(await waitAll(followers, before + 1, o.timeoutMs ?? 120_000))) {
      result.missed = { reached: followers.filter((f) => f.version >= before + 1).length, of: followers.length };
      return result;
    }
    const times = timesTo(followers, before + 1, start);
    result.each.push(...times);
    result.every.push(Math.max(...times));
    await sleep(100);
  }
  return result;
}

/** The figures of a `sustain` run that started at `start` and reached every client at `drainedAt`. */
export function submissionRun(run: Sustained, start: number, drainedAt: number): SubmissionRun {
  const seconds = (run.lastAck - start) / 1000;
  return {
    seconds: Math.round(seconds * 10) / 10,
    submissions: run.ok,
    perSecond: Math.round(run.ok / seconds),
    ack: spread(run.ack),
    refused: run.refused,
    drainMs: Math.round(drainedAt - run.lastAck),
  };
}

interface Sustained {
  ack: number[];
  refused: Refusals;
  ok: number;
  lastAck: number;
}

/**
 * Every judge submits again as soon as its ack is back, for `ms`, at most 18 messages a second per
 * tablet (the server allows 20, LiveRateGuard, heartbeats included).
 */
export async function sustain(judges: Follower[], event: BenchEvent, ms: number): Promise<Sustained> {
  const sustained: Sustained = { ack: [], refused: {}, ok: 0, lastAck: 0 };
  const end = performance.now() + ms;
  const minGap = 1000 / 18;
  await Promise.all(
    judges.map(async (judge) => {
      while (performance.now() < end) {
        const sent = performance.now();
        const ack = await submit(judge, event);
        const now = performance.now();
        if (ack?.ok) {
          sustained.ok++;
          sustained.ack.push(now - sent);
          sustained.lastAck = Math.max(sustained.lastAck, now);
        } else {
          const code = ack ? ack.error.code : 'no_ack';
          sustained.refused[code] = (sustained.refused[code] ?? 0) + 1;
        }
        const wait = sent + minGap - performance.now();
        if (wait > 0) await sleep(wait);
      }
    }),
  );
  return sustained;
}

/** Runs every step on one event: single submissions, bursts, a sustained run, a reconnect storm. */
export async function measurePodium(o: PodiumOptions, event: BenchEvent): Promise<PodiumFigures> {
  const step = o.progress ?? (() => undefined);
  const health = async () => (await o.http.get('/health')).body.eventLoop as { p99Ms: number; maxMs: number };
  const eventLoop: PodiumFigures['eventLoop'] = {};

  step('connecting judges and screens');
  const judgeRefusals: Refusals = {};
  const judges = await Promise.all(
    event.judges.map((j) => connectWithRetry(o.baseUrl, { role: 'judge', token: j.token }, { heartbeatMs: o.heartbeatMs }, judgeRefusals)),
  );
  const screenConnectRefusals: Refusals = {};
  let screens = await connectScreens(
    o.baseUrl,
    o.screens,
    { role: 'screen', code: event.publicCode },
    { heartbeatMs: o.heartbeatMs },
    screenConnectRefusals,
  );
  const everyone = () => [...judges, ...screens];
  await settle(everyone());
  await health();
  await sleep(2_000);
  eventLoop.idle = await health();

  // Single submissions: each a lone change, so it goes out at once (no coalescing); each a judge's
  // first score of the talk (the capture below scored with the first judge), so the sealed progress
  // on the screens changes every time.
  step('single submissions');
  everyone().forEach((c) => c.forget());
  await health();
  const single = await singleSubmissions(judges, screens, event, o.singles);
  if (single.missed) throw new Error('a submission did not reach every screen within two minutes');
  eventLoop.single = await health();
  await settle(everyone());
  const bytes = {
    screenUpdate: percentile(screens[0].updateBytes, 50),
    // The judge who scored gets its own line (the talks of the round) too; the others the progress only.
    judgeUpdateSubmitter: percentile(judges[1 % judges.length].updateBytes, 100),
    judgeUpdateOther: percentile(judges[0].updateBytes, 50),
    screenSnapshot: screens[0].snapshotBytes,
    judgeSnapshot: judges[0].snapshotBytes,
  };

  // Bursts: every judge presses submit at once.
  step('bursts');
  const burst = { ack: [] as number[], last: [] as number[], screens: [] as number[], every: [] as number[], refused: {} as Refusals };
  await health();
  for (let b = 0; b < o.bursts; b++) {
    await settle(everyone());
    await sleep(100);
    const start = performance.now();
    const acks = await Promise.all(
      judges.map(async (judge) => {
        const ack = await submit(judge, event);
        return { ok: ack?.ok === true, code: ack?.ok === false ? ack.error.code : ack ? 'ok' : 'no_ack', ms: performance.now() - start };
      }),
    );
    const ok = acks.filter((a) => a.ok);
    for (const a of acks) if (!a.ok) burst.refused[a.code] = (burst.refused[a.code] ?? 0) + 1;
    burst.ack.push(...ok.map((a) => a.ms));
    burst.last.push(Math.max(...acks.map((a) => a.ms)));
    const final = await judges[0].currentVersion();
    if (!(await waitAll(screens, final, 180_000))) throw new Error('a burst did not reach every screen within three minutes');
    const times = timesTo(screens, final, start);
    burst.screens.push(...times);
    burst.every.push(Math.max(...times));
  }
  eventLoop.burst = await health();

  // Sustained: every judge submits again as soon as its ack is back, for `sustainMs`.
  step('idle CPU');
  await settle(everyone());
  const idleStart = processCpuMs(o.pid);
  const idleFrom = performance.now();
  await sleep(3_000);
  const idleCpuMsPerSecond = ((processCpuMs(o.pid) - idleStart) / (performance.now() - idleFrom)) * 1000;
  step('sustained submissions');
  await settle(everyone());
  screens.forEach((s) => s.forget());
  await health();
  const cpuStart = processCpuMs(o.pid);
  const machineStart = machineCpuMs();
  const split = cpuByProcess(o.pid);
  const benchStart = process.cpuUsage();
  const start = performance.now();
  const sustained = await sustain(judges, event, o.sustainMs);
  const final = await judges[0].currentVersion();
  const drained = await waitAll(screens, final, 300_000);
  const drainedAt = performance.now();
  if (!drained) throw new Error('the sustained run did not reach every screen within five minutes of its end');
  const serverCpuMs = processCpuMs(o.pid) - cpuStart;
  const machine = machineCpuMs();
  const splitEnd = cpuByProcess(o.pid);
  const bench = process.cpuUsage(benchStart);
  const wall = drainedAt - start;
  eventLoop.sustained = await health();
  const received = screens.reduce((n, s) => n + s.updateBytes.length, 0) / screens.length;
  const receivedBytes = screens.reduce((n, s) => n + s.updateBytes.reduce((a, b) => a + b, 0), 0) / screens.length;

  // The reconnect storm: every screen drops and reconnects at once.
  step('reconnect storm');
  await health();
  const storm = await reconnectStorm(o.baseUrl, screens, { role: 'screen', code: event.publicCode }, o.heartbeatMs);
  screens = storm.screens;
  eventLoop.storm = await health();

  everyone().forEach((c) => c.socket.close());
  await sleep(500);
  return {
    screensConnected: o.screens,
    screenConnectRefusals,
    single: { ack: spread(single.ack), screens: spread(single.each), everyScreen: spread(single.every) },
    burst: {
      bursts: o.bursts,
      ack: spread(burst.ack),
      lastAckP50: spread(burst.last).p50,
      lastAckMax: spread(burst.last).max,
      screens: spread(burst.screens),
      everyScreenP50: spread(burst.every).p50,
      everyScreenMax: spread(burst.every).max,
      refused: burst.refused,
    },
    sustained: {
      ...submissionRun(sustained, start, drainedAt),
      screenUpdatesPerSecond: Math.round((received / (wall / 1000)) * 10) / 10,
      screenBytesPerSecond: Math.round(receivedBytes / (wall / 1000)),
      serverCpuMs: Math.round(serverCpuMs),
      cpuMsPerSubmission: Math.round((serverCpuMs / sustained.ok) * 100) / 100,
      cpuMsPerSubmissionNet: Math.round(((serverCpuMs - (idleCpuMsPerSecond * wall) / 1000) / sustained.ok) * 100) / 100,
      idleCpuMsPerSecond: Math.round(idleCpuMsPerSecond),
      benchCpuPercent: Math.round(((bench.user + bench.system) / 1000 / wall) * 100),
      machineBusyPercent: busyPercent(machineStart, machine),
      cpuSplit: {
        server: Math.round(((splitEnd.server - split.server) / wall) * 100),
        bench: Math.round(((splitEnd.bench - split.bench) / wall) * 100),
        postgres: Math.round(((splitEnd.postgres - split.postgres) / wall) * 100),
        other: Math.round(
          ((machine.busy -
            machineStart.busy -
            (splitEnd.server - split.server) -
            (splitEnd.bench - split.bench) -
            (splitEnd.postgres - split.postgres)) /
            wall) *
            100,
        ),
      },
    },
    storm: storm.figures,
    eventLoop,
    bytes,
  };
}

/**
 * One screen and one judge see one score: the screen update and snapshot that the bare broadcast
 * baseline then sends (the same bytes, so the same size).
 */
export async function captureScreenMessages(baseUrl: string, event: BenchEvent): Promise<{ update: unknown; snapshot: unknown }> {
  const [screen] = await connectScreens(baseUrl, 1, { role: 'screen', code: event.publicCode }, {});
  const judge = await connectWithRetry(baseUrl, { role: 'judge', token: event.judges[0].token }, {}, {});
  let update: unknown = null;
  screen.socket.on('update', (data) => (update = data));
  const snapshot = screen.held;
  const ack = await submit(judge, event);
  if (!ack?.ok) throw new Error(`the capture's submission was refused: ${JSON.stringify(ack)}`);
  const end = performance.now() + 60_000;
  while (update === null && performance.now() < end) await sleep(5);
  screen.socket.close();
  judge.socket.close();
  if (update === null) throw new Error('no screen update within a minute');
  return { update, snapshot };
}
