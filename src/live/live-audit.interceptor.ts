import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { handleAs } from '../database/audit-context.js';
import type { LiveSocketData } from './live-socket-data.js';

/** Establishes who acts for every live message (a judge's score, a signer's sign-off, the console's commands), for the audit log. */
@Injectable()
export class LiveAuditInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const socket = context.switchToWs().getClient<Socket>();
    const { session, address } = socket.data as Partial<LiveSocketData>;
    const who =
      session?.role === 'judge'
        ? `judge:${session.judgeId}`
        : session?.role === 'signer'
          ? `signer:${session.signerId}`
          : session?.role === 'control'
            ? `organizer:${session.organizerId}`
            : 'anonymous';
    return handleAs({ actor: who, connection: `socket ${socket.id} ${address ?? socket.handshake.address}` }, next);
  }
}
