// npm run bench:live: the live channel under a show's load, measured against bare baselines in the
// same run (docs/live-benchmark.md says what each figure means and how to read it).
// A benchmark, not a test: it prints a table and writes test-artifacts/bench-live.json.
//
// The built server runs as its own process, on a fresh database of DATABASE_URL's server if set,
// else of an embedded PostgreSQL. BENCH_SERVER_DIR runs another checkout's build instead (the code
// before a change, for a before/after table). The bare baselines run alternately with Podium's
// steps: baselines, the 1-round event, baselines, the 7-round event, baselines; each Podium figure
// is compared with the baselines run just before and after it.
//
// Then remote viewers (issue 13): BENCH_VIEWERS (5,000 and 10,000) viewers on one instance against
// a bare socket.io server with as many clients, and BENCH_CLUSTER_VIEWERS through nginx to two
// instances sharing Redis (test/cluster/topology.ts). BENCH_SHOW=0 skips the part above,
// BENCH_VIEWERS=0 the viewers, BENCH_CLUSTER=0 the two instances.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import request from 'supertest';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { coalesceMs } from '../../src/live/live-publisher.service.js';
import { freePort, ServerProcess } from '../faults/server-process.js';
import { ADMIN_PASSWORD, type TestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';
import {
  BareServer,
  bareBroadcast,
  bareScreens,
  type BroadcastFigures,
  bareUpserts,
  reconnectStorm,
  type StormFigures,
  type UpsertFigures,
} from './baselines.js';
import { type BenchEvent, benchEvent, captureScreenMessages, measurePodium, type PodiumFigures } from './podium-live.js';
import { measureRobustness } from './robustness.js';
import { type BallotBenchSize, type BallotFigures, measureBallots } from './ballots.js';
import { spread, type Spread } from './stats.js';
import { redisAnswers, startCluster } from '../cluster/topology.js';
import { inspectArg, Inspector, type ProfileSummary } from './inspector.js';
import {
  bareViewers,
  type BareViewerFigures,
  clusterViewers,
  type ClusterViewerFigures,
  podiumViewers,
  type PodiumViewerFigures,
  type ViewerConfig,
} from './viewers.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZE = {
  screens: env('BENCH_SCREENS', 1_000),
  judges: env('BENCH_JUDGES', 50),
  talks: env('BENCH_TALKS', 10),
  rounds: env('BENCH_ROUNDS', 7),
  singles: env('BENCH_SINGLES', 20),
  bursts: env('BENCH_BURSTS', 3),
  sustainMs: env('BENCH_SUSTAIN_S', 10) * 1000,
  broadcasts: env('BENCH_BROADCASTS', 30),
  upserts: env('BENCH_UPSERTS', 2_000),
  heartbeatMs: env('BENCH_HEARTBEAT_MS', 1_500),
  resamples: env('BENCH_RESAMPLES', 10_000),
};
const ROBUSTNESS = process.env.BENCH_ROBUSTNESS !== '0';
const SHOW = process.env.BENCH_SHOW !== '0';
const VIEWERS = {
  sizes: (process.env.BENCH_VIEWERS ?? '5000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  perAddress: env('BENCH_VIEWERS_PER_ADDRESS', 25),
  concurrency: env('BENCH_VIEWER_CONCURRENCY', 100),
  broadcasts: env('BENCH_VIEWER_BROADCASTS', 20),
  singles: env('BENCH_VIEWER_SINGLES', 20),
  scoringMs: env('BENCH_VIEWER_SCORING_S', 10) * 1000,
  storm: env('BENCH_VIEWER_STORM', 5_000),
  upserts: env('BENCH_VIEWER_UPSERTS', 1_000),
};
const CLUSTER = process.env.BENCH_CLUSTER !== '0' && VIEWERS.sizes.length > 0;
/** Attendee ballots (issue 14): BENCH_BALLOTS ballots within BENCH_BALLOT_SECONDS while BENCH_BALLOT_JUDGES judges score; 0 skips. */
const BALLOTS: BallotBenchSize = {
  ballots: env('BENCH_BALLOTS', 3_000),
  seconds: env('BENCH_BALLOT_SECONDS', 60),
  changeShare: 0.1,
  replayShare: 0.05,
  judgeEveryMs: env('BENCH_BALLOT_JUDGE_EVERY_MS', 500),
  concurrency: env('BENCH_BALLOT_CONCURRENCY', 50),
};
const BALLOT_JUDGES = env('BENCH_BALLOT_JUDGES', 9);
const CLUSTER_VIEWERS = env('BENCH_CLUSTER_VIEWERS', VIEWERS.sizes[0] ?? 5_000);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROFILE = process.env.BENCH_PROFILE === '1';
/**
 * The viewer steps' admission limits, until Podium has its own for viewers: every viewer of the
 * event on one instance, and more than the bench's viewers per address (a storm reconnects an
 * address's viewers before the server has seen all of their old connections close).
 * BENCH_VIEWER_SERVER_ENV="NAME=value …" adds to them or replaces them.
 */
const VIEWER_SERVER_ENV: Record<string, string> = {
  PODIUM_SCREENS_PER_EVENT: String(Math.max(...VIEWERS.sizes, CLUSTER ? CLUSTER_VIEWERS : 0) + 1_000),
  PODIUM_SCREENS_PER_ADDRESS: String(Math.max(100, 2 * VIEWERS.perAddress)),
  ...Object.fromEntries(
    (process.env.BENCH_VIEWER_SERVER_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  ),
};
const SERVER_DIR = process.env.BENCH_SERVER_DIR ? resolve(process.env.BENCH_SERVER_DIR) : undefined;
const OUT = process.env.BENCH_OUT ?? 'test-artifacts/bench-live.json';

if (SERVER_DIR && !existsSync(join(SERVER_DIR, 'dist/src/main.js'))) {
  throw new Error(`no build in ${SERVER_DIR}: run npm ci && npm run build:server there first`);
}
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** This process's limit of open files (each simulated client holds one). */
const openFiles = () =>
  Number(
    readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
      ?.trim()
      .split(/\s+/)[3] ?? Infinity,
  );
if (VIEWERS.sizes.length > 0 && openFiles() < Math.max(...VIEWERS.sizes) + 1_000) {
  throw new Error(
    `${Math.max(...VIEWERS.sizes)} viewers need ${Math.max(...VIEWERS.sizes) + 1_000} open files, and this process may open ${openFiles()}: ` +
      `raise it (ulimit -n; as root up to the hard limit, ulimit -Hn) or lower BENCH_VIEWERS`,
  );
}
/** The last commit of `dir` (of its server code, with `src`). */
const gitCommit = (dir: string, ...paths: string[]) => {
  try {
    return execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h %s', '--', ...paths], { encoding: 'utf8' })
      .trim()
      .slice(0, 100);
  } catch {
    return 'unknown';
  }
};

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
const scratch = await createTestDatabase();
interface Slot {
  broadcast: { one: BroadcastFigures; seven: BroadcastFigures };
  storm: { one: StormFigures; seven: StormFigures };
  upsert: UpsertFigures;
}

/** The show: BENCH_SCREENS big screens and BENCH_JUDGES judges on a 1-round and a 7-round event, between bare baselines. */
async function runShow() {
  const server = new ServerProcess(
    { DATABASE_URL: db.url, PODIUM_DEMO: '0', PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD },
    await freePort(),
    SERVER_DIR,
  );
  let bare: BareServer | null = null;
  try {
    await server.start();
    const t = await organizer(server.baseUrl);
    const http = t.http;
    bare = await BareServer.start();

    log(
      `setting up an event of 1 round and one of ${SIZE.rounds} revealed rounds (+1 live), ${SIZE.talks} talks a round, ${SIZE.judges} judges`,
    );
    const events: Record<'one' | 'seven', BenchEvent> = {
      one: await benchEvent(t, { revealedRounds: 0, talks: SIZE.talks, judges: SIZE.judges }),
      seven: await benchEvent(t, { revealedRounds: SIZE.rounds, talks: SIZE.talks, judges: SIZE.judges }),
    };
    const messages = {
      one: await captureScreenMessages(server.baseUrl, events.one),
      seven: await captureScreenMessages(server.baseUrl, events.seven),
    };

    const slots: Slot[] = [];
    const baselines = async (n: number) => {
      log(`baselines ${n}: ${SIZE.screens} bare screens, broadcasts, reconnect storms, ${SIZE.upserts} upserts`);
      const b = bare!;
      let screens = await bareScreens(b, SIZE.screens, SIZE.heartbeatMs);
      const broadcast = {} as Slot['broadcast'];
      const storm = {} as Slot['storm'];
      for (const which of ['one', 'seven'] as const) {
        await b.setMessage(messages[which].update, messages[which].snapshot);
        broadcast[which] = await bareBroadcast(b, screens, SIZE.broadcasts);
        const stormed = await reconnectStorm(b.baseUrl, screens, { role: 'screen' }, SIZE.heartbeatMs);
        storm[which] = stormed.figures;
        screens = stormed.screens;
      }
      screens.forEach((s) => s.socket.close());
      const upsert = await bareUpserts(scratch.url, SIZE.upserts, SIZE.judges);
      slots.push({ broadcast, storm, upsert });
    };
    const podium = async (which: 'one' | 'seven') => {
      const figures = await measurePodium(
        {
          baseUrl: server.baseUrl,
          http,
          pid: server.pid!,
          screens: SIZE.screens,
          heartbeatMs: SIZE.heartbeatMs,
          singles: SIZE.singles,
          bursts: SIZE.bursts,
          sustainMs: SIZE.sustainMs,
          progress: (step) => log(`podium, ${which === 'one' ? '1 round' : `${SIZE.rounds} rounds`}: ${step}`),
        },
        events[which],
      );
      return figures;
    };

    await baselines(1);
    const one = await podium('one');
    await baselines(2);
    const seven = await podium('seven');
    await baselines(3);

    // Each Podium step against the baselines run just before and after it.
    const pooled = (which: 'one' | 'seven') => {
      const around = which === 'one' ? slots.slice(0, 2) : slots.slice(1, 3);
      const upsertSamples = around.flatMap((s) => s.upsert.samples);
      return {
        broadcast: spread(around.flatMap((s) => s.broadcast[which].samples)),
        broadcastBytes: around[0].broadcast[which].bytes,
        broadcastCpuMs: Math.max(...around.map((s) => s.broadcast[which].cpuMsPerBroadcast)),
        upsert: spread(upsertSamples),
        upsertsPerSecond: Math.min(...around.map((s) => s.upsert.perSecond)),
        stormAllMs: Math.max(...around.map((s) => s.storm[which].allMs)),
      };
    };
    const base = { one: pooled('one'), seven: pooled('seven') };
    const podiumFigures: Record<'one' | 'seven', PodiumFigures> = { one, seven };

    const J = SIZE.judges;
    const ratio = (a: number, b: number) => Number((a / b).toPrecision(3));
    const evaluate = (which: 'one' | 'seven') => {
      const p = podiumFigures[which];
      const b = base[which];
      const burstBase = J * b.upsert.p50 + b.broadcast.p99;
      const singleBase = b.broadcast.p99 + b.upsert.p99;
      return {
        burstBaseMs: Math.round(burstBase * 10) / 10,
        singleBaseMs: Math.round(singleBase * 10) / 10,
        ratios: {
          singleAckP50VsUpsertP50: ratio(p.single.ack.p50, b.upsert.p50),
          singleScreensP99VsBroadcastPlusUpsertP99: ratio(p.single.screens.p99, singleBase),
          burstLastAckVsBase: ratio(p.burst.lastAckMax, burstBase),
          burstEveryScreenVsBase: ratio(p.burst.everyScreenMax, burstBase),
          sustainedVsUpsertsPerSecond: ratio(p.sustained.perSecond, b.upsertsPerSecond),
          cpuPerSubmissionVsBareBroadcastCpu: ratio(p.sustained.cpuMsPerSubmission, b.broadcastCpuMs),
          stormVsBareStorm: ratio(p.storm.allMs, b.stormAllMs),
        },
        targets: {
          'a. CPU per submission ≤ 5 ms': { value: p.sustained.cpuMsPerSubmission, bound: 5, holds: p.sustained.cpuMsPerSubmission <= 5 },
          'b. burst: last ack ≤ 2 × (J × upsert p50 + broadcast p99)': {
            value: p.burst.lastAckMax,
            bound: Math.round(2 * burstBase),
            holds: p.burst.lastAckMax <= 2 * burstBase,
          },
          'b. burst: every screen final ≤ that bound + the coalescing interval': {
            value: p.burst.everyScreenMax,
            bound: Math.round(2 * burstBase + coalesceMs(SIZE.screens)),
            holds: p.burst.everyScreenMax <= 2 * burstBase + coalesceMs(SIZE.screens),
          },
          'b. submit → every screen p99 ≤ 2 × (broadcast p99 + upsert p99)': {
            value: p.single.screens.p99,
            bound: Math.round(2 * singleBase),
            holds: p.single.screens.p99 <= 2 * singleBase,
          },
          'c. sustained ≥ 300 submissions/s': { value: p.sustained.perSecond, bound: 300, holds: p.sustained.perSecond >= 300 },
          'd. reconnect storm: all current < 3 s': { value: p.storm.allMs, bound: 3000, holds: p.storm.allMs < 3000 },
          'd. reconnect storm: none refused': {
            value: Object.values(p.storm.refused).reduce((a, b) => a + b, 0),
            bound: 0,
            holds: Object.keys(p.storm.refused).length === 0,
          },
        },
      };
    };
    const evaluated = { one: evaluate('one'), seven: evaluate('seven') };
    const flatness = ratio(seven.sustained.cpuMsPerSubmission, one.sustained.cpuMsPerSubmission);
    const flat = { value: flatness, bound: 1.25, holds: flatness <= 1.25 };

    let robustness: Record<string, Record<string, number | string>> = {};
    if (ROBUSTNESS) {
      log('robustness: judge acks under a screen flood, heartbeats during a report and sign-ins');
      robustness = await measureRobustness(t, SIZE.resamples, () => undefined);
    }

    return {
      baselines: {
        slots: slots.map((s) => ({
          broadcast: { one: strip(s.broadcast.one), seven: strip(s.broadcast.seven) },
          storm: s.storm,
          upsert: strip(s.upsert),
        })),
        pooled: base,
      },
      podium: podiumFigures,
      evaluated,
      cpuFlat: flat,
      robustness,
    };
  } finally {
    bare?.stop();
    await server.stop();
  }
}

/** A server for the viewer steps: the limits of VIEWER_SERVER_ENV, its inspector open on `inspectPort`. */
const viewerServer = (inspectPort: number, port: number) =>
  new ServerProcess(
    { DATABASE_URL: db.url, PODIUM_DEMO: '0', PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD, ...VIEWER_SERVER_ENV },
    port,
    SERVER_DIR,
    { nodeArgs: [inspectArg(inspectPort)] },
  );

/** Signs in as the admin at `url`: the organizer that sets up the bench's events. */
async function organizer(url: string): Promise<TestApp> {
  const http = request(url);
  const login = await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
  return { baseUrl: url, http, db, adminToken: login.body.token as string } as TestApp;
}

const viewerConfig: ViewerConfig = {
  perAddress: VIEWERS.perAddress,
  concurrency: VIEWERS.concurrency,
  broadcasts: VIEWERS.broadcasts,
  singles: VIEWERS.singles,
  scoringMs: VIEWERS.scoringMs,
  heartbeatMs: SIZE.heartbeatMs,
  storm: VIEWERS.storm,
  profile: null,
  profilePhases: [],
  progress: log,
};

interface ViewerStep {
  viewers: number;
  bare: BareViewerFigures;
  upsert: Omit<UpsertFigures, 'samples'>;
  podium: PodiumViewerFigures;
}

/**
 * BENCH_VIEWERS viewers on one instance, each size after the bare server with as many clients and
 * bare upserts; each size on an event of its own (1 round, BENCH_JUDGES judges).
 */
async function runViewers(): Promise<ViewerStep[]> {
  const [podiumInspect, bareInspect] = [await freePort(), await freePort()];
  const server = viewerServer(podiumInspect, await freePort());
  let bare: BareServer | null = null;
  const inspectors: Inspector[] = [];
  try {
    log(
      `viewers: Podium with ${Object.entries(VIEWER_SERVER_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}, and a bare server, each with its inspector`,
    );
    await server.start();
    bare = await BareServer.start([inspectArg(bareInspect)]);
    const podiumInspector = await Inspector.connect(podiumInspect);
    const bareInspector = await Inspector.connect(bareInspect);
    inspectors.push(podiumInspector, bareInspector);
    const t = await organizer(server.baseUrl);
    const events: BenchEvent[] = [];
    for (const n of VIEWERS.sizes) {
      log(`viewers: setting up the event for ${n} viewers (1 round, ${SIZE.talks} talks, ${SIZE.judges} judges)`);
      events.push(await benchEvent(t, { revealedRounds: 0, talks: SIZE.talks, judges: SIZE.judges }));
    }
    // The bare server broadcasts the update a viewer gets for one score (the first judge's: the steps score with the others).
    const message = await captureScreenMessages(server.baseUrl, events[0]);
    await bare.setMessage(message.update, message.snapshot);
    if (PROFILE) mkdirSync('test-artifacts', { recursive: true });
    const steps: ViewerStep[] = [];
    let stormDone = VIEWERS.storm <= 0;
    for (const [index, n] of VIEWERS.sizes.entries()) {
      const storm = !stormDone && n >= VIEWERS.storm;
      stormDone ||= storm;
      const largest = n === Math.max(...VIEWERS.sizes);
      // The largest step's connect and scoring, and the storm.
      const config = {
        ...viewerConfig,
        profile: PROFILE ? 'test-artifacts/bench-live-profile' : null,
        profilePhases: [...(largest ? ['connect', 'scoring'] : []), ...(storm ? ['storm'] : [])],
      };
      log(`viewers: ${VIEWERS.upserts} bare upserts`);
      const { samples: _samples, ...upsert } = await bareUpserts(scratch.url, VIEWERS.upserts, SIZE.judges);
      const bareFigures = await bareViewers(bare, bareInspector, n, config, storm);
      const podium = await podiumViewers(
        { url: server.baseUrl, http: t.http, pid: server.pid!, inspector: podiumInspector },
        events[index],
        n,
        config,
        storm,
      );
      steps.push({ viewers: n, bare: bareFigures, upsert, podium });
    }
    return steps;
  } finally {
    inspectors.forEach((i) => i.close());
    bare?.stop();
    await server.stop();
  }
}

/** Attendee ballots on a server of their own: an event of 1 round with BALLOT_JUDGES judges scoring its open talk. */
async function runBallots(): Promise<BallotFigures> {
  const server = new ServerProcess(
    {
      DATABASE_URL: db.url,
      PODIUM_DEMO: '0',
      PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PODIUM_BALLOT_SECRET: 'bench-ballot-secret-0123456789abcdef',
    },
    await freePort(),
    SERVER_DIR,
  );
  try {
    await server.start();
    const t = await organizer(server.baseUrl);
    log(`ballots: setting up the event (1 round, ${SIZE.talks} talks, ${BALLOT_JUDGES} judges)`);
    const event = await benchEvent(t, { revealedRounds: 0, talks: SIZE.talks, judges: BALLOT_JUDGES });
    return await measureBallots({ baseUrl: server.baseUrl, t, heartbeatMs: SIZE.heartbeatMs, progress: log }, event, BALLOTS);
  } finally {
    await server.stop();
  }
}

/** BENCH_CLUSTER_VIEWERS viewers through nginx on two instances sharing the database and Redis. */
async function runCluster(): Promise<ClusterViewerFigures | { skipped: string }> {
  if (!(await redisAnswers(REDIS_URL))) return { skipped: `no Redis at ${REDIS_URL}` };
  let cluster;
  try {
    cluster = await startCluster({
      instances: 2,
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      env: { PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD, ...VIEWER_SERVER_ENV },
      serverDir: SERVER_DIR,
      progress: (step) => log(`cluster: starting ${step}`),
    });
  } catch (error) {
    if (error instanceof Error && /nginx not found/.test(error.message)) return { skipped: error.message };
    throw error;
  }
  try {
    // Set up on one instance (not measured); the clients then come through nginx.
    const t = await organizer(cluster.instances[0].url);
    log(`cluster: setting up the event (1 round, ${SIZE.talks} talks, ${SIZE.judges} judges)`);
    const event = await benchEvent(t, { revealedRounds: 0, talks: SIZE.talks, judges: SIZE.judges });
    return await clusterViewers(cluster, (url) => request(url), event, CLUSTER_VIEWERS, viewerConfig, 10_000);
  } finally {
    await cluster.stop();
  }
}

try {
  const pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0].v;
  const show = SHOW ? await runShow() : null;
  const viewerSteps = VIEWERS.sizes.length > 0 ? await runViewers() : [];
  const cluster = CLUSTER ? await runCluster() : null;
  const ballots = BALLOTS.ballots > 0 ? await runBallots() : null;
  const result = {
    meta: {
      date: new Date().toISOString(),
      server: SERVER_DIR ?? process.cwd(),
      serverCommit: gitCommit(SERVER_DIR ?? process.cwd(), 'src'),
      benchCommit: gitCommit(process.cwd()),
      node: process.version,
      cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
      postgres: `${pgVersion}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ' (embedded)'}`,
      size: SIZE,
      screenAddresses: `127.0.0.2… (${Math.ceil(SIZE.screens / Number(process.env.BENCH_SCREENS_PER_ADDRESS ?? 25))} addresses), default admission limits`,
      coalesceMs: coalesceMs(SIZE.screens),
      viewers: { ...VIEWERS, cluster: CLUSTER ? CLUSTER_VIEWERS : 0, serverEnv: VIEWER_SERVER_ENV, profiled: PROFILE },
    },
    ...(show ?? {}),
    viewers: evaluateViewers(viewerSteps),
    ...(cluster ? { cluster: evaluateCluster(cluster, viewerSteps) } : {}),
    ...(ballots ? { ballots } : {}),
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  printTable(result);
  log(`written to ${OUT}`);
} finally {
  await db.drop();
  await scratch.drop();
  await stopEmbedded?.();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

function strip<T extends { samples: number[] }>(figures: T): Omit<T, 'samples'> {
  const { samples: _samples, ...rest } = figures;
  return rest;
}

type ShowResult = {
  meta: { serverCommit: string; size: typeof SIZE };
  baselines: {
    slots: { upsert: Omit<UpsertFigures, 'samples'>; broadcast: Record<string, Omit<BroadcastFigures, 'samples'>> }[];
    pooled: Record<
      'one' | 'seven',
      { broadcast: Spread; broadcastBytes: number; broadcastCpuMs: number; upsert: Spread; upsertsPerSecond: number; stormAllMs: number }
    >;
  };
  podium: Record<'one' | 'seven', PodiumFigures>;
  evaluated: Record<
    'one' | 'seven',
    {
      burstBaseMs: number;
      singleBaseMs: number;
      ratios: Record<string, number>;
      targets: Record<string, Target>;
    }
  >;
  cpuFlat: Target;
  robustness: Record<string, Record<string, number | string>>;
};

function s(x: Spread): string {
  return `${x.p50} / ${x.p99} / ${x.max}`;
}
function codes(refusals: Record<string, number>): string {
  return (
    Object.entries(refusals)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none'
  );
}

function verdict(t: Target): string {
  return `${t.holds ? 'holds' : 'MISSED'} (${t.value} vs ${t.bound})`;
}

/** Rows as columns padded to their widths, after a title line. */
function printRows(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(`\n${title}`);
  for (const row of rows)
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
}

/** Everything on stdout: the show's table, the viewers', the two instances', the CPU profiles' summaries. */
function printTable(r: {
  meta: ShowResult['meta'] & { viewers: { serverEnv: Record<string, string>; profiled: boolean } };
  podium?: unknown;
  viewers: EvaluatedViewerStep[];
  cluster?: ReturnType<typeof evaluateCluster>;
  ballots?: BallotFigures;
}): void {
  if (r.podium) printShow(r as unknown as ShowResult);
  if (r.viewers.length > 0) printViewers(r.meta.serverCommit, r.viewers, r.meta.viewers.serverEnv);
  if (r.cluster) printCluster(r.cluster);
  if (r.ballots) printBallots(r.ballots);
  for (const step of r.viewers) {
    for (const [phase, summary] of Object.entries(step.podium.profiles ?? {})) printProfile(`${phase}, ${step.viewers} viewers`, summary);
  }
}

/** The show's table: Podium on each event, the baselines of the same run, the ratios and targets. */
function printShow(r: ShowResult): void {
  const rows: string[][] = [['figure (ms unless said; p50 / p99 / max)', '1 round', `${r.meta.size.rounds} rounds`, 'baseline 1r | 7r']];
  const both = (f: (p: PodiumFigures) => string | number) => [String(f(r.podium.one)), String(f(r.podium.seven))];
  const bases = (f: (b: ShowResult['baselines']['pooled']['one']) => string | number) =>
    `${f(r.baselines.pooled.one)} | ${f(r.baselines.pooled.seven)}`;
  rows.push(['bare broadcast → each screen', '', '', bases((b) => s(b.broadcast))]);
  rows.push(['bare broadcast message bytes', '', '', bases((b) => b.broadcastBytes)]);
  rows.push(['bare server CPU per broadcast', '', '', bases((b) => b.broadcastCpuMs)]);
  rows.push(['bare upsert', '', '', bases((b) => s(b.upsert))]);
  rows.push(['bare upserts/s (one connection)', '', '', bases((b) => b.upsertsPerSecond)]);
  rows.push(['bare reconnect storm, all back', '', '', bases((b) => b.stormAllMs)]);
  rows.push(['single: submit → ack', ...both((p) => s(p.single.ack)), bases((b) => `upsert ${s(b.upsert)}`)]);
  rows.push([
    'single: submit → each screen',
    ...both((p) => s(p.single.screens)),
    bases((b) => `bcast ${b.broadcast.p99} + upsert ${b.upsert.p99}`),
  ]);
  rows.push(['single: submit → every screen (slowest)', ...both((p) => s(p.single.everyScreen)), '']);
  rows.push(['burst: submit → ack', ...both((p) => s(p.burst.ack)), '']);
  rows.push([
    'burst: last ack (p50 / worst burst)',
    ...both((p) => `${p.burst.lastAckP50} / ${p.burst.lastAckMax}`),
    `J×upsert p50 + bcast p99: ${r.evaluated.one.burstBaseMs} | ${r.evaluated.seven.burstBaseMs}`,
  ]);
  rows.push(['burst: submit → each screen final', ...both((p) => s(p.burst.screens)), '']);
  rows.push(['burst: every screen final (p50 / worst)', ...both((p) => `${p.burst.everyScreenP50} / ${p.burst.everyScreenMax}`), '']);
  rows.push(['burst: refused', ...both((p) => codes(p.burst.refused)), '']);
  rows.push([
    'sustained: submissions/s',
    ...both((p) => `${p.sustained.perSecond} (${p.sustained.submissions} in ${p.sustained.seconds} s)`),
    bases((b) => `upserts/s ${b.upsertsPerSecond}`),
  ]);
  rows.push(['sustained: submit → ack', ...both((p) => s(p.sustained.ack)), '']);
  rows.push(['sustained: refused', ...both((p) => codes(p.sustained.refused)), '']);
  rows.push(['sustained: drain after last ack', ...both((p) => p.sustained.drainMs), '']);
  rows.push([
    'sustained: screen updates/s, KB/s',
    ...both((p) => `${p.sustained.screenUpdatesPerSecond}, ${Math.round(p.sustained.screenBytesPerSecond / 1024)}`),
    '',
  ]);
  rows.push([
    'server CPU per submission (net of idle)',
    ...both((p) => `${p.sustained.cpuMsPerSubmission} (${p.sustained.cpuMsPerSubmissionNet})`),
    bases((b) => `bcast CPU ${b.broadcastCpuMs}`),
  ]);
  rows.push(['server idle CPU ms/s (heartbeats)', ...both((p) => p.sustained.idleCpuMsPerSecond), '']);
  rows.push([
    'bench CPU %, machine busy % (sustained)',
    ...both((p) => `${p.sustained.benchCpuPercent}, ${p.sustained.machineBusyPercent}`),
    '',
  ]);
  rows.push([
    'CPU % of a core: server/bench/postgres/other',
    ...both((p) => (p.sustained.cpuSplit ? Object.values(p.sustained.cpuSplit).join(' / ') : '')),
    '',
  ]);
  rows.push(['reconnect storm: all current', ...both((p) => `${p.storm.allMs} (p50 ${p.storm.p50})`), bases((b) => b.stormAllMs)]);
  rows.push(['reconnect storm: refused', ...both((p) => codes(p.storm.refused)), '']);
  for (const step of ['idle', 'single', 'burst', 'sustained', 'storm']) {
    rows.push([`event loop p99 / max: ${step}`, ...both((p) => `${p.eventLoop[step]?.p99Ms} / ${p.eventLoop[step]?.maxMs}`), '']);
  }
  rows.push(['bytes: screen update, snapshot', ...both((p) => `${p.bytes.screenUpdate}, ${p.bytes.screenSnapshot}`), '']);
  rows.push([
    'bytes: judge update (submitter, other), snapshot',
    ...both((p) => `${p.bytes.judgeUpdateSubmitter}, ${p.bytes.judgeUpdateOther}, ${p.bytes.judgeSnapshot}`),
    '',
  ]);
  for (const key of Object.keys(r.evaluated.one.ratios)) {
    rows.push([`ratio ${key}`, String(r.evaluated.one.ratios[key]), String(r.evaluated.seven.ratios[key]), '']);
  }
  for (const key of Object.keys(r.evaluated.one.targets)) {
    rows.push([`target ${key}`, verdict(r.evaluated.one.targets[key]), verdict(r.evaluated.seven.targets[key]), '']);
  }
  rows.push([
    `target a. CPU flat from 1 to ${r.meta.size.rounds} rounds (ratio ≤ ${r.cpuFlat.bound})`,
    `${r.cpuFlat.holds ? 'holds' : 'MISSED'} (${r.cpuFlat.value})`,
    '',
    '',
  ]);
  printRows(`Podium live benchmark — server ${r.meta.serverCommit}; ${r.meta.size.screens} screens, ${r.meta.size.judges} judges`, rows);
  if (Object.keys(r.robustness).length > 0) {
    console.log('\nRobustness');
    for (const [name, values] of Object.entries(r.robustness)) {
      console.log(
        `${name.padEnd(44)} ${Object.entries(values)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · ')}`,
      );
    }
  }
}

interface Target {
  value: number;
  bound: number;
  holds: boolean;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
function ratioOf(a: number, b: number): number {
  return Number((a / b).toPrecision(3));
}

type EvaluatedViewerStep = ReturnType<typeof evaluateViewers>[number];

/** Each viewer step against the bare figures at the same size, and its targets. */
function evaluateViewers(steps: ViewerStep[]) {
  return steps.map((step) => {
    const { bare, podium, upsert } = step;
    const baseMs = round1(bare.broadcast.p99 + upsert.p99);
    const targets: Record<string, Target> = {
      'submit → every viewer p99 ≤ 2 × (bare broadcast p99 + bare upsert p99)': {
        value: podium.single.every.p99,
        bound: round1(2 * baseMs),
        holds: podium.single.every.p99 <= 2 * baseMs,
      },
    };
    if (podium.storm) {
      targets['reconnect storm: every viewer current ≤ 15 s'] = {
        value: podium.storm.allMs,
        bound: 15_000,
        holds: podium.storm.allMs <= 15_000,
      };
      targets['reconnect storm: none refused for a server reason (429, 5xx)'] = {
        value: podium.storm.serverRefusals,
        bound: 0,
        holds: podium.storm.serverRefusals === 0,
      };
    }
    return {
      ...step,
      baseMs,
      ratios: {
        connectTimeVsBare: ratioOf(podium.connect.allMs, bare.connect.allMs),
        heapPerViewerVsBare: ratioOf(podium.connect.heapPerClient, bare.connect.heapPerClient),
        everyViewerP99VsBase: ratioOf(podium.single.every.p99, baseMs),
        ...(podium.storm && bare.storm ? { stormVsBareStorm: ratioOf(podium.storm.allMs, bare.storm.allMs) } : {}),
      },
      targets,
    };
  });
}

/** The two instances against one instance with as many viewers (the same step of this run). */
function evaluateCluster(cluster: ClusterViewerFigures | { skipped: string }, steps: ViewerStep[]) {
  if ('skipped' in cluster) return cluster;
  const one = steps.find((s) => s.viewers === cluster.viewers);
  const bound = one ? round1(one.podium.single.every.p99 + 50) : NaN;
  const value = cluster.single?.every.p99 ?? NaN;
  return {
    ...cluster,
    oneInstanceEveryP99: one?.podium.single.every.p99 ?? null,
    targets: {
      'two instances: submit → every viewer p99 ≤ one instance + 50 ms': {
        value,
        bound,
        holds: cluster.shared && value <= bound,
      } as Target,
    },
  };
}

function printViewers(commit: string, steps: EvaluatedViewerStep[], serverEnv: Record<string, string>): void {
  const rows: string[][] = [['figure (ms unless said; p50 / p99 / max)', ...steps.map((x) => `${x.viewers} viewers`)]];
  const row = (name: string, f: (x: EvaluatedViewerStep) => string | number | undefined) =>
    rows.push([name, ...steps.map((x) => String(f(x) ?? ''))]);
  const kb = (bytes: number) => `${round1(bytes / 1024)} KB`;
  const storm = steps.find((x) => x.podium.storm)?.podium.storm?.screens;
  row('bare: all connected (ms, per second)', (x) => `${x.bare.connect.allMs} (${x.bare.connect.perSecond}/s)`);
  row(
    'bare: heap / external / RSS per client',
    (x) => `${kb(x.bare.connect.heapPerClient)} / ${kb(x.bare.connect.externalPerClient)} / ${kb(x.bare.connect.rssPerClient)}`,
  );
  row('bare broadcast → each client', (x) => s(x.bare.broadcast));
  row('bare broadcast → every client (slowest)', (x) => s(x.bare.broadcastEvery));
  row('bare server CPU per broadcast', (x) => x.bare.broadcast.cpuMsPerBroadcast);
  row('bare upsert', (x) => s(x.upsert));
  row('bare: accept queue overflows while connecting', (x) => x.bare.connect.listenOverflows);
  if (storm) {
    row(`bare reconnect storm of ${storm}: all back`, (x) => x.bare.storm?.allMs);
    row('bare reconnect storm: refused; accept queue overflows', (x) =>
      x.bare.storm ? `${codes(x.bare.storm.refused)}; ${x.bare.storm.listenOverflows}` : '',
    );
  }
  row('viewers: all connected (ms, per second)', (x) => `${x.podium.connect.allMs} (${x.podium.connect.perSecond}/s)`);
  row(
    'viewers: refused while connecting; accept queue overflows',
    (x) => `${codes(x.podium.connect.refused)}; ${x.podium.connect.listenOverflows}`,
  );
  row(
    'heap / external / RSS per viewer',
    (x) => `${kb(x.podium.connect.heapPerClient)} / ${kb(x.podium.connect.externalPerClient)} / ${kb(x.podium.connect.rssPerClient)}`,
  );
  row(
    'server heap after GC: before → with viewers',
    (x) => `${Math.round(x.podium.connect.before.heapUsed / 2 ** 20)} → ${Math.round(x.podium.connect.after.heapUsed / 2 ** 20)} MB`,
  );
  row('single: submit → ack', (x) => s(x.podium.single.ack));
  row('single: submit → each viewer', (x) => s(x.podium.single.each));
  row('single: submit → every viewer (slowest)', (x) => s(x.podium.single.every));
  row(
    'scoring: submissions/s (all judges)',
    (x) => `${x.podium.scoring.perSecond} (${x.podium.scoring.submissions} in ${x.podium.scoring.seconds} s)`,
  );
  row('scoring: submit → ack', (x) => s(x.podium.scoring.ack));
  row('scoring: refused', (x) => codes(x.podium.scoring.refused));
  row('scoring: drain after last ack', (x) => x.podium.scoring.drainMs);
  row(
    'scoring: CPU % of a core server / bench; machine busy %',
    (x) => `${x.podium.scoring.serverCpuPercent} / ${x.podium.scoring.benchCpuPercent}; ${x.podium.scoring.machineBusyPercent}`,
  );
  for (const phase of ['connect', 'single', 'scoring', 'storm']) {
    row(`event loop p99 / max: ${phase}`, (x) =>
      x.podium.eventLoop[phase] ? `${x.podium.eventLoop[phase].p99Ms} / ${x.podium.eventLoop[phase].maxMs}` : '',
    );
  }
  if (storm) {
    row(`reconnect storm of ${storm}: every viewer current`, (x) =>
      x.podium.storm ? `${x.podium.storm.allMs} (p50 ${x.podium.storm.p50})` : '',
    );
    row('reconnect storm: refused; accept queue overflows', (x) =>
      x.podium.storm ? `${codes(x.podium.storm.refused)}; ${x.podium.storm.listenOverflows}` : '',
    );
    row('reconnect storm: CPU % of a core server / bench; machine busy %', (x) =>
      x.podium.storm ? `${x.podium.storm.serverCpuPercent} / ${x.podium.storm.benchCpuPercent}; ${x.podium.storm.machineBusyPercent}` : '',
    );
  }
  row('base: bare broadcast p99 + bare upsert p99', (x) => x.baseMs);
  for (const key of Object.keys(steps[0].ratios)) row(`ratio ${key}`, (x) => (x.ratios as Record<string, number>)[key]);
  const keys = [...new Set(steps.flatMap((x) => Object.keys(x.targets)))];
  for (const key of keys) row(`target ${key}`, (x) => (x.targets[key] ? verdict(x.targets[key]) : ''));
  printRows(
    `Remote viewers (no heartbeat) — server ${commit}; ${SIZE.judges} judges; server limits ${Object.entries(serverEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    rows,
  );
}

function printCluster(c: ReturnType<typeof evaluateCluster>): void {
  if ('skipped' in c) {
    console.log(`\nTwo instances behind nginx: SKIPPED (${c.skipped})`);
    return;
  }
  const rows: string[][] = [['figure (ms unless said; p50 / p99 / max)', `${c.instances} instances, ${c.viewers} viewers`]];
  rows.push(['viewers per instance (connections)', c.viewersPerInstance.join(' / ')]);
  rows.push(['judges per instance (connections)', c.judgesPerInstance.join(' / ')]);
  rows.push(['all connected through nginx (ms, per second)', `${c.connect.allMs} (${c.connect.perSecond}/s)`]);
  rows.push(['refused while connecting; accept queue overflows', `${codes(c.connect.refused)}; ${c.connect.listenOverflows}`]);
  rows.push([
    'updates shared between the instances',
    c.shared
      ? 'yes'
      : `NO: ${c.firstMissed?.reached} of ${c.firstMissed?.of} viewers got a submission within 10 s; versions held ${JSON.stringify(c.versionsHeld)}`,
  ]);
  if (c.single) {
    rows.push(['single: submit → ack', s(c.single.ack)]);
    rows.push(['single: submit → each viewer', s(c.single.each)]);
    rows.push(['single: submit → every viewer (slowest)', s(c.single.every)]);
  }
  rows.push(['one instance, same viewers: every viewer p99', String(c.oneInstanceEveryP99 ?? 'not measured')]);
  for (const phase of Object.keys(c.eventLoop)) {
    rows.push([`event loop p99 / max per instance: ${phase}`, c.eventLoop[phase].map((l) => `${l.p99Ms} / ${l.maxMs}`).join(' | ')]);
  }
  for (const [key, target] of Object.entries(c.targets)) rows.push([`target ${key}`, verdict(target)]);
  printRows('Two instances behind nginx (Redis streams adapter)', rows);
}

function printProfile(name: string, p: ProfileSummary): void {
  console.log(`\nServer CPU profile, ${name}: ${p.totalMs} ms sampled, ${p.idleMs} ms idle; % of busy time`);
  console.log(`  by area:  ${p.areas.map((a) => `${a.area} ${a.percent}`).join(' · ')}`);
  console.log('  by function (self):');
  for (const f of p.self) console.log(`    ${String(f.percent).padStart(5)}  ${f.frame}`);
  console.log("  Podium's functions (inclusive):");
  for (const f of p.podiumInclusive) console.log(`    ${String(f.percent).padStart(5)}  ${f.frame}`);
}

/** The ballots' table: counted, duplicates, lost, and the judges' acks with and without them. */
function printBallots(b: BallotFigures): void {
  const rows: string[][] = [['attendee ballots (ms unless said; p50 / p99 / max)', 'value']];
  rows.push([`ballots sent (first ballots, ${b.replays} replays, changes) / acked`, `${b.sent} / ${b.acked}`]);
  rows.push(['refused', codes(b.refused)]);
  rows.push(['codes that voted, counted in the database', `${b.counted} of ${b.codes}`]);
  rows.push(['duplicates', String(b.duplicates)]);
  rows.push(['lost (acked, not read back as acked)', String(b.lost)]);
  rows.push(['replays answered as such', `${b.replaysRecognised} of ${b.replays}`]);
  rows.push(['ballot: POST → answer', s(b.ballotAck)]);
  rows.push(['ballots per second acked', String(b.ballotsPerSecond)]);
  rows.push(['tally messages on a screen (per second while casting)', `${b.tally.messages} (${b.tally.perSecond}/s)`]);
  rows.push(['last ack → the screen shows every ballot', String(b.tally.lastAckToScreenMs)]);
  rows.push([
    `judges' submit → ack, no ballot`,
    `${s(b.judges.without)} (n ${b.judges.without.n}; refused ${codes(b.judges.refusedWithout)})`,
  ]);
  rows.push([
    `judges' submit → ack, ballots arriving`,
    `${s(b.judges.with)} (n ${b.judges.with.n}; refused ${codes(b.judges.refusedWith)})`,
  ]);
  printRows(`Attendee ballots: ${b.size.ballots} codes within ${b.size.seconds} s while the judges score`, rows);
}
