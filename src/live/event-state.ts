import type { ScoringRule, StandingsRule } from '../scoring/index.js';
import type { PresentationState, RoundStatus } from '../show/show-state-machine.js';
import type { OrganizerMark } from './live-events.js';

/**
 * Everything about one event as plain data, read in one transaction. The live views, the
 * organizer's event detail and the results are all pure functions of it.
 */
export interface EventState {
  event: {
    id: string;
    name: string;
    publicCode: string;
    ownerId: string;
    rule: ScoringRule;
    standings: StandingsRule;
    screenMode: 'stage' | 'round_board' | 'standings';
    defaultTimeLimitSeconds: number;
    lockedAt: Date | null;
    version: number;
  };
  groups: { id: string; name: string; weight: string }[];
  criteria: { id: string; position: number; name: string; minScore: string; maxScore: string; step: string; weight: string }[];
  judges: { id: string; displayName: string; seatLabel: string; groupId: string | null; conflictUnits: string[]; linkActive: boolean }[];
  presenters: { id: string; name: string; title: string; unit: string }[];
  rounds: { id: string; position: number; topic: string; lecturer: string; status: RoundStatus; drawSeed: number | null }[];
  presentations: {
    id: string;
    roundId: string;
    presenterId: string;
    position: number;
    timeLimitSeconds: number;
    state: PresentationState;
    onStageAt: Date | null;
    scoringOpenedAt: Date | null;
    scoringClosedAt: Date | null;
    revealedAt: Date | null;
    noResultAt: Date | null;
    noResultReason: string | null;
  }[];
  /**
   * Every judge's latest revision an organizer entered (代录, 更正, 作废), with why and when: the
   * screens, the console, the review and the exports mark these lines.
   */
  entries: { presentationId: string; judgeId: string; mark: OrganizerMark; reason: string; at: Date; afterReveal: boolean }[];
  /** Each judge's current (latest) score per presentation. */
  scores: {
    id: string;
    presentationId: string;
    judgeId: string;
    revision: number;
    total: string;
    createdAt: Date;
    values: { criterionId: string; value: string }[];
  }[];
}
