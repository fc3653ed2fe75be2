import { Injectable } from '@nestjs/common';
import { notFound } from '../common/api-error.js';
import { EventAccess } from '../events/event-access.service.js';
import { EventChanges } from '../live/event-changes.service.js';
import type { EventState } from '../live/event-state.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import type { RoundResult } from '../scoring/index.js';
import { roundResult } from './round-results.js';

export interface RoundResultsDto {
  roundId: string;
  topic: string;
  presenters: EventState['presenters'];
  /** The engine's result: every judge's line, the arithmetic and the trace of each revealed talk, and the ranking. */
  result: RoundResult;
}

@Injectable()
export class ResultsService {
  constructor(
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
  ) {}

  async round(actor: Organizer, eventId: string, roundId: string): Promise<RoundResultsDto> {
    await this.access.manage(actor, eventId);
    const state = await this.changes.read(eventId);
    const round = state.rounds.find((r) => r.id === roundId);
    if (!round) throw notFound('round');
    // Revealed talks only: values stay sealed until the reveal, for organizers too.
    return { roundId, topic: round.topic, presenters: state.presenters, result: roundResult(state, roundId, true) };
  }
}
