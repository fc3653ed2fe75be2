// Remote viewers (issue 13): thousands of read-only clients (role 'viewer', no heartbeat) on one
// instance and on two behind nginx, against a bare socket.io server with as many clients, each in
// its own process with its inspector open (test/bench/inspector.ts) so that heaps are read after a
// full collection. See docs/live-benchmark.md, "Remote viewers".
import { performance } from 'node:perf_hooks';
import type TestAgent from 'supertest/lib/agent.js';
import { type BareServer, bareBroadcast, type BroadcastFigures, reconnectStorm, type StormFigures } from './baselines.js';
import { connectScreens, connectWithRetry, type Refusals, screenAddress, serverRefusals, settle, waitAll } from './crowd.js';
import type { Inspector, Memory, ProfileSummary } from './inspector.js';
import type { Follower } from './light-socket.js';
import { type BenchEvent, singleSubmissions, submissionRun, type SubmissionRun, sustain } from './podium-live.js';
import { busyPercent, listenOverflows, machineCpuMs, processCpuMs, sleep, spread, type Spread } from './stats.js';

export interface ViewerConfig {
  /** Viewers per loopback address (127.0.0.2 …, then 127.0.1.2 …). */
  perAddress: number;
  /** Handshakes in flight at once while connecting. */
  concurrency: number;
  /** Bare broadcasts to every client. */
  broadcasts: number;
  singles: number;
  scoringMs: number;
  /** Judges' heartbeat (tablets keep theirs; viewers send none). */
  heartbeatMs: number;
  /** The reconnect storm's size (0: none): it runs on the first step with at least that many viewers. */
  storm: number;
  /** Where CPU profiles go (a file name prefix), when profiling. */
  profile: string | null;
  /** The phases profiled in this step: connect, scoring, storm. */
  profilePhases: string[];
  progress: (line: string) => void;
}

export interface ConnectFigures {
  clients: number;
  /** From the first handshake until every client holds its snapshot. */
  allMs: number;
  perSecond: number;
  refused: Refusals;
  /** Connections dropped meanwhile because an accept queue was full (the whole machine's count). */
  listenOverflows: number;
  before: Memory;
  after: Memory;
  /** (after − before) / clients, in bytes: the JS heap after a full collection, and the whole process. */
  heapPerClient: number;
  externalPerClient: number;
  rssPerClient: number;
}

export interface BareViewerFigures {
  connect: ConnectFigures;
  broadcast: Omit<BroadcastFigures, 'samples'>;
  /** The slowest client of each broadcast. */
  broadcastEvery: Spread;
  storm?: StormFigures;
}

export interface PodiumViewerFigures {
  connect: ConnectFigures;
  single: { ack: Spread; each: Spread; every: Spread };
  scoring: SubmissionRun & {
    /** The server's CPU over the scoring, in % of one core, and the bench process's (its viewers and judges). */
    serverCpuPercent: number;
    benchCpuPercent: number;
    /** The whole machine's busy share over the same time (other work on a shared machine shows here). */
    machineBusyPercent: number;
  };
  /**
   * The storm, its refusals for a server reason, and who had the CPU meanwhile (% of one core; the
   * bench reconnecting its viewers competes with the server on a small machine).
   */
  storm?: StormFigures & { serverRefusals: number; serverCpuPercent: number; benchCpuPercent: number; machineBusyPercent: number };
  /** GET /health's event-loop delay over each step. */
  eventLoop: Record<string, { p99Ms: number; maxMs: number }>;
  profiles?: Record<string, ProfileSummary>;
}

const viewerAuth = (event: { publicCode: string } | null) => (event ? { role: 'viewer', code: event.publicCode } : { role: 'viewer' });

/** From now until it is called: the server's and the bench's CPU in % of one core, and the machine's busy share. */
function cpuMeter(pid: number): () => { serverCpuPercent: number; benchCpuPercent: number; machineBusyPercent: number } {
  const server = processCpuMs(pid);
  const bench = process.cpuUsage();
  const machine = machineCpuMs();
  const start = performance.now();
  return () => {
    const wall = performance.now() - start;
    const own = process.cpuUsage(bench);
    return {
      serverCpuPercent: Math.round(((processCpuMs(pid) - server) / wall) * 100),
      benchCpuPercent: Math.round(((own.user + own.system) / 1000 / wall) * 100),
      machineBusyPercent: busyPercent(machine, machineCpuMs()),
    };
  };
}

/** Connects `n` viewers (no heartbeat): from the first handshake until every one holds its snapshot. */
async function connectViewers(
  url: string,
  n: number,
  auth: object,
  c: ViewerConfig,
  label: string,
): Promise<{ viewers: Follower[]; timing: Pick<ConnectFigures, 'clients' | 'allMs' | 'perSecond' | 'refused' | 'listenOverflows'> }> {
  const refused: Refusals = {};
  const overflowsBefore = listenOverflows();
  const start = performance.now();
  let shown = start;
  const viewers = await connectScreens(
    url,
    n,
    auth,
    { heartbeatMs: 0 },
    refused,
    c.concurrency,
    (i) => screenAddress(i, c.perAddress),
    (count) => {
      if (count % 1000 !== 0 && count !== n) return;
      const now = performance.now();
      c.progress(
        `${label}: ${count} of ${n} connected (${Math.round(((now - start) / 1000) * 10) / 10} s, +${Math.round(now - shown)} ms)`,
      );
      shown = now;
    },
  );
  if (!(await waitAll(viewers, 0, 120_000))) throw new Error(`${label}: not every viewer got its snapshot within two minutes`);
  const allMs = performance.now() - start;
  return {
    viewers,
    timing: {
      clients: n,
      allMs: Math.round(allMs),
      perSecond: Math.round(n / (allMs / 1000)),
      refused,
      listenOverflows: listenOverflows() - overflowsBefore,
    },
  };
}

/** What `n` clients added to the process, per client (both readings after a full collection). */
function perClient(
  before: Memory,
  after: Memory,
  n: number,
): Pick<ConnectFigures, 'before' | 'after' | 'heapPerClient' | 'externalPerClient' | 'rssPerClient'> {
  const per = (key: keyof Memory) => Math.round((after[key] - before[key]) / n);
  return { before, after, heapPerClient: per('heapUsed'), externalPerClient: per('external'), rssPerClient: per('rss') };
}

/** The bare socket.io server with `n` clients: connect (with heap), broadcasts, and the storm if this step has it. */
export async function bareViewers(
  bare: BareServer,
  inspector: Inspector,
  n: number,
  c: ViewerConfig,
  storm: boolean,
): Promise<BareViewerFigures> {
  c.progress(`bare server: connecting ${n} clients`);
  const before = await inspector.memory();
  const { viewers, timing } = await connectViewers(bare.baseUrl, n, viewerAuth(null), c, `bare ${n}`);
  const figures = { ...timing, ...perClient(before, await inspector.memory(), n) };
  c.progress(`bare server: ${c.broadcasts} broadcasts to ${n} clients`);
  const { samples, ...broadcast } = await bareBroadcast(bare, viewers, c.broadcasts);
  const every = [];
  for (let i = 0; i < samples.length; i += n) every.push(Math.max(...samples.slice(i, i + n)));
  let stormed: StormFigures | undefined;
  let all = viewers;
  if (storm) {
    c.progress(`bare server: reconnect storm of ${c.storm} clients`);
    const result = await reconnectStorm(bare.baseUrl, viewers.slice(0, c.storm), viewerAuth(null), 0, (i) =>
      screenAddress(i, c.perAddress),
    );
    stormed = result.figures;
    all = [...result.screens, ...viewers.slice(c.storm)];
  }
  all.forEach((v) => v.socket.close());
  await sleep(1_000);
  return { connect: figures, broadcast, broadcastEvery: spread(every), ...(stormed ? { storm: stormed } : {}) };
}

export interface PodiumTarget {
  url: string;
  http: TestAgent;
  pid: number;
  inspector: Inspector;
}

/** Judges of `event` connected through `url`, judge `i` from `address(i)` when given. */
export async function connectJudges(
  url: string,
  event: BenchEvent,
  heartbeatMs: number,
  address?: (i: number) => string,
): Promise<Follower[]> {
  const refused: Refusals = {};
  return Promise.all(
    event.judges.map((j, i) =>
      connectWithRetry(url, { role: 'judge', token: j.token }, { heartbeatMs, ...(address ? { from: address(i) } : {}) }, refused),
    ),
  );
}

/** One instance with `n` viewers and the event's judges: connect, single submissions, judges scoring, the storm if this step has it. */
export async function podiumViewers(
  p: PodiumTarget,
  event: BenchEvent,
  n: number,
  c: ViewerConfig,
  storm: boolean,
): Promise<PodiumViewerFigures> {
  const health = async () => (await p.http.get('/health')).body.eventLoop as { p99Ms: number; maxMs: number };
  const eventLoop: PodiumViewerFigures['eventLoop'] = {};
  const profiles: Record<string, ProfileSummary> = {};
  const profiled = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    if (!c.profile || !c.profilePhases.includes(name)) return work();
    await p.inspector.startProfile();
    try {
      return await work();
    } finally {
      const file = `${c.profile}-${name}-${n}.cpuprofile`;
      profiles[name] = await p.inspector.stopProfile(file);
      c.progress(`CPU profile of the server written to ${file}`);
    }
  };

  c.progress(`podium: connecting ${event.judges.length} judges`);
  const judges = await connectJudges(p.url, event, c.heartbeatMs);
  await settle(judges);
  const before = await p.inspector.memory();
  await health();
  c.progress(`podium: connecting ${n} viewers`);
  const connected = await profiled('connect', () => connectViewers(p.url, n, viewerAuth(event), c, `podium ${n}`));
  let viewers = connected.viewers;
  // Before the heap is read: its full collections stop the event loop.
  eventLoop.connect = await health();
  const connect = { ...connected.timing, ...perClient(before, await p.inspector.memory(), n) };

  c.progress(`podium: ${c.singles} single submissions, each to ${n} viewers`);
  viewers.forEach((v) => v.forget());
  await health();
  const single = await singleSubmissions(judges, viewers, event, c.singles);
  if (single.missed) throw new Error(`a submission reached ${single.missed.reached} of ${n} viewers within two minutes`);
  eventLoop.single = await health();

  c.progress(`podium: ${event.judges.length} judges scoring for ${c.scoringMs / 1000} s`);
  await settle([...judges, ...viewers]);
  await health();
  const cpu = cpuMeter(p.pid);
  const start = performance.now();
  const scored = await profiled('scoring', () => sustain(judges, event, c.scoringMs));
  const final = await judges[0].currentVersion();
  if (!(await waitAll(viewers, final, 300_000))) throw new Error('the scoring did not reach every viewer within five minutes of its end');
  const drained = performance.now();
  const used = cpu();
  eventLoop.scoring = await health();

  let stormed: PodiumViewerFigures['storm'];
  if (storm) {
    c.progress(`podium: reconnect storm of ${c.storm} viewers`);
    await health();
    const stormers = viewers.slice(0, c.storm);
    const cpu = cpuMeter(p.pid);
    const result = await profiled('storm', () =>
      reconnectStorm(p.url, stormers, viewerAuth(event), 0, (i) => screenAddress(i, c.perAddress)),
    );
    stormed = { ...result.figures, serverRefusals: serverRefusals(result.figures.refused), ...cpu() };
    viewers = [...result.screens, ...viewers.slice(c.storm)];
    eventLoop.storm = await health();
  }

  [...judges, ...viewers].forEach((f) => f.socket.close());
  await sleep(2_000);
  return {
    connect,
    single: { ack: spread(single.ack), each: spread(single.each), every: spread(single.every) },
    scoring: {
      ...submissionRun(scored, start, drained),
      ...used,
    },
    ...(stormed ? { storm: stormed } : {}),
    eventLoop,
    ...(Object.keys(profiles).length > 0 ? { profiles } : {}),
  };
}

export interface ClusterViewerFigures {
  instances: number;
  viewers: number;
  connect: Pick<ConnectFigures, 'clients' | 'allMs' | 'perSecond' | 'refused' | 'listenOverflows'>;
  /** Live-channel connections each instance holds (from /proc/net: nginx's connections to it). */
  viewersPerInstance: number[];
  judgesPerInstance: number[];
  /** Whether a judge's submission reached the viewers of both instances. */
  shared: boolean;
  /** When it did not: how many viewers held the missed submission's version after the wait (0 of all: the instances did not even agree before it), and the versions viewers held, with their counts. */
  firstMissed?: { reached: number; of: number };
  versionsHeld?: Record<number, number>;
  single?: { ack: Spread; each: Spread; every: Spread };
  eventLoop: Record<string, { p99Ms: number; maxMs: number }[]>;
}

/** Judge `i`'s address in the two-instance step: 127.1.0.2, 127.1.0.3, … (its own, so that nginx spreads the judges). */
export const judgeAddress = (i: number) => `127.1.${Math.floor(i / 253)}.${2 + (i % 253)}`;

/**
 * Two (or more) instances behind nginx: `n` viewers connect through nginx from their addresses (so
 * nginx's hash spreads them), the judges too, from one address each; single submissions until every
 * viewer on every instance holds the version (at most `waitMs` each: without a shared live channel
 * the viewers of the other instance never do).
 */
export async function clusterViewers(
  cluster: { url: string; instances: { url: string; connections(): number }[] },
  http: (url: string) => TestAgent,
  event: BenchEvent,
  n: number,
  c: ViewerConfig,
  waitMs: number,
): Promise<ClusterViewerFigures> {
  const health = () =>
    Promise.all(cluster.instances.map(async (i) => (await http(i.url).get('/health')).body.eventLoop as { p99Ms: number; maxMs: number }));
  const counts = () => cluster.instances.map((i) => i.connections());
  const eventLoop: ClusterViewerFigures['eventLoop'] = {};

  c.progress(`cluster: connecting ${event.judges.length} judges through nginx`);
  await sleep(1_000);
  const before = counts();
  const judges = await connectJudges(cluster.url, event, c.heartbeatMs, judgeAddress);
  const withJudges = counts();
  await health();
  c.progress(`cluster: connecting ${n} viewers through nginx`);
  const { viewers, timing } = await connectViewers(cluster.url, n, viewerAuth(event), c, `cluster ${n}`);
  const withViewers = counts();
  eventLoop.connect = await health();

  c.progress(`cluster: ${c.singles} single submissions, each to ${n} viewers on ${cluster.instances.length} instances`);
  viewers.forEach((v) => v.forget());
  // Instances that do not share their changes may greet their clients with different versions.
  const agreed = await settle([...judges, ...viewers], 150, waitMs).then(
    () => true,
    () => false,
  );
  const single = agreed
    ? await singleSubmissions(judges, viewers, event, c.singles, { timeoutMs: waitMs })
    : { ack: [], each: [], every: [], missed: { reached: 0, of: viewers.length } };
  const held = new Map<number, number>();
  for (const v of viewers) held.set(v.version, (held.get(v.version) ?? 0) + 1);
  eventLoop.single = await health();
  [...judges, ...viewers].forEach((f) => f.socket.close());
  await sleep(2_000);
  return {
    instances: cluster.instances.length,
    viewers: n,
    connect: timing,
    viewersPerInstance: withViewers.map((v, i) => v - withJudges[i]),
    judgesPerInstance: withJudges.map((v, i) => v - before[i]),
    shared: !single.missed,
    ...(single.missed ? { firstMissed: single.missed, versionsHeld: Object.fromEntries(held) } : {}),
    ...(single.every.length > 0 ? { single: { ack: spread(single.ack), each: spread(single.each), every: spread(single.every) } } : {}),
    eventLoop,
  };
}
