// Two runs of `npm run bench:live` side by side, as a Markdown table (for docs/live-benchmark.md):
//   node --import tsx/esm test/bench/compare.ts before.json after.json
import { readFileSync } from 'node:fs';
import type { PodiumFigures } from './podium-live.js';
import type { Spread } from './stats.js';

interface Pooled {
  broadcast: Spread;
  broadcastBytes: number;
  broadcastCpuMs: number;
  upsert: Spread;
  upsertsPerSecond: number;
  stormAllMs: number;
}
interface Run {
  meta: { serverCommit: string; size: { rounds: number; screens: number; judges: number } };
  baselines: { pooled: Record<'one' | 'seven', Pooled> };
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
  cpuFlat: { value: number; holds: boolean };
}

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: compare.ts before.json after.json');
const runs = [beforeFile, afterFile].map((f) => JSON.parse(readFileSync(f, 'utf8')) as Run);
const which = ['one', 'seven'] as const;
const s = (x: Spread) => `${x.p50} / ${x.p99} / ${x.max}`;
const codes = (refusals: Record<string, number>) =>
  Object.entries(refusals)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ') || 'none';

const rows: [string, (p: PodiumFigures, b: Pooled) => string | number][] = [
  ['bare broadcast → each screen', (_, b) => s(b.broadcast)],
  ['bare broadcast bytes', (_, b) => b.broadcastBytes],
  ['bare upsert', (_, b) => s(b.upsert)],
  ['bare upserts/s', (_, b) => b.upsertsPerSecond],
  ['bare reconnect storm, all back', (_, b) => b.stormAllMs],
  ['single: submit → ack', (p) => s(p.single.ack)],
  ['single: submit → each screen', (p) => s(p.single.screens)],
  ['burst: submit → ack', (p) => s(p.burst.ack)],
  ['burst: last ack (p50 / worst)', (p) => `${p.burst.lastAckP50} / ${p.burst.lastAckMax}`],
  ['burst: submit → each screen final', (p) => s(p.burst.screens)],
  ['burst: every screen final (p50 / worst)', (p) => `${p.burst.everyScreenP50} / ${p.burst.everyScreenMax}`],
  ['sustained: submissions/s', (p) => p.sustained.perSecond],
  ['sustained: submit → ack', (p) => s(p.sustained.ack)],
  ['sustained: refused', (p) => codes(p.sustained.refused)],
  [
    'sustained: screen updates/s, KB/s',
    (p) => `${p.sustained.screenUpdatesPerSecond}, ${Math.round(p.sustained.screenBytesPerSecond / 1024)}`,
  ],
  ['server CPU ms per submission (net)', (p) => `${p.sustained.cpuMsPerSubmission} (${p.sustained.cpuMsPerSubmissionNet})`],
  ['server idle CPU ms/s', (p) => p.sustained.idleCpuMsPerSecond],
  ['bench CPU %, machine busy %', (p) => `${p.sustained.benchCpuPercent}, ${p.sustained.machineBusyPercent}`],
  [
    'CPU % of a core: server / bench / postgres / other',
    (p) => (p.sustained.cpuSplit ? Object.values(p.sustained.cpuSplit).join(' / ') : 'n/a'),
  ],
  ['reconnect storm: all current', (p) => p.storm.allMs],
  ['reconnect storm: refused', (p) => codes(p.storm.refused)],
  ['event loop p99 / max, burst', (p) => `${p.eventLoop.burst.p99Ms} / ${p.eventLoop.burst.maxMs}`],
  ['event loop p99 / max, sustained', (p) => `${p.eventLoop.sustained.p99Ms} / ${p.eventLoop.sustained.maxMs}`],
  ['event loop p99 / max, storm', (p) => `${p.eventLoop.storm.p99Ms} / ${p.eventLoop.storm.maxMs}`],
  ['bytes: screen update / snapshot', (p) => `${p.bytes.screenUpdate} / ${p.bytes.screenSnapshot}`],
  [
    'bytes: judge update (scorer / other) / snapshot',
    (p) => `${p.bytes.judgeUpdateSubmitter} / ${p.bytes.judgeUpdateOther} / ${p.bytes.judgeSnapshot}`,
  ],
];
const rounds = runs[1].meta.size.rounds;
const header = `| figure (ms; p50 / p99 / max) | before, 1 round | before, ${rounds} rounds | after, 1 round | after, ${rounds} rounds |`;
const lines = [header, '|---|---|---|---|---|'];
for (const [name, f] of rows) {
  lines.push(`| ${name} | ${runs.flatMap((r) => which.map((w) => String(f(r.podium[w], r.baselines.pooled[w])))).join(' | ')} |`);
}
lines.push(
  `| baseline J × upsert p50 + broadcast p99 | ${runs.flatMap((r) => which.map((w) => r.evaluated[w].burstBaseMs)).join(' | ')} |`,
);
lines.push(`| baseline broadcast p99 + upsert p99 | ${runs.flatMap((r) => which.map((w) => r.evaluated[w].singleBaseMs)).join(' | ')} |`);
for (const ratio of Object.keys(runs[1].evaluated.one.ratios)) {
  // Recomputed where the figures allow, to three significant digits (runs before that rounded to two decimals).
  const value = (r: Run, w: 'one' | 'seven') =>
    ratio === 'sustainedVsUpsertsPerSecond'
      ? Number((r.podium[w].sustained.perSecond / r.baselines.pooled[w].upsertsPerSecond).toPrecision(3))
      : r.evaluated[w].ratios[ratio];
  lines.push(`| ratio ${ratio} | ${runs.flatMap((r) => which.map((w) => `${value(r, w)}×`)).join(' | ')} |`);
}
for (const target of Object.keys(runs[1].evaluated.one.targets)) {
  lines.push(
    `| target ${target} | ${runs
      .flatMap((r) =>
        which.map((w) => {
          const t = r.evaluated[w].targets[target];
          return `${t.holds ? 'holds' : '**missed**'} (${t.value} / ${t.bound})`;
        }),
      )
      .join(' | ')} |`,
  );
}
lines.push(
  `| target a. CPU flat, 1 → ${rounds} rounds (≤ 1.25×) | ${runs.map((r) => `${r.cpuFlat.holds ? 'holds' : '**missed**'} (${r.cpuFlat.value}×)`).join(' | | ')} | |`,
);
console.log(`Before: ${runs[0].meta.serverCommit}\n\nAfter: ${runs[1].meta.serverCommit}\n`);
console.log(lines.join('\n'));
