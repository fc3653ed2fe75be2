import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer } from '../organizers/auth.decorators.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { type RoundResultsDto, ResultsService } from './results.service.js';

@ApiTags('results')
@ApiBearerAuth()
@Controller('api/events/:eventId/rounds/:roundId/results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  /** The round's revealed talks with every judge's score and revision, the rule and the ranking. */
  @Get()
  round(@CurrentOrganizer() actor: Organizer, @Param('eventId', ParseUUIDPipe) eventId: string, @Param('roundId', ParseUUIDPipe) roundId: string): Promise<RoundResultsDto> {
    return this.results.round(actor, eventId, roundId);
  }
}
