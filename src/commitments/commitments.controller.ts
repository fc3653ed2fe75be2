import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { xlsx } from '../common/xlsx-file.js';
import type { Organizer } from '../model/organizer.entity.js';
import { CurrentOrganizer, Public } from '../organizers/auth.decorators.js';
import { CommitmentsService } from './commitments.service.js';
import { AsOfQueryDto, CreateCommitmentDto, IssueUnitLinkDto, ReportProgressDto, UpdateCommitmentDto } from './dto/commitment.dto.js';

/** The organizer's side of commitments followed up (承诺—落实). */
@ApiTags('commitments')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get('commitments')
  @ApiOperation({ summary: "The event's commitments with their progress, and the follow-up board per unit and per topic" })
  list(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Query() query: AsOfQueryDto) {
    return this.commitments.list(actor, eventId, query.asOf);
  }

  @Get('commitments.xlsx')
  @ApiOperation({ summary: 'The commitments as an Excel workbook: 承诺落实 and 落实统计' })
  async workbook(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Query() query: AsOfQueryDto) {
    return xlsx(await this.commitments.workbook(actor, eventId, query.asOf));
  }

  @Get('commitments/delivery')
  @ApiOperation({ summary: "For the report: each unit's delivery of its commitments from the organizer's earlier events" })
  delivery(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Query() query: AsOfQueryDto) {
    return this.commitments.delivery(actor, eventId, query.asOf);
  }

  @Post('commitments')
  add(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreateCommitmentDto) {
    return this.commitments.add(actor, eventId, dto);
  }

  @Patch('commitments/:commitmentId')
  edit(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('commitmentId', ParseUUIDPipe) commitmentId: string,
    @Body() dto: UpdateCommitmentDto,
  ) {
    return this.commitments.edit(actor, eventId, commitmentId, dto);
  }

  @Delete('commitments/:commitmentId')
  @HttpCode(204)
  remove(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('commitmentId', ParseUUIDPipe) commitmentId: string,
  ) {
    return this.commitments.remove(actor, eventId, commitmentId);
  }

  @Post('commitments/:commitmentId/updates')
  @ApiOperation({ summary: 'Reports progress on a commitment for its unit (open after the event is locked)' })
  report(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('commitmentId', ParseUUIDPipe) commitmentId: string,
    @Body() dto: ReportProgressDto,
  ) {
    return this.commitments.report(actor, eventId, commitmentId, dto);
  }

  @Get('unit-links')
  @ApiOperation({ summary: "Every presenter unit's follow-up link for the event (null: none issued, or revoked)" })
  unitLinks(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.commitments.unitLinks(actor, eventId);
  }

  @Post('unit-links')
  @ApiOperation({ summary: "Issues a unit's follow-up link, or a new one (the old one stops working)" })
  issueUnitLink(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: IssueUnitLinkDto) {
    return this.commitments.issueUnitLink(actor, eventId, dto.unit);
  }

  @Post('unit-links/revoke')
  @HttpCode(200)
  revokeUnitLink(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: IssueUnitLinkDto) {
    return this.commitments.revokeUnitLink(actor, eventId, dto.unit);
  }
}

/** A presenter's unit following up its commitments through its secret link (/unit/<token>), without an account. */
@ApiTags('commitments')
@Controller('api/unit/:token')
export class UnitFollowUpController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: "The unit's commitments across the organizer's events, and its talks of the link's event" })
  view(@Param('token') token: string, @Query() query: AsOfQueryDto) {
    return this.commitments.unitView(token, query.asOf);
  }

  @Public()
  @Post('commitments')
  add(@Param('token') token: string, @Body() dto: CreateCommitmentDto) {
    return this.commitments.unitAdd(token, dto);
  }

  @Public()
  @Post('commitments/:commitmentId/updates')
  report(@Param('token') token: string, @Param('commitmentId', ParseUUIDPipe) commitmentId: string, @Body() dto: ReportProgressDto) {
    return this.commitments.unitReport(token, commitmentId, dto);
  }
}
