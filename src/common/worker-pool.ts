import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { unavailable } from './api-error.js';
import { ConcurrencyLimit } from './rate-windows.js';

export interface WorkerPoolOptions {
  /** What the pool does, for messages ("reports", "password checks"). */
  name: string;
  threads: number;
  /** Jobs that may wait for a thread; beyond that a job is refused at once with 503 server_busy. */
  queue: number;
  /** A job running longer (waiting in line does not count) is stopped, its thread ended, and answered with 503 job_timeout. */
  timeoutMs: number;
}

/**
 * Work that would stall the live channel (statistics, rank confidence, password hashing) runs in
 * worker threads: a bounded number of jobs at once, a bounded line, and a time limit.
 */
export class WorkerPool<Task, Result> {
  private readonly pool: Piscina<Task, Result>;
  /** The line is kept here rather than in Piscina, so that a job's clock starts when it starts. */
  private readonly line: ConcurrencyLimit;

  /** `module` is the worker's own import.meta.url-relative URL, as `workerModule` gives it. */
  constructor(
    module: URL,
    private readonly options: WorkerPoolOptions,
  ) {
    const typescript = module.pathname.endsWith('.ts');
    this.pool = new Piscina<Task, Result>({
      filename: typescript ? fileURLToPath(new URL('./ts-worker.js', import.meta.url)) : fileURLToPath(module),
      workerData: typescript ? { entry: module.href } : undefined,
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: 60_000,
    });
    this.line = new ConcurrencyLimit(options.threads, options.queue);
  }

  run(task: Task): Promise<Result> {
    return this.line.run(
      () => this.runNow(task),
      () => unavailable('server_busy', `the server is busy with other ${this.options.name}; try again in a minute`),
    );
  }

  private async runNow(task: Task): Promise<Result> {
    try {
      return await this.pool.run(task, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'AbortError' || (error as { name?: string } | null)?.name === 'TimeoutError') {
        throw unavailable(
          'job_timeout',
          `${this.options.name} took longer than ${Math.round(this.options.timeoutMs / 1000)} s and were stopped; ask for less (fewer resamples) or try again later`,
        );
      }
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** The URL of a worker module beside `base` (import.meta.url), whether running from TypeScript sources or the build. */
export function workerModule(name: string, base: string): URL {
  return new URL(`./${name}.${base.endsWith('.ts') ? 'ts' : 'js'}`, base);
}
