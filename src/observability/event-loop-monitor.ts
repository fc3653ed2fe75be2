import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { Histogram } from 'prom-client';
import { Metrics } from './metrics.js';

export interface EventLoopDelay {
  /** Since the previous reading (the previous /health call, or the start). */
  p99Ms: number;
  maxMs: number;
}

/** How often the loop is sampled: an idle loop reads about this much (a sample is the time between two ticks). */
const RESOLUTION_MS = 10;

/**
 * How long the event loop (and so the live channel) kept clients waiting: the time between two
 * ticks of a 10 ms timer, which grows by however long the loop was blocked. One sampler feeds
 * both readers: /health (p99 and max since its previous call; load balancers and `npm run
 * bench:live` read it) and Prometheus (`podium_event_loop_max_delay_seconds`: the longest delay
 * in each second, one observation a second, so any scrape interval and any number of scrapers
 * see the same figures).
 */
@Injectable()
export class EventLoopMonitor implements OnModuleDestroy {
  private readonly sinceRead: RecordableHistogram = createHistogram();
  private readonly secondly: Histogram;
  private worstThisSecond = 0;
  private previous = process.hrtime.bigint();
  private readonly ticks: ReturnType<typeof setInterval>;
  private readonly seconds: ReturnType<typeof setInterval>;

  constructor(metrics: Metrics) {
    this.secondly = new Histogram({
      name: 'podium_event_loop_max_delay_seconds',
      help: `The longest event-loop delay in each second (the time between two ticks of a ${RESOLUTION_MS} ms timer; idle reads about 0.01), one observation a second`,
      buckets: [0.011, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metrics.registry],
    });
    this.ticks = setInterval(() => this.tick(), RESOLUTION_MS).unref();
    this.seconds = setInterval(() => {
      this.secondly.observe(this.worstThisSecond / 1e9);
      this.worstThisSecond = 0;
    }, 1_000).unref();
  }

  private tick(): void {
    const now = process.hrtime.bigint();
    const delay = Number(now - this.previous);
    this.previous = now;
    this.sinceRead.record(Math.max(1, delay));
    this.worstThisSecond = Math.max(this.worstThisSecond, delay);
  }

  read(): EventLoopDelay {
    const reading = { p99Ms: toMs(this.sinceRead.percentile(99)), maxMs: toMs(this.sinceRead.max) };
    this.sinceRead.reset();
    return reading;
  }

  onModuleDestroy(): void {
    clearInterval(this.ticks);
    clearInterval(this.seconds);
  }
}

const toMs = (nanoseconds: number) => Math.round(nanoseconds / 1e5) / 10;
