import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

export interface ServerProcessOptions {
  /** Options for the server's node (before BENCH_SERVER_NODE_ARGS), e.g. `--inspect=127.0.0.1:9230`. */
  nodeArgs?: string[];
  /** A file for the server's stdout and stderr (appended to); by default they are dropped. */
  logFile?: string;
  /** How long `start` waits for /health to answer 200. */
  startTimeoutMs?: number;
}

/**
 * The built server (dist/) as its own process, so that it can be killed like a real one. `dir` is
 * the checkout whose build runs (by default the working directory): the benchmark starts an older
 * build with it (BENCH_SERVER_DIR).
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  readonly baseUrl: string;

  constructor(
    private readonly env: Record<string, string>,
    readonly port: number,
    private readonly dir?: string,
    private readonly options: ServerProcessOptions = {},
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  /** The server's process id while it runs (for reading its CPU time from /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    // BENCH_SERVER_NODE_ARGS: options for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
    const nodeArgs = [...(this.options.nodeArgs ?? []), ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
    const log = this.options.logFile ? openSync(this.options.logFile, 'a') : null;
    const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
      env: { ...process.env, ...this.env, PORT: String(this.port), NODE_ENV: 'test' },
      stdio: log === null ? 'ignore' : ['ignore', log, log],
      ...(this.dir ? { cwd: this.dir } : {}),
    });
    if (log !== null) closeSync(log);
    this.child = child;
    const exit: { reason: string | null } = { reason: null };
    child.once('exit', (code, signal) => (exit.reason = `exited (${signal ?? code})`));
    const end = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    while (Date.now() < end) {
      const ok = await fetch(`${this.baseUrl}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      if (exit.reason !== null) {
        if (this.child === child) this.child = null;
        throw new Error(`the server on port ${this.port} ${exit.reason} before it answered /health${this.logTail()}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(
      `the server on port ${this.port} did not come up within ${(this.options.startTimeoutMs ?? 60_000) / 1000} s${this.logTail()}`,
    );
  }

  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    // Already gone (killed from outside, or crashed): no exit event will come any more.
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      // A server that does not end within 15 s of SIGTERM is killed.
      const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** The end of the log file, for an error message. */
  private logTail(): string {
    if (!this.options.logFile) return '';
    try {
      return `; the end of ${this.options.logFile}:\n${readFileSync(this.options.logFile, 'utf8').split('\n').slice(-15).join('\n')}`;
    } catch {
      return '';
    }
  }
}
