// npm run bench:live: the live channel under a show's load, measured against bare baselines in the
// same run (docs/live-benchmark.md says what each figure means and how to read it).
// A benchmark, not a test: it prints a table and writes test-artifacts/bench-live.json.
//
// The built server runs as its own process, on a fresh database of DATABASE_URL's server if set,
// else of an embedded PostgreSQL. BENCH_SERVER_DIR runs another checkout's build instead (the code
// before a change, for a before/after table). The bare baselines run alternately with Podium's
// steps: baselines, the 1-round event, baselines, the 7-round event, baselines; each Podium figure
// is compared with the baselines run just before and after it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
import { spread, type Spread } from './stats.js';

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
const SERVER_DIR = process.env.BENCH_SERVER_DIR ? resolve(process.env.BENCH_SERVER_DIR) : undefined;
const OUT = process.env.BENCH_OUT ?? 'test-artifacts/bench-live.json';

if (SERVER_DIR && !existsSync(join(SERVER_DIR, 'dist/src/main.js'))) {
  throw new Error(`no build in ${SERVER_DIR}: run npm ci && npm run build:server there first`);
}
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
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
const server = new ServerProcess(
  { DATABASE_URL: db.url, PODIUM_DEMO: '0', PODIUM_ADMIN_PASSWORD: ADMIN_PASSWORD },
  await freePort(),
  SERVER_DIR,
);
let bare: BareServer | null = null;

interface Slot {
  broadcast: { one: BroadcastFigures; seven: BroadcastFigures };
  storm: { one: StormFigures; seven: StormFigures };
  upsert: UpsertFigures;
}

try {
  await server.start();
  const http = request(server.baseUrl);
  const login = await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
  const t = { baseUrl: server.baseUrl, http, db, adminToken: login.body.token as string } as TestApp;
  const pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0].v;
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
    },
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
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  printTable(result);
  log(`written to ${OUT}`);
} finally {
  bare?.stop();
  await server.stop();
  await db.drop();
  await scratch.drop();
  await stopEmbedded?.();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}

function strip<T extends { samples: number[] }>(figures: T): Omit<T, 'samples'> {
  const { samples: _samples, ...rest } = figures;
  return rest;
}

type Result = {
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
      targets: Record<string, { value: number; bound: number; holds: boolean }>;
    }
  >;
  cpuFlat: { value: number; bound: number; holds: boolean };
  robustness: Record<string, Record<string, number | string>>;
};

/** The figures as a table on stdout: Podium on each event, the baselines of the same run, the ratios and targets. */
function printTable(r: Result): void {
  const s = (x: Spread) => `${x.p50} / ${x.p99} / ${x.max}`;
  const codes = (refusals: Record<string, number>) =>
    Object.entries(refusals)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none';
  const rows: string[][] = [['figure (ms unless said; p50 / p99 / max)', '1 round', `${r.meta.size.rounds} rounds`, 'baseline 1r | 7r']];
  const both = (f: (p: PodiumFigures) => string | number) => [String(f(r.podium.one)), String(f(r.podium.seven))];
  const bases = (f: (b: Result['baselines']['pooled']['one']) => string | number) =>
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
    const cell = (which: 'one' | 'seven') => {
      const target = r.evaluated[which].targets[key];
      return `${target.holds ? 'holds' : 'MISSED'} (${target.value} vs ${target.bound})`;
    };
    rows.push([`target ${key}`, cell('one'), cell('seven'), '']);
  }
  rows.push([
    `target a. CPU flat from 1 to ${r.meta.size.rounds} rounds (ratio ≤ ${r.cpuFlat.bound})`,
    `${r.cpuFlat.holds ? 'holds' : 'MISSED'} (${r.cpuFlat.value})`,
    '',
    '',
  ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(`\nPodium live benchmark — server ${r.meta.serverCommit}; ${r.meta.size.screens} screens, ${r.meta.size.judges} judges`);
  for (const row of rows)
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
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
