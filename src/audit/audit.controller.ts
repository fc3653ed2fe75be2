import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { forbidden } from '../common/api-error.js';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the audit log hash chains and name the first record altered or removed (admins)' })
  verify(@CurrentOrganizer() actor: Organizer) {
    if (actor.role !== 'admin') throw forbidden('admin_only', 'only an admin can verify the audit log');
    return this.audit.verify();
  }
}
