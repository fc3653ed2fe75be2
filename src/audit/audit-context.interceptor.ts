import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import type { LiveSocketData } from '../live/live-socket-data.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { type AuditContext, runWithAuditContext } from './audit-context.js';

/** Establishes who acts for every request and socket message, for the audit log. */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const audit = describe(context);
    return new Observable((subscriber) => runWithAuditContext(audit, () => next.handle().subscribe(subscriber)));
  }
}

function describe(context: ExecutionContext): AuditContext {
  if (context.getType() === 'ws') {
    const socket = context.switchToWs().getClient<Socket>();
    const { session, address } = socket.data as Partial<LiveSocketData>;
    const who =
      session?.role === 'judge'
        ? `judge:${session.judgeId}`
        : session?.role === 'control'
          ? `organizer:${session.organizerId}`
          : 'anonymous';
    return { actor: who, connection: `socket ${socket.id} ${address ?? socket.handshake.address}` };
  }
  const request = context.switchToHttp().getRequest<Request & { organizer?: Organizer }>();
  return { actor: request.organizer ? `organizer:${request.organizer.id}` : 'anonymous', connection: `http ${request.ip ?? ''}` };
}
