import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopDelay {
  /** Since the previous reading (the previous /health call, or the start). */
  p99Ms: number;
  maxMs: number;
}

/**
 * How long the event loop (and so the live channel) kept clients waiting. Read by /health, which
 * load balancers and `npm run bench:live` call; each reading starts a new window.
 */
@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.histogram.enable();
  }

  read(): EventLoopDelay {
    const reading = { p99Ms: toMs(this.histogram.percentile(99)), maxMs: toMs(this.histogram.max) };
    this.histogram.reset();
    return reading;
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}

const toMs = (nanoseconds: number) => Math.round(nanoseconds / 1e5) / 10;
