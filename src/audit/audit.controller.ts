import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../organizers/admin-only.decorator.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @AdminOnly()
  @Get('verify')
  @ApiOperation({ summary: 'Recompute the audit log hash chains and name the first record altered or removed (admins)' })
  verify() {
    return this.audit.verify();
  }
}
