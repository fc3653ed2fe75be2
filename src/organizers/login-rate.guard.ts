import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { tooManyRequests } from '../common/api-error.js';
import { RateWindows } from '../common/rate-windows.js';

/**
 * At most 20 sign-in attempts a minute from one address, on top of the per-account lockout, so
 * guessing across many accounts is slowed too. Kept in memory per server instance (written here
 * because @nestjs/throttler is CommonJS and cannot load Nest 12's ES modules under the test runner).
 */
@Injectable()
export class LoginRateGuard implements CanActivate {
  private readonly attempts = new RateWindows(20, 60_000);

  canActivate(context: ExecutionContext): boolean {
    const wait = this.attempts.hit(context.switchToHttp().getRequest<Request>().ip ?? 'unknown');
    if (wait > 0)
      throw tooManyRequests('too_many_requests', `too many sign-in attempts from this address; try again in ${Math.ceil(wait / 1000)} s`);
    return true;
  }
}
