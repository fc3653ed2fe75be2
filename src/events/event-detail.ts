import type { EventState } from '../live/event-state.js';

/** The organizer's full view of an event's setup. Judge links are never included: only whether one is active. */
export interface EventDetailDto {
  id: string;
  name: string;
  publicCode: string;
  locked: boolean;
  version: number;
  rule: EventState['event']['rule'];
  standings: EventState['event']['standings'];
  defaultTimeLimitSeconds: number;
  groups: EventState['groups'];
  criteria: EventState['criteria'];
  judges: EventState['judges'];
  presenters: EventState['presenters'];
  rounds: (EventState['rounds'][number] & { presentations: EventState['presentations'] })[];
}

export interface EventSummaryDto {
  id: string;
  name: string;
  publicCode: string;
  locked: boolean;
  createdAt: string;
}

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
    groups: state.groups,
    criteria: state.criteria,
    judges: state.judges,
    presenters: state.presenters,
    rounds: state.rounds.map((round) => ({ ...round, presentations: state.presentations.filter((p) => p.roundId === round.id) })),
  };
}
