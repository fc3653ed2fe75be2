import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../organizers/auth.decorators.js';
import { type EventLoopDelay, EventLoopMonitor } from './event-loop-monitor.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loop: EventLoopMonitor,
  ) {}

  /**
   * 200 while the database answers, 503 while it does not (for load balancers and the console),
   * with the event loop's delay since the previous call.
   */
  @Public()
  @Get()
  async health(
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ status: 'ok' | 'unavailable'; database: 'up' | 'down'; eventLoop: EventLoopDelay }> {
    const up = await Promise.race([
      this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref()),
    ]);
    if (!up) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    const eventLoop = this.loop.read();
    return up ? { status: 'ok', database: 'up', eventLoop } : { status: 'unavailable', database: 'down', eventLoop };
  }
}
