// Several Podium instances behind nginx on one machine, for tests and the benchmark (issue 13):
//
//   const cluster = await startCluster({ instances: 2, databaseUrl, env: { PODIUM_ADMIN_PASSWORD } });
//   … cluster.url (nginx), cluster.instances[i].url (one instance directly), .kill(), .start() …
//   await cluster.stop();
//
// The instances are the built server (dist/: `npm run build:server` first) run by
// test/faults/server-process.ts, with PODIUM_TRUST_PROXY=1, PODIUM_PUBLIC_URL at nginx and REDIS_URL.
// nginx runs in the foreground from a temporary folder (its prefix: config, logs, temporary files),
// with the configuration written from docs/cluster/nginx.conf, the one source of truth that
// docs/cluster/start-cluster.sh uses too.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ServerProcess } from '../faults/server-process.js';

/** docs/cluster/nginx.conf. */
export const NGINX_TEMPLATE = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/cluster/nginx.conf');

export interface ClusterOptions {
  /** Podium instances, 2 by default. */
  instances?: number;
  /** The PostgreSQL database every instance shares (its owner's URL, as DATABASE_URL). */
  databaseUrl: string;
  /** The Redis every instance shares the live channel through; `null` for none. Default redis://127.0.0.1:6379. */
  redisUrl?: string | null;
  /** More environment for every instance (PODIUM_ADMIN_PASSWORD, limits, …); PODIUM_DEMO is 0 and PODIUM_REDIS_PREFIX one of its own unless set here. */
  env?: Record<string, string>;
  /** nginx's port on 127.0.0.1; a free one by default. */
  port?: number;
  /** Another checkout whose build runs (as BENCH_SERVER_DIR). */
  serverDir?: string;
  /** Options for instance `index`'s node (e.g. `--inspect=127.0.0.1:9230`). */
  nodeArgs?: (index: number) => string[];
  /** Keep the temporary folder (configuration and logs) after `stop`; also kept when PODIUM_CLUSTER_KEEP=1. */
  keepDir?: boolean;
  /** Called with each step as it starts (for progress on stderr). */
  progress?: (step: string) => void;
}

export interface ClusterInstance {
  /** 0, 1, … */
  readonly index: number;
  readonly port: number;
  /** The instance itself, not through nginx (http://127.0.0.1:port). */
  readonly url: string;
  /** Its stdout and stderr. */
  readonly logFile: string;
  /** Its process id while it runs. */
  readonly pid: number | undefined;
  /** Starts it (again, after `stop` or `kill`) and waits for its /health. */
  start(): Promise<void>;
  /** SIGTERM, and waits for it to end. */
  stop(): Promise<void>;
  /** SIGKILL: gone at once, as a crashed instance is. */
  kill(): void;
  /** Established TCP connections to it now (from nginx, and anything connecting directly), from /proc/net. */
  connections(): number;
}

export interface Cluster {
  /** nginx: what judges, screens, viewers and organizers use. */
  readonly url: string;
  readonly instances: ClusterInstance[];
  /** The temporary folder: nginx.conf, logs/ (nginx's), instance-N.log. */
  readonly dir: string;
  readonly nginxPid: number | undefined;
  /** Stops nginx and every instance (whatever state they are in), then removes the folder unless kept. */
  stop(): Promise<void>;
}

/** nginx on PATH, else /usr/sbin/nginx. */
export function findNginx(): string {
  for (const dir of [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin']) {
    const candidate = join(dir, 'nginx');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('nginx not found on PATH or in /usr/sbin: apt-get install -y nginx');
}

/** This process's hard limit of open files (what nginx's workers may raise theirs to without root's capabilities). */
function hardFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const hard = line?.trim().split(/\s+/)[4];
  return hard === undefined || hard === 'unlimited' ? Infinity : Number(hard);
}

/**
 * docs/cluster/nginx.conf for instances on `ports`: each block between `# podium instances: begin`
 * and `# podium instances: end` gets one server line per port (the block's first line gives its
 * parameters), `listen 8080;` becomes `listen <listen>;`, and worker_rlimit_nofile is lowered to
 * `fileLimit` when that is lower.
 */
export function renderNginxConf(template: string, o: { ports: number[]; listen: string; fileLimit?: number }): string {
  const lines = template.split('\n');
  const out: string[] = [];
  let blocks = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    out.push(line);
    if (!/^\s*#\s*podium instances: begin\s*$/.test(line)) continue;
    const first = lines[i + 1];
    const match = /^(\s*server\s+)[^\s;]+(.*)$/.exec(first ?? '');
    if (!match) throw new Error(`${NGINX_TEMPLATE}: a "podium instances" block must start with a server line`);
    for (const port of o.ports) out.push(`${match[1]}127.0.0.1:${port}${match[2]}`);
    while (i + 1 < lines.length && !/^\s*#\s*podium instances: end\s*$/.test(lines[i + 1])) i++;
    blocks++;
  }
  if (blocks === 0) throw new Error(`${NGINX_TEMPLATE} has no "# podium instances: begin" block`);
  let conf = out.join('\n');
  if (!/^\s*listen 8080;/m.test(conf)) throw new Error(`${NGINX_TEMPLATE} has no "listen 8080;" line`);
  conf = conf.replace(/^(\s*)listen 8080;/m, `$1listen ${o.listen};`);
  const limit = o.fileLimit;
  if (limit !== undefined && Number.isFinite(limit)) {
    conf = conf.replace(/^(\s*)worker_rlimit_nofile (\d+);/m, (all, space: string, n: string) =>
      Number(n) > limit ? `${space}worker_rlimit_nofile ${limit};` : all,
    );
  }
  return conf;
}

/** Established TCP connections whose local port is `port` (IPv4 and IPv6 tables: Node listens on ::). */
export function establishedTo(port: number): number {
  let count = 0;
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT" in hex, state 01 is ESTABLISHED.
      if (fields.length > 3 && fields[3] === '01' && fields[1].endsWith(`:${hex}`)) count++;
    }
  }
  return count;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for `url` to answer 200. */
async function answers(url: string, timeoutMs: number, gone: () => string | null): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < end) {
    const status = await fetch(url).then(
      (r) => r.status,
      (e: unknown) => String(e),
    );
    if (status === 200) return;
    last = String(status);
    const reason = gone();
    if (reason) throw new Error(reason);
    await sleep(150);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Ends `child` (SIGTERM, SIGKILL after `graceMs`) and waits for it. */
async function end(child: ChildProcess | null, graceMs = 5_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `instances` Podium instances on free ports and nginx in front of them. The first instance
 * starts alone (on an empty database it creates the first admin, which two instances starting at
 * once would both try), the others then together; each is waited for on its /health, then nginx
 * on /health through it. If any step fails, whatever was started is stopped before the error is thrown.
 */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const count = o.instances ?? 2;
  const step = o.progress ?? (() => undefined);
  const nginxBin = findNginx();
  const dir = mkdtempSync(join(tmpdir(), 'podium-cluster-'));
  // nginx's workers run as "nobody" when the master is root: they must reach the temporary files.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'temp'));
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());

  const prefix = `podium-cluster-${randomBytes(4).toString('hex')}`;
  const servers = ports.map((p, index) => {
    const env: Record<string, string> = {
      PODIUM_DEMO: '0',
      // Its own keys and streams, should another cluster (a test, a bench) share the machine's Redis.
      PODIUM_REDIS_PREFIX: prefix,
      // Every instance derives the same ballot codes (required with REDIS_URL).
      PODIUM_BALLOT_SECRET: `cluster-ballot-secret-${prefix}`,
      ...o.env,
      DATABASE_URL: o.databaseUrl,
      PODIUM_TRUST_PROXY: '1',
      PODIUM_PUBLIC_URL: url,
      ...(o.redisUrl === null ? {} : { REDIS_URL: o.redisUrl ?? 'redis://127.0.0.1:6379' }),
    };
    const logFile = join(dir, `instance-${index + 1}.log`);
    return { server: new ServerProcess(env, p, o.serverDir, { nodeArgs: o.nodeArgs?.(index) ?? [], logFile }), logFile };
  });
  let nginx: ChildProcess | null = null;
  const keep = o.keepDir === true || process.env.PODIUM_CLUSTER_KEEP === '1';

  // Should this process end without stop(), its children must not outlive it.
  const killAll = () => {
    nginx?.kill('SIGKILL');
    for (const { server } of servers) server.kill();
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    await end(nginx);
    nginx = null;
    await Promise.all(servers.map(({ server }) => server.stop().catch(() => server.kill())));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    step(`instance 1 of ${count} on port ${ports[0]}`);
    await servers[0].server.start();
    if (count > 1) {
      step(`instances 2–${count} on ports ${ports.slice(1).join(', ')}`);
      await Promise.all(servers.slice(1).map(({ server }) => server.start()));
    }

    step(`nginx on ${url}`);
    const conf = renderNginxConf(readFileSync(NGINX_TEMPLATE, 'utf8'), { ports, listen: `127.0.0.1:${port}`, fileLimit: hardFileLimit() });
    const confFile = join(dir, 'nginx.conf');
    writeFileSync(confFile, conf);
    const errorLog = join(dir, 'logs', 'error.log');
    const out = openSync(join(dir, 'logs', 'nginx.out'), 'a');
    nginx = spawn(nginxBin, ['-p', dir, '-c', confFile, '-e', errorLog, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], {
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    let exited: string | null = null;
    nginx.once('exit', (code, signal) => (exited = `nginx exited (${signal ?? code})`));
    await answers(`${url}/health`, 15_000, () => {
      if (exited === null) return null;
      const tail = [errorLog, join(dir, 'logs', 'nginx.out')]
        .filter(existsSync)
        .map((f) => readFileSync(f, 'utf8').trim())
        .join('\n');
      return `${exited}:\n${tail.split('\n').slice(-10).join('\n')}`;
    });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  const instances: ClusterInstance[] = servers.map(({ server, logFile }, index) => ({
    index,
    port: server.port,
    url: server.baseUrl,
    logFile,
    get pid() {
      return server.pid;
    },
    start: () => server.start(),
    stop: () => server.stop(),
    kill: () => server.kill(),
    connections: () => establishedTo(server.port),
  }));
  return {
    url,
    instances,
    dir,
    get nginxPid() {
      return nginx?.pid;
    },
    stop,
  };
}

/** Whether Redis answers PING at `url` (within 3 s). */
export function redisAnswers(url = 'redis://127.0.0.1:6379'): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
