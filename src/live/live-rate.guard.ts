import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ApiError } from '../common/api-error.js';

const WINDOW_MS = 1_000;
const LIMIT = 20;

/**
 * At most 20 messages a second per connection: far above what a tablet sends (a heartbeat every
 * 1.5 s, a score now and then), low enough that one runaway client cannot busy the server.
 */
@Injectable()
export class LiveRateGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const socket = context.switchToWs().getClient<Socket & { data: { rate?: { start: number; count: number } } }>();
    const now = Date.now();
    const rate = socket.data.rate;
    if (!rate || now - rate.start >= WINDOW_MS) {
      socket.data.rate = { start: now, count: 1 };
      return true;
    }
    if (++rate.count > LIMIT) throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_requests', `more than ${LIMIT} messages a second from this connection; slow down`);
    return true;
  }
}
