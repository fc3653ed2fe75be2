import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { type Log, Logs } from './logs.js';
import { Metrics } from './metrics.js';

/** Whether one dependency answers now; a check that throws or takes longer than CHECK_TIMEOUT_MS counts as down. */
export type ReadinessCheck = () => Promise<boolean>;

export interface ReadinessReport {
  ready: boolean;
  /** Each registered dependency, as last checked. */
  checks: Record<string, 'up' | 'down'>;
  /** The instance is shutting down: not ready, whatever its dependencies say. */
  stopping: boolean;
}

export const CHECK_TIMEOUT_MS = 2_000;
/** How often the checks run in the background, so that `isReady()` is at most this old. */
export const REFRESH_MS = 1_000;
/** A dependency that has not answered yet is reported only after this many checks in a row (Redis connects after the start). */
const FIRST_ANSWER_GRACE = 5;

/**
 * Whether this instance can serve: every registered check (the database; Redis when REDIS_URL is
 * set) answers, and it is not shutting down. GET /health/ready runs the checks and answers 503
 * while any is down; the load balancer sends no one here then. `isReady()` is the last known
 * answer, refreshed every second, cheap enough to ask on every handshake.
 */
@Injectable()
export class Readiness implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly log: Log;
  private readonly checks = new Map<string, ReadinessCheck>();
  private last: ReadinessReport = { ready: false, checks: {}, stopping: false };
  private running: Promise<ReadinessReport> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopping = false;
  /** Checks in a row each dependency has been down, and those whose being down was logged. */
  private readonly downRuns = new Map<string, number>();
  private readonly reported = new Set<string>();
  private readonly up: Gauge<'check'>;

  constructor(metrics: Metrics, logs: Logs) {
    // This application's own log: Nest's Logger is one per process, the last application made.
    this.log = logs.child(Readiness.name);
    const checks = (): ReadinessReport['checks'] => this.last.checks;
    this.up = new Gauge({
      name: 'podium_ready',
      help: 'Whether a dependency answered at the last readiness check (1) or not (0); check="instance" is the overall answer',
      labelNames: ['check'],
      registers: [metrics.registry],
      collect: () => {
        this.up.reset();
        this.up.set({ check: 'instance' }, this.last.ready ? 1 : 0);
        for (const [check, state] of Object.entries(checks())) this.up.set({ check }, state === 'up' ? 1 : 0);
      },
    });
  }

  /** Adds a dependency to wait for; returns a function that removes it again. */
  register(name: string, check: ReadinessCheck): () => void {
    if (this.checks.has(name)) throw new Error(`a readiness check named "${name}" is registered already`);
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  /** The last known answer (at most about a second old); false before the first check and while shutting down. */
  isReady(): boolean {
    return this.last.ready && !this.stopping;
  }

  /** Runs every check now (joining a run under way) and returns the report. */
  check(): Promise<ReadinessReport> {
    this.running ??= this.runChecks().finally(() => (this.running = null));
    return this.running;
  }

  onApplicationBootstrap(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), REFRESH_MS).unref();
  }

  /** From the moment the instance starts to stop, it tells the load balancer and new viewers to go elsewhere. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    this.last = { ...this.last, ready: false, stopping: true };
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async runChecks(): Promise<ReadinessReport> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, (await answers(check)) ? 'up' : 'down'] as const),
    );
    const checks = Object.fromEntries(results);
    const report: ReadinessReport = {
      ready: !this.stopping && results.every(([, state]) => state === 'up'),
      checks,
      stopping: this.stopping,
    };
    for (const [name, state] of results) this.note(name, state);
    this.last = report;
    return report;
  }

  /** Logs a dependency going away (at once if it had answered before) and coming back, once each. */
  private note(name: string, state: 'up' | 'down'): void {
    const runs = state === 'down' ? (this.downRuns.get(name) ?? 0) + 1 : 0;
    const answeredBefore = this.downRuns.has(name) && this.last.checks[name] === 'up';
    this.downRuns.set(name, runs);
    if (state === 'down' && !this.reported.has(name) && (answeredBefore || runs >= FIRST_ANSWER_GRACE)) {
      this.reported.add(name);
      this.log.warn(`not ready: ${name} does not answer`);
    } else if (state === 'up' && this.reported.delete(name)) {
      this.log.info(`${name} answers again`);
    }
  }
}

async function answers(check: ReadinessCheck): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
