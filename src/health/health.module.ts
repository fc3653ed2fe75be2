import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { ServerInfoController } from './server-info.controller.js';

/** What operators and load balancers ask: liveness, readiness, /health, /metrics; and the console's server info. */
@Module({ controllers: [HealthController, MetricsController, ServerInfoController] })
export class HealthModule {}
