// Bare baselines, built from the libraries Podium uses: a plain socket.io broadcast to N screens
// (test/bench/bare-server.ts, its own process) and a plain pg upsert on a unique key.
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { connectScreens, connectWithRetry, type Refusals, screenAddress, settle, timesTo, waitAll } from './crowd.js';
import { type Follower, LightSocket } from './light-socket.js';
import { listenOverflows, percentile, processCpuMs, sleep, spread, type Spread } from './stats.js';

export class BareServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly control: LightSocket,
  ) {}

  /** `nodeArgs`: options for its node, e.g. `--inspect=127.0.0.1:<port>` to read its heap. */
  static async start(nodeArgs: string[] = []): Promise<BareServer> {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx/esm', 'test/bench/bare-server.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Its errors, without the inspector's greeting.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!/^(Debugger (listening on|attached|ending on)|For help, see:|Waiting for the debugger)/.test(line))
        process.stderr.write(`[bare server] ${line}\n`);
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the bare socket.io server exited (${code})`)));
    });
    const baseUrl = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
    const control = await new LightSocket(baseUrl, { role: 'bench' }).open();
    return new BareServer(child, baseUrl, control);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The update to broadcast and the snapshot to greet screens with (Podium's own, captured). */
  async setMessage(update: unknown, snapshot: unknown): Promise<void> {
    await this.control.emitWithAck('bench.message', { update, snapshot });
  }

  /** Broadcasts the update as the next version; resolves with that version once sent. */
  async broadcast(): Promise<number> {
    return (await this.control.emitWithAck<number>('bench.broadcast'))!;
  }

  stop(): void {
    this.control.close();
    this.child.kill('SIGTERM');
  }
}

export interface BroadcastFigures extends Spread {
  /** The slowest screen of each broadcast (what "every screen" waits for). */
  everyP50: number;
  broadcasts: number;
  bytes: number;
  /** The bare server's CPU per broadcast to all the screens. */
  cpuMsPerBroadcast: number;
  /** Latencies (broadcast → each screen), for pooling across the bench's slots. */
  samples: number[];
}

/** `count` broadcasts, one after another once every screen has the last: broadcast → each screen. */
export async function bareBroadcast(server: BareServer, screens: Follower[], count: number): Promise<BroadcastFigures> {
  const samples: number[] = [];
  const slowest: number[] = [];
  await settle(screens);
  screens.forEach((s) => s.forget());
  const cpuBefore = processCpuMs(server.pid);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const version = await server.broadcast();
    if (!(await waitAll(screens, version, 60_000))) throw new Error('a bare broadcast did not reach every screen within 60 s');
    const times = timesTo(screens, version, start);
    samples.push(...times);
    slowest.push(Math.max(...times));
    await sleep(20);
  }
  const cpu = processCpuMs(server.pid) - cpuBefore;
  const bytes = percentile(screens[0].updateBytes, 50);
  return {
    ...spread(samples),
    everyP50: spread(slowest).p50,
    broadcasts: count,
    bytes,
    cpuMsPerBroadcast: Math.round((cpu / count) * 100) / 100,
    samples,
  };
}

export interface StormFigures {
  screens: number;
  /** From the drop until every screen holds the current version again. */
  allMs: number;
  p50: number;
  p99: number;
  refused: Refusals;
  /** Connections dropped meanwhile because an accept queue was full (the whole machine's count). */
  listenOverflows: number;
}

/** Every screen drops its connection at once and connects again at once; they come back with the version current. */
export async function reconnectStorm(
  baseUrl: string,
  screens: Follower[],
  auth: object,
  heartbeatMs: number,
  address: (i: number) => string = screenAddress,
): Promise<{ figures: StormFigures; screens: Follower[] }> {
  const version = await settle(screens);
  const refused: Refusals = {};
  const overflowsBefore = listenOverflows();
  const start = performance.now();
  screens.forEach((s) => s.socket.terminate());
  const again = await Promise.all(
    screens.map((_, i) =>
      connectWithRetry(baseUrl, auth, { from: address(i), heartbeatMs }, refused).catch((error: unknown) => {
        throw new Error(`a screen could not reconnect within two minutes: ${String(error)}`);
      }),
    ),
  );
  await waitAll(again, version);
  const times = timesTo(again, version, start);
  const { p50, p99, max } = spread(times);
  return {
    figures: { screens: again.length, allMs: max, p50, p99, refused, listenOverflows: listenOverflows() - overflowsBefore },
    screens: again,
  };
}

export interface UpsertFigures extends Spread {
  perSecond: number;
  samples: number[];
}

/**
 * `count` upserts one after another on one connection, each its own transaction (autocommit), on
 * a scratch table shaped like a score: a unique (talk, judge) key, a total and a revision.
 */
export async function bareUpserts(url: string, count: number, keys: number): Promise<UpsertFigures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS bench_score (presentation_id uuid, judge_id uuid, total numeric(7,2) NOT NULL, revision int NOT NULL,
         PRIMARY KEY (presentation_id, judge_id))`,
    );
    const judges = (await client.query<{ id: string }>(`SELECT gen_random_uuid() AS id FROM generate_series(1, $1)`, [keys])).rows;
    const talk = (await client.query<{ id: string }>(`SELECT gen_random_uuid() AS id`)).rows[0].id;
    const upsert = (i: number) =>
      client.query(
        `INSERT INTO bench_score (presentation_id, judge_id, total, revision) VALUES ($1, $2, $3, 1)
         ON CONFLICT (presentation_id, judge_id) DO UPDATE SET total = excluded.total, revision = bench_score.revision + 1`,
        [talk, judges[i % keys].id, String(60 + (i % 80) * 0.5)],
      );
    for (let i = 0; i < Math.min(50, count); i++) await upsert(i);
    const samples: number[] = [];
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const sent = performance.now();
      await upsert(i);
      samples.push(performance.now() - sent);
    }
    const perSecond = Math.round(count / ((performance.now() - start) / 1000));
    return { ...spread(samples), perSecond, samples };
  } finally {
    await client.end();
  }
}

/** Connects the bare server's screens (from the same addresses as Podium's). */
export const bareScreens = (server: BareServer, n: number, heartbeatMs: number) =>
  connectScreens(server.baseUrl, n, { role: 'screen' }, { heartbeatMs });
