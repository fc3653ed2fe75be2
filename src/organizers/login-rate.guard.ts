import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/api-error.js';

const WINDOW_MS = 60_000;
const LIMIT = 20;

/**
 * At most 20 sign-in attempts a minute from one address, on top of the per-account lockout, so
 * guessing across many accounts is slowed too. Kept in memory per server instance (written here
 * because @nestjs/throttler is CommonJS and cannot load Nest 12's ES modules under the test runner).
 */
@Injectable()
export class LoginRateGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  canActivate(context: ExecutionContext): boolean {
    const address = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    const now = Date.now();
    const window = this.windows.get(address);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(address, { start: now, count: 1 });
      return true;
    }
    window.count++;
    if (window.count > LIMIT) {
      const seconds = Math.ceil((window.start + WINDOW_MS - now) / 1000);
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_requests', `too many sign-in attempts from this address; try again in ${seconds} s`);
    }
    return true;
  }
}
