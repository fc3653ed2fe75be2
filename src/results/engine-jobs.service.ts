import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { WorkerPool, workerModule } from '../common/worker-pool.js';
import type { EventComputation, PodiumDocument, Report, ReportOptions } from '../scoring/index.js';
import type { EngineTask } from './engine.worker.js';

/**
 * The engine's heavy work for organizers (reports with statistics and rank confidence, standings,
 * series) runs on one worker thread, so that a 10,000-resample report never stalls the live
 * channel. A few jobs may wait in line; a job that runs past three minutes is stopped.
 */
@Injectable()
export class EngineJobs implements OnModuleDestroy {
  private readonly pool = new WorkerPool<EngineTask, Report | EventComputation>(workerModule('engine.worker', import.meta.url), {
    name: 'reports',
    threads: 1,
    queue: 8,
    timeoutMs: 180_000,
  });

  report(document: PodiumDocument, options: ReportOptions): Promise<Report> {
    return this.pool.run({ kind: 'report', document, options }) as Promise<Report>;
  }

  event(document: PodiumDocument): Promise<EventComputation> {
    return this.pool.run({ kind: 'event', document }) as Promise<EventComputation>;
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
