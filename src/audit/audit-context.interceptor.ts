import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { handleAs } from '../database/audit-context.js';
import type { Organizer } from '../model/organizer.entity.js';

/**
 * Establishes who acts for every HTTP request, for the audit log. The live channel declares its own
 * (LiveAuditInterceptor at the edge, which knows its sockets' sessions).
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { organizer?: Organizer }>();
    return handleAs(
      { actor: request.organizer ? `organizer:${request.organizer.id}` : 'anonymous', connection: `http ${request.ip ?? ''}` },
      next,
    );
  }
}
