import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { ReasonDto } from '../common/reason.dto.js';
import { OverrideScoreDto } from './dto/correct-score.dto.js';
import { ScoresService } from './scores.service.js';

/** Organizer corrections of judges' scores; judges themselves score over the live channel. */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/events/:eventId/presentations/:presentationId/judges/:judgeId')
export class ScoresController {
  constructor(private readonly scores: ScoresService) {}

  @Post('override')
  @HttpCode(200)
  @ApiOperation({ summary: "Replace a judge's score after scoring has closed, with a recorded reason" })
  override(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: OverrideScoreDto,
  ) {
    return this.scores.correct(actor, eventId, presentationId, judgeId, { kind: 'override', values: dto.values, reason: dto.reason });
  }

  @Post('void')
  @HttpCode(200)
  @ApiOperation({ summary: "Void a judge's score after scoring has closed, with a recorded reason" })
  voidScore(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.scores.correct(actor, eventId, presentationId, judgeId, { kind: 'void', reason: dto.reason });
  }
}
