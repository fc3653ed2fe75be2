import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Organizer } from '../model/organizer.entity.js';

export const PUBLIC_ROUTE = 'podium:public';

/** Routes anyone may call: sign-in, health, the public screen data. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = Request & { organizer: Organizer };

export const CurrentOrganizer = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthenticatedRequest>().organizer,
);
