import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { tooManyRequests } from '../common/api-error.js';
import { RedisLink } from '../cluster/redis-link.js';
import { SharedRateWindows } from '../cluster/shared-rate-windows.js';

/**
 * At most 20 sign-in attempts a minute from one address, on top of the per-account lockout, so
 * guessing across many accounts is slowed too. Counted over every instance when they share Redis
 * (written here because @nestjs/throttler is CommonJS and cannot load Nest 12's ES modules under
 * the test runner).
 */
@Injectable()
export class LoginRateGuard implements CanActivate {
  private readonly attempts: SharedRateWindows;

  constructor(redis: RedisLink) {
    this.attempts = new SharedRateWindows(redis, 'sign-in', 20, 60_000);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const wait = await this.attempts.hit(context.switchToHttp().getRequest<Request>().ip ?? 'unknown');
    if (wait > 0)
      throw tooManyRequests('too_many_requests', `too many sign-in attempts from this address; try again in ${Math.ceil(wait / 1000)} s`);
    return true;
  }
}
