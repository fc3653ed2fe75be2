import { type DynamicModule, Global, Module } from '@nestjs/common';
import { EventLoopMonitor } from './event-loop-monitor.js';
import { LiveMetrics } from './live-metrics.js';
import { Logs } from './logs.js';
import { Metrics } from './metrics.js';
import { Readiness } from './readiness.js';

/**
 * Logs, metrics and readiness, injectable everywhere: the live channel, the Redis link and the
 * health endpoints use them. `logs` is made before Nest starts (createApp), so Nest's own
 * start-up lines are JSON too.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logs: Logs): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [{ provide: Logs, useValue: logs }, Metrics, LiveMetrics, Readiness, EventLoopMonitor],
      exports: [Logs, Metrics, LiveMetrics, Readiness, EventLoopMonitor],
    };
  }
}
