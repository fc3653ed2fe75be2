import { Injectable } from '@nestjs/common';
import { notFound } from '../common/api-error.js';
import { EventAccess } from '../events/event-access.service.js';
import { EventChanges } from '../live/event-changes.service.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import type { AggregationMethod, DropReason } from '../scoring/index.js';
import { roundRanking } from './round-results.js';

export interface RoundResultsDto {
  roundId: string;
  topic: string;
  rule: { method: AggregationMethod; trimK: number; decimals: number };
  results: {
    presentationId: string;
    presenter: { id: string; name: string; title: string; unit: string };
    state: string;
    rank: number;
    final: string;
    exact: string;
    applied: AggregationMethod;
    trimFellBack: boolean;
    scores: { judgeId: string; seatLabel: string; total: string; dropped: DropReason | null; revision: number; values: { criterionId: string; value: string }[] }[];
  }[];
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
    const judges = new Map(state.judges.map((j) => [j.id, j]));
    return {
      roundId,
      topic: round.topic,
      rule: { method: state.event.aggregation, trimK: state.event.trimK, decimals: state.event.decimals },
      // Revealed talks only: values stay sealed until the reveal, for organizers too.
      results: roundRanking(state, roundId, true).map((o) => ({
        presentationId: o.presentation.id,
        presenter: o.presenter,
        state: o.presentation.state,
        rank: o.rank,
        final: o.result.final,
        exact: o.result.exact,
        applied: o.result.applied,
        trimFellBack: o.result.trimFellBack,
        scores: o.result.totals.map((t) => {
          const score = state.scores.find((s) => s.presentationId === o.presentation.id && s.judgeId === t.judgeId)!;
          return { judgeId: t.judgeId, seatLabel: judges.get(t.judgeId)!.seatLabel, total: t.total, dropped: t.dropped, revision: score.revision, values: score.values };
        }),
      })),
    };
  }
}
