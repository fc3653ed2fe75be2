import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
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
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  /** The server's process id while it runs (for reading its CPU time from /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    // BENCH_SERVER_NODE_ARGS: options for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
      env: { ...process.env, ...this.env, PORT: String(this.port), NODE_ENV: 'test' },
      stdio: 'ignore',
      ...(this.dir ? { cwd: this.dir } : {}),
    });
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      const ok = await fetch(`${this.baseUrl}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error('the server did not come up within 60 s');
  }

  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.child = null;
  }
}
