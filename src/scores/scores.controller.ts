import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../model/organizer.entity.js';
import { OverrideScoreDto, VoidScoreDto } from './dto/correct-score.dto.js';
import type { CorrectionPreview, CorrectionReceipt } from './dto/correction.dto.js';
import { ScoresService } from './scores.service.js';

/**
 * Organizer entries for judges' scores (代录 from a paper sheet, 更正, 作废); judges themselves
 * score over the live channel. Each route has a preview that stores nothing.
 */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/events/:eventId/presentations/:presentationId/judges/:judgeId')
export class ScoresController {
  constructor(private readonly scores: ScoresService) {}

  @Post('override')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Enter or correct a judge's score after scoring has closed, with a recorded reason (revealed talks: with the preview's confirmation)",
  })
  override(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: OverrideScoreDto,
  ): Promise<CorrectionReceipt> {
    return this.scores.correct(actor, eventId, presentationId, judgeId, { kind: 'override', ...dto });
  }

  @Post('override/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'What an override would change on the screens, stored nothing' })
  previewOverride(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: OverrideScoreDto,
  ): Promise<CorrectionPreview> {
    return this.scores.previewCorrection(actor, eventId, presentationId, judgeId, { kind: 'override', ...dto });
  }

  @Post('void')
  @HttpCode(200)
  @ApiOperation({
    summary: "Void a judge's score after scoring has closed, with a recorded reason (revealed talks: with the preview's confirmation)",
  })
  voidScore(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: VoidScoreDto,
  ): Promise<CorrectionReceipt> {
    return this.scores.correct(actor, eventId, presentationId, judgeId, { kind: 'void', ...dto });
  }

  @Post('void/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a void would change on the screens, stored nothing' })
  previewVoid(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('presentationId', ParseUUIDPipe) presentationId: string,
    @Param('judgeId', ParseUUIDPipe) judgeId: string,
    @Body() dto: VoidScoreDto,
  ): Promise<CorrectionPreview> {
    return this.scores.previewCorrection(actor, eventId, presentationId, judgeId, { kind: 'void', ...dto });
  }
}
