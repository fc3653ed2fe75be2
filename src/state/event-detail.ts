import type { EventDetailDto, EventSummaryDto, PresentationDto } from '../contracts/rest.js';
import type { EventState } from './event-state.js';

export type { EventDetailDto, EventSummaryDto };

export function eventDetail(state: EventState): EventDetailDto {
  const { event } = state;
  return {
    id: event.id,
    name: event.name,
    publicCode: event.publicCode,
    locked: event.lockedAt !== null,
    version: event.version,
    rule: event.rule,
    standings: event.standings,
    defaultTimeLimitSeconds: event.defaultTimeLimitSeconds,
    requiredSignoffs: event.requiredSignoffs,
    rankHonesty: event.rankHonesty,
    groups: state.groups,
    criteria: state.criteria,
    judges: state.judges,
    signers: state.signers,
    presenters: state.presenters,
    rounds: state.rounds.map((round) => ({
      ...round,
      presentations: state.presentations.filter((p) => p.roundId === round.id).map(mapPresentation),
    })),
  };
}

const iso = (at: Date | null) => at && at.toISOString();

/** A talk as the API answers it: its moments as ISO strings. */
export function mapPresentation(p: EventState['presentations'][number]): PresentationDto {
  return {
    ...p,
    onStageAt: iso(p.onStageAt),
    scoringOpenedAt: iso(p.scoringOpenedAt),
    scoringClosedAt: iso(p.scoringClosedAt),
    revealedAt: iso(p.revealedAt),
    noResultAt: iso(p.noResultAt),
  };
}
