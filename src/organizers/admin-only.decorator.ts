import { SetMetadata } from '@nestjs/common';

export const ADMIN_ONLY = 'podium:admin-only';

/** Routes for admins: refused with 403 before the body is even looked at. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);
