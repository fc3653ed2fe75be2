import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from '../common/api-error.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../observability/metrics.js';
import { isPrivateAddress } from '../observability/private-address.js';
import { Public } from '../organizers/auth.decorators.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Prometheus metrics in the text format. With PODIUM_METRICS_TOKEN set, only for a bearer of that
 * token; without it, only for loopback and private addresses (the client's address as Express
 * sees it: behind nginx, set PODIUM_TRUST_PROXY, or nginx's own private address would let
 * everyone in).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Public()
  @Get()
  async metricsText(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = this.config.PODIUM_METRICS_TOKEN;
    if (token) {
      const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(given), digest(token))) throw unauthorized('GET /metrics needs the bearer token PODIUM_METRICS_TOKEN');
    } else if (!isPrivateAddress(request.ip)) {
      throw forbidden('forbidden', 'GET /metrics answers private addresses only, unless PODIUM_METRICS_TOKEN is set');
    }
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.text();
  }
}
