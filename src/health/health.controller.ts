import { Controller, Get, HttpStatus, type OnModuleInit, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { RedisLink } from '../cluster/redis-link.js';
import { Public } from '../organizers/auth.decorators.js';
import { type EventLoopDelay, EventLoopMonitor } from '../observability/event-loop-monitor.js';
import { Readiness, type ReadinessReport } from '../observability/readiness.js';
import { databaseAnswers } from './database-check.js';

export interface ReadinessBody {
  status: 'ready' | 'not_ready';
  checks: ReadinessReport['checks'];
  stopping: boolean;
}

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loop: EventLoopMonitor,
    private readonly readiness: Readiness,
    private readonly redis: RedisLink,
  ) {}

  onModuleInit(): void {
    this.readiness.register('database', () => databaseAnswers(this.dataSource));
    // With REDIS_URL, an instance cut off from Redis would serve its own clients only: not ready.
    if (this.redis.clustered)
      this.readiness.register('redis', async () => this.redis.up && (await this.redis.run((c) => c.ping())) === 'PONG');
  }

  /**
   * 200 while the database answers, 503 while it does not (for the console and the CI smoke
   * test), with the event loop's delay since the previous call.
   */
  @Public()
  @Get()
  async health(
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ status: 'ok' | 'unavailable'; database: 'up' | 'down'; eventLoop: EventLoopDelay }> {
    const up = await databaseAnswers(this.dataSource);
    if (!up) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    const eventLoop = this.loop.read();
    return up ? { status: 'ok', database: 'up', eventLoop } : { status: 'unavailable', database: 'down', eventLoop };
  }

  /** Liveness: answers while the process runs and its event loop turns; restart the instance when it stops answering. */
  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs and its event loop turns' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 while every dependency answers (the database; Redis when configured), else 503 naming the ones down. */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when the database (and Redis, when configured) answers; 503 with the checks otherwise' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessBody> {
    const report = await this.readiness.check();
    if (!report.ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: report.ready ? 'ready' : 'not_ready', checks: report.checks, stopping: report.stopping };
  }
}
