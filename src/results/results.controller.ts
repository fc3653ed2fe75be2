import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, Public } from '../organizers/auth.decorators.js';
import { anchorParam } from '../audit/anchor-param.js';
import { xlsx } from '../common/xlsx-file.js';
import type { Organizer } from '../model/organizer.entity.js';
import { ReportQueryDto, SeriesQueryDto } from './dto/report-query.dto.js';
import { ResultsService } from './results.service.js';

/** Results, exports and statistics. Talks not yet revealed are sealed here too. */
@ApiTags('results')
@ApiBearerAuth()
@Controller('api')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get('events/:eventId/rounds/:roundId/results')
  @ApiOperation({ summary: "A round's revealed results: every judge's score, the trace of each result, the ranking" })
  round(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return this.results.round(actor, eventId, roundId);
  }

  /** 扫码验真: public, what a signed report's QR code opens. */
  @Public()
  @Get('verify/events/:eventId/rounds/:roundId')
  @ApiOperation({
    summary:
      "Check a signed round report: the round's revealed results recomputed from the stored scores, and the printed audit head checked",
  })
  @ApiQuery({ name: 'anchor', required: false, description: 'the chain head printed on the report, <chain>:<seq>:<hash>' })
  verify(
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Query('anchor') anchor?: string,
  ) {
    return this.results.verification(eventId, roundId, typeof anchor === 'string' && anchor ? anchorParam(anchor) : null);
  }

  @Get('events/:eventId/rounds/:roundId/review')
  @ApiOperation({
    summary: "Review of a round: every revision of every judge's score with time and reason, results with traces, statistics",
  })
  review(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return this.results.review(actor, eventId, roundId);
  }

  @Get('events/:eventId/standings')
  @ApiOperation({ summary: 'Overall standings across the rounds, under the declared standings rule' })
  standings(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.results.standings(actor, eventId);
  }

  @Get('events/:eventId/export')
  @ApiOperation({ summary: 'The event as a Podium file (docs/podium-file.md): `npx podium compute` recomputes every result from it' })
  exportEvent(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.results.export(actor, eventId);
  }

  @Get('events/:eventId/rounds/:roundId/export')
  @ApiOperation({ summary: 'One round as a Podium file' })
  exportRound(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return this.results.export(actor, eventId, roundId);
  }

  @Get('events/:eventId/export.xlsx')
  @ApiOperation({ summary: "The event as an Excel workbook: each round's 成绩汇总表 and 评分明细, the standings, every revision" })
  async workbook(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return xlsx(await this.results.workbook(actor, eventId));
  }

  @Get('events/:eventId/rounds/:roundId/export.xlsx')
  @ApiOperation({ summary: 'One round as an Excel workbook' })
  async roundWorkbook(
    @CurrentOrganizer() actor: Organizer,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
  ) {
    return xlsx(await this.results.workbook(actor, eventId, roundId));
  }

  @Get('events/:eventId/report')
  @ApiOperation({
    summary: 'Results with traces, standings, judge statistics (ICC, Kendall W, leniency, rank confidence) and rule comparisons',
  })
  report(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Query() query: ReportQueryDto) {
    return this.results.report(actor, eventId, query);
  }

  @Get('events/:eventId/audit-head')
  @ApiOperation({
    summary:
      "The head of the event's audit chain (chain, record number, hash): print or keep it; `podium audit verify --anchor` checks it later",
  })
  auditHead(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string) {
    return this.results.head(actor, eventId);
  }

  @Get('series')
  @ApiOperation({ summary: 'A ranking over several events (每月一排名), with each unit’s trend' })
  series(@CurrentOrganizer() actor: Organizer, @Query() query: SeriesQueryDto) {
    return this.results.series(actor, query.events.split(','));
  }

  @Get('series.xlsx')
  @ApiOperation({ summary: 'The series as an Excel workbook: each unit’s rank and result per event, and its trend' })
  async seriesWorkbook(@CurrentOrganizer() actor: Organizer, @Query() query: SeriesQueryDto) {
    return xlsx(await this.results.seriesWorkbook(actor, query.events.split(',')));
  }
}
