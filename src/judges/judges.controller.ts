import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import { CreateJudgeDto, UpdateJudgeDto } from './dto/judge.dto.js';
import { JudgesService } from './judges.service.js';

@ApiTags('judges')
@ApiBearerAuth()
@Controller('api/events/:eventId/judges')
export class JudgesController {
  constructor(private readonly judges: JudgesService) {}

  /** Every judge's current link, to print the QR sheet again without re-issuing any. */
  @Get('links')
  links(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.judges.links(actor, eventId);
  }

  @Post()
  add(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Body() dto: CreateJudgeDto) {
    return this.judges.add(actor, eventId, dto);
  }

  @Patch(':judgeId')
  update(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: UpdateJudgeDto,
  ) {
    return this.judges.update(actor, eventId, judgeId, dto);
  }

  /** Removes a judge who has not scored. */
  @Delete(':judgeId')
  @HttpCode(204)
  remove(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
  ) {
    return this.judges.remove(actor, eventId, judgeId);
  }

  /** Issues a new secret link (the old one stops working). */
  @Post(':judgeId/link')
  issueLink(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
  ) {
    return this.judges.issueLink(actor, eventId, judgeId);
  }

  @Delete(':judgeId/link')
  revokeLink(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
  ) {
    return this.judges.revokeLink(actor, eventId, judgeId);
  }
}
