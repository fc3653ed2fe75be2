// The V8 inspector of a server process the bench started with `--inspect=127.0.0.1:<port>`, over
// the Chrome DevTools protocol: its heap after a full collection (what its clients really keep,
// not garbage waiting to be collected), and CPU profiles. A child process started without
// `--expose-gc` cannot be told to collect from outside in any other way.
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { sleep } from './stats.js';

export interface Memory {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  /** Sampled milliseconds in all, and idle among them (the event loop waiting). */
  totalMs: number;
  idleMs: number;
  /** Where the busy time went by package or area (socket.io, ws, pg, podium src, node internals, GC, …), in % of busy time. */
  areas: { area: string; percent: number }[];
  /** Functions by self time, in % of busy time. */
  self: { frame: string; percent: number }[];
  /** Podium's own functions (src/ and dist/src/) by inclusive time: where its code spends, callees included. */
  podiumInclusive: { frame: string; percent: number }[];
}

/** The option that opens a server's inspector on `port` (loopback only). */
export const inspectArg = (port: number) => `--inspect=127.0.0.1:${port}`;

export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(`inspector: ${message.error.message}`));
      else waiting?.resolve(message.result);
    });
    ws.on('close', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('the inspector closed'));
      this.pending.clear();
    });
  }

  /** Connects to the inspector on `port` (the process must be up: its /json/list answers once it listens). */
  static async connect(port: number, timeoutMs = 30_000): Promise<Inspector> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
        const ws = new WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        return new Inspector(ws);
      } catch (error) {
        if (Date.now() > end) throw new Error(`no inspector on port ${port}: ${String(error)}`, { cause: error });
        await sleep(200);
      }
    }
  }

  send<R = unknown>(method: string, params: object = {}): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The process's memory after two full garbage collections. */
  async memory(): Promise<Memory> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const reply = await this.send<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    return JSON.parse(reply.result.value) as Memory;
  }

  async startProfile(intervalUs = 1000): Promise<void> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.send('Profiler.start');
  }

  /** Stops the profile; writes it to `file` (open it in Chrome DevTools' Performance panel) and returns its summary. */
  async stopProfile(file: string): Promise<ProfileSummary> {
    const { profile } = await this.send<{ profile: CpuProfile }>('Profiler.stop');
    await this.send('Profiler.disable');
    writeFileSync(file, JSON.stringify(profile));
    return summarize(profile);
  }

  close(): void {
    this.ws.close();
  }
}

const frameName = (f: ProfileNode['callFrame']) => {
  const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '');
  const where = file ? ` ${file.replace(/^.*\/(dist\/)?src\//, 'src/')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where}`;
};

/** The package or area a frame belongs to. */
function areaOf(f: ProfileNode['callFrame']): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : 'native (writev, …)';
  const modules = /\/node_modules\/((@[^/]+\/)?[^/]+)\//.exec(f.url);
  if (modules) return modules[1];
  if (/\/(dist\/)?src\//.test(f.url)) return 'podium src';
  if (f.url.startsWith('node:')) return 'node internals';
  return f.url;
}

/** Self time by frame and by area, and Podium's own functions by inclusive time. */
export function summarize(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totalSamples = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const msPerSample = totalSamples > 0 ? (profile.endTime - profile.startTime) / 1000 / totalSamples : 0;
  const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const busy = Math.max(1, totalSamples - idle);
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
    self.set(frameName(n.callFrame), (self.get(frameName(n.callFrame)) ?? 0) + hits);
    areas.set(areaOf(n.callFrame), (areas.get(areaOf(n.callFrame)) ?? 0) + hits);
    // Each of Podium's functions on this node's stack, once (recursion counted once).
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (areaOf(frame) === 'podium src') seen.add(frameName(frame));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
  }
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, percent: Math.round((hits / busy) * 1000) / 10 }));
  return {
    totalMs: Math.round(totalSamples * msPerSample),
    idleMs: Math.round(idle * msPerSample),
    areas: ranked(areas).map(({ name, percent }) => ({ area: name, percent })),
    self: ranked(self).map(({ name, percent }) => ({ frame: name, percent })),
    podiumInclusive: ranked(inclusive).map(({ name, percent }) => ({ frame: name, percent })),
  };
}
