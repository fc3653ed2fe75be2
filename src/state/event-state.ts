import type { RankHonesty, ScoringRule, SeriesBoard, StandingsRule, TieMarks } from '../scoring/index.js';
import type { PresentationState, RoundStatus } from '../model/show-state-machine.js';
import type { OrganizerMark, ScreenMode, SignoffRole, SignoffVerdict } from '../contracts/live.js';
import type { RoundKind } from '../contracts/enums.js';
import type { BallotScreenView } from '../contracts/ballots.js';

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
    screenMode: ScreenMode;
    /** The topic whose board the screens show in round_board mode; null: the current topic's. */
    screenRoundId: string | null;
    /** The red and grey board of a series these screens show in red_grey_board mode; null: none set up. */
    seriesBoard: SeriesBoard | null;
    defaultTimeLimitSeconds: number;
    /** The sign-offs each reveal waits for (计分员, 复核员, 监督员); none by default. */
    requiredSignoffs: SignoffRole[];
    /** Declared rank honesty on the event's own boards; null: off. */
    rankHonesty: RankHonesty | null;
    /** Its marks, as last computed (on a worker, after the published results changed); null: none yet. */
    tieMarks: TieMarks | null;
    lockedAt: Date | null;
    version: number;
  };
  /** `audience`: 大众评委, valued by the attendees' ballots of `audienceHall` (null: every hall). */
  groups: { id: string; name: string; weight: string; audience: boolean; audienceHall: string | null }[];
  criteria: { id: string; position: number; name: string; minScore: string; maxScore: string; step: string; weight: string }[];
  judges: { id: string; displayName: string; seatLabel: string; groupId: string | null; conflictUnits: string[]; linkActive: boolean }[];
  presenters: { id: string; name: string; title: string; unit: string }[];
  /** Who signs off on results before a reveal, each with a secret link of their own. */
  signers: { id: string; role: SignoffRole; displayName: string; linkActive: boolean }[];
  /** Every sign-off given, oldest first (a sign-off is never changed: a new word is a new one). */
  signoffs: {
    id: string;
    presentationId: string;
    signerId: string;
    role: SignoffRole;
    verdict: SignoffVerdict;
    reason: string | null;
    digest: string;
    at: Date;
  }[];
  rounds: {
    id: string;
    position: number;
    topic: string;
    lecturer: string;
    status: RoundStatus;
    kind: RoundKind;
    drawSeed: number | null;
  }[];
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
  /**
   * The attendees' ballots that an audience group (大众评委) counts: for each talk's latest closed
   * poll, per hall, how many ballots and the exact sum of their totals; and the most a ballot's
   * total can be on the event's card (null: no card).
   */
  audience: { cardMax: string | null; ballots: { presentationId: string; hall: string; ballots: number; sum: string }[] };
  /**
   * The attendee poll on the screens (the latest opened whose display is not hidden), with its
   * turnout as of this read; `ballot.tally` messages keep it current between versions.
   */
  ballot: BallotScreenView | null;
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

type Score = EventState['scores'][number];
type Entry = EventState['entries'][number];

/** A judge's latest revision for one talk, as stored: what the state keeps of it depends on who entered it and whether it was voided. */
export interface LatestRevision {
  score: Score;
  voided: boolean;
  source: 'judge' | 'organizer';
  reason: string | null;
  afterReveal: boolean;
}

/** An organizer's entry is a void (作废), a correction of an earlier score (更正), or the first score of a judge who never scored (代录, from a signed paper sheet). */
export function organizerMark(voided: boolean, corrects: boolean): OrganizerMark {
  return voided ? 'voided' : corrects ? 'corrected' : 'proxy';
}

/** The organizer entry a latest revision makes, if an organizer entered it. */
export function entryOf(row: LatestRevision): Entry | null {
  if (row.source !== 'organizer') return null;
  const { presentationId, judgeId, revision, createdAt } = row.score;
  return {
    presentationId,
    judgeId,
    mark: organizerMark(row.voided, revision > 1),
    reason: row.reason ?? '',
    at: createdAt,
    afterReveal: row.afterReveal,
  };
}

/** The score a latest revision counts as: none when it was voided. */
export const countedScore = (row: LatestRevision): Score | null => (row.voided ? null : row.score);
