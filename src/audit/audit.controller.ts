import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../organizers/admin-only.decorator.js';
import { anchorParam } from './anchor-param.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('head')
  @ApiOperation({ summary: 'The head of the global audit chain (accounts and sign-ins), to print with an event’s own chain head' })
  head() {
    return this.audit.head('global');
  }

  @AdminOnly()
  @Get('verify')
  @ApiOperation({
    summary:
      'Recompute the audit log hash chains, compare every audited row with its last record, check chain heads printed earlier (admins)',
  })
  @ApiQuery({ name: 'anchor', required: false, isArray: true, description: 'a chain head as printed, <chain>:<seq>:<hash> (repeatable)' })
  verify(@Query('anchor') anchor?: string | string[]) {
    return this.audit.verify(anchor === undefined ? [] : [anchor].flat().map(anchorParam));
  }
}
