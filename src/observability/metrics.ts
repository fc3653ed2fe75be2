import { Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { collectDefaultMetrics, Registry } from 'prom-client';

type DefaultCollector = (registry: Registry, config: object) => void;

let processMetrics: Registry | null = null;

/**
 * prom-client's default set (CPU, memory, heap, handles, GC, file descriptors, version), once per
 * process: its collectors watch the process, and its GC observer is never stopped, so several
 * applications in one test process share them. Its event-loop collector is left out: it would
 * run a second sampler beside `EventLoopMonitor`, whose figures /metrics already exports.
 * prom-client has no switch for one collector, so each is loaded by its name in its list.
 */
export function processRegistry(): Registry {
  if (processMetrics) return processMetrics;
  const registry = new Registry();
  const require = createRequire(import.meta.url);
  for (const name of collectDefaultMetrics.metricsList) {
    if (name === 'eventLoopLag') continue;
    (require(`prom-client/lib/metrics/${name}`) as DefaultCollector)(registry, {});
  }
  processMetrics = registry;
  return registry;
}

/** This application's Prometheus metrics (live channel, readiness, event loop), and their text for GET /metrics. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of the process's and this application's metrics together. */
  async text(): Promise<string> {
    const parts = await Promise.all([processRegistry().metrics(), this.registry.metrics()]);
    return parts.map((part) => part.trimEnd()).join('\n') + '\n';
  }
}
