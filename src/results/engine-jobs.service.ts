import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { WorkerPool, workerModule } from '../common/worker-pool.js';
import type { BoardTies, EventComputation, PodiumDocument, RankHonesty, Report, ReportOptions } from '../scoring/index.js';
import type { EngineAnswer, EngineTask } from './engine.worker.js';

/**
 * The engine's heavy work for organizers runs on worker threads, so that a 10,000-resample report
 * never stalls the live channel: reports (statistics, rank confidence) on one, and standings and
 * series on another, so they never wait behind a long report. A few jobs may wait in line; a job
 * that runs past three minutes is stopped.
 */
@Injectable()
export class EngineJobs implements OnModuleDestroy {
  private readonly reports = new WorkerPool<EngineTask, EngineAnswer>(workerModule('engine.worker', import.meta.url), {
    name: 'reports',
    threads: 1,
    queue: 8,
    timeoutMs: 180_000,
  });
  private readonly results = new WorkerPool<EngineTask, EngineAnswer>(workerModule('engine.worker', import.meta.url), {
    name: 'standings',
    threads: 1,
    queue: 16,
    timeoutMs: 60_000,
  });

  report(document: PodiumDocument, options: ReportOptions): Promise<Report> {
    return this.reports.run({ kind: 'report', document, options }) as Promise<Report>;
  }

  event(document: PodiumDocument): Promise<EventComputation> {
    return this.results.run({ kind: 'event', document }) as Promise<EventComputation>;
  }

  /** Rank honesty's bootstrap of an event's standings (see standingsPairCounts): on the reports' thread, it is as heavy. */
  pairCounts(document: PodiumDocument, pairs: [string, string][], options: Pick<RankHonesty, 'resamples' | 'seed'>): Promise<number[]> {
    return this.reports.run({ kind: 'pairs', document, pairs, options }) as Promise<number[]>;
  }

  /** Rank honesty's marks on an event's own boards (see boardTies): on the reports' thread, as heavy as a report. */
  boardTies(document: PodiumDocument, honesty: RankHonesty): Promise<BoardTies> {
    return this.reports.run({ kind: 'ties', document, honesty }) as Promise<BoardTies>;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.reports.close(), this.results.close()]);
  }
}
