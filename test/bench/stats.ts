import { readdirSync, readFileSync } from 'node:fs';

/** The p-th percentile (nearest rank) of `values`, in their unit; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Milliseconds to one decimal (sub-millisecond figures such as a bare upsert need it). */
export const ms = (value: number) => (Number.isFinite(value) ? Math.round(value * 10) / 10 : NaN);

export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { n: values.length, p50: ms(percentile(values, 50)), p99: ms(percentile(values, 99)), max: ms(percentile(values, 100)) };
}

export const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** A process's CPU time so far (user + system), in milliseconds, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces: the fields after it start behind its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks;
}

/** Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux build that matters. */
const clockTicks = Number(process.env.BENCH_CLK_TCK ?? 100);

/** The whole machine's CPU time, busy and idle, in milliseconds summed over all cores (from /proc/stat). */
export function machineCpuMs(): { busy: number; idle: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = ticks[3] + ticks[4];
  const busy = ticks.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
  return { busy: (busy * 1000) / clockTicks, idle: (idle * 1000) / clockTicks };
}

/** The machine's busy share between two readings of `machineCpuMs`, in %. */
export const busyPercent = (start: { busy: number; idle: number }, end: { busy: number; idle: number }) =>
  Math.round(((end.busy - start.busy) / (end.busy - start.busy + end.idle - start.idle)) * 100);

/** CPU time so far of the server, the bench process, every PostgreSQL process on the machine, and all processes, in ms (from /proc). */
export function cpuByProcess(serverPid: number): { server: number; bench: number; postgres: number; all: number } {
  const totals = { server: 0, bench: 0, postgres: 0, all: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const spent = ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
    const pid = Number(entry);
    totals.all += spent;
    if (pid === serverPid) totals.server += spent;
    else if (pid === process.pid) totals.bench += spent;
    else if (name === 'postgres') totals.postgres += spent;
  }
  return totals;
}

/**
 * Connections the kernel dropped so far because a listening socket's accept queue was full
 * (TcpExt ListenOverflows of /proc/net/netstat, the whole machine): a client whose handshake was
 * dropped tries again after 1 s, 3 s, 7 s …, so a storm of connections that overflows the queue
 * (Node listens with a backlog of 511 by default) takes seconds, however fast the server is.
 */
export function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const names = lines[at].split(/\s+/);
    return Number(lines[at + 1].split(/\s+/)[names.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}
