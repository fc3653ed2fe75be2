import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { tooManyRequests } from '../common/api-error.js';
import { RateWindows } from '../common/rate-windows.js';

/**
 * At most 20 messages a second per connection: far above what a tablet sends (a heartbeat every
 * 1.5 s, a score now and then), low enough that one runaway client cannot busy the server.
 */
@Injectable()
export class LiveRateGuard implements CanActivate {
  private readonly messages = new RateWindows(20, 1_000, 100_000);

  canActivate(context: ExecutionContext): boolean {
    if (this.messages.hit(context.switchToWs().getClient<Socket>().id) > 0) {
      throw tooManyRequests('too_many_requests', `more than ${this.messages.limit} messages a second from this connection; slow down`);
    }
    return true;
  }
}
