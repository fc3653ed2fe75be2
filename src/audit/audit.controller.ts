import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { badRequest } from '../common/api-error.js';
import { AdminOnly } from '../organizers/admin-only.decorator.js';
import { AnchorFormatError } from './audit-anchor.js';
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
  async verify(@Query('anchor') anchor?: string | string[]) {
    try {
      return await this.audit.verify(anchor === undefined ? [] : [anchor].flat());
    } catch (error) {
      if (error instanceof AnchorFormatError) throw badRequest('invalid_anchor', error.message);
      throw error;
    }
  }
}
