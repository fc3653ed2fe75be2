import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import { forbidden, unauthorized } from '../common/api-error.js';
import { EventAccess } from './event-access.service.js';
import { ADMIN_ONLY } from './admin-only.decorator.js';
import { type AuthenticatedRequest, PUBLIC_ROUTE } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match ? match[1] : null;
}

/** Every REST route needs a signed-in organizer unless marked @Public(). Sockets authenticate at handshake. */
@Injectable()
export class OrganizerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly events: EventAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized('sign in first: this request needs an "Authorization: Bearer <token>" header');
    const organizer = await this.auth.authenticate(token);
    if (!organizer) throw unauthorized('your sign-in has expired or is not valid; sign in again');
    request.organizer = organizer;
    // Who may do it is decided before what is asked is looked at: a stranger's malformed body
    // gets "not yours", never a validation message about someone else's event.
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]) && organizer.role !== 'admin') {
      throw forbidden('admin_only', 'only an admin can do this');
    }
    const eventId = request.params?.eventId;
    if (typeof eventId === 'string' && isUUID(eventId)) await this.events.manage(organizer, eventId);
    return true;
  }
}
