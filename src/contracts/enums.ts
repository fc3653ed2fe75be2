/**
 * The enumerations that cross the wire, as `as const` arrays: the DTO validators, the database's
 * checks (entities) and the client's choices are all built from these. The scoring rule's own
 * enumerations live with the rule (src/scoring/rule.ts) and are re-exported here.
 */
export {
  AGGREGATION_METHODS,
  RANK_ON,
  RANKINGS,
  ROUNDING_MODES,
  SIMPLE_AGGREGATION_METHODS,
  STANDINGS_METHODS,
  TIE_BREAK_KINDS,
  TOO_FEW_TO_TRIM,
} from '../scoring/rule.js';
export { BOARD_ZONES, type BoardZone } from '../scoring/series-board.js';

/**
 * What the big screen shows: the talk on stage, the round's board, the standings across rounds, a
 * QR code that opens the remote viewer page (`/live/<code>`, 扫码观看直播) for the remote halls, or
 * the red and grey board of a series of events (红灰榜), revealed from the bottom up.
 */
export const SCREEN_MODES = ['stage', 'round_board', 'standings', 'viewer_qr', 'red_grey_board'] as const;
export type ScreenMode = (typeof SCREEN_MODES)[number];

/** A talk's way through the show; `no_result` (无成绩): closed by the organizer, with a reason, when nobody eligible could score it. */
export const PRESENTATION_STATES = ['pending', 'on_stage', 'scoring_open', 'scoring_closed', 'revealed', 'no_result'] as const;
export type PresentationState = (typeof PRESENTATION_STATES)[number];
/** The presentation states in which a talk is in front of the hall; at most one at a time. */
export const ACTIVE_STATES: readonly PresentationState[] = ['on_stage', 'scoring_open', 'scoring_closed'];
/** The states of a talk whose scoring has started: what its results depend on is frozen (the console greys it out ahead). */
export const SCORING_STARTED: readonly PresentationState[] = ['scoring_open', 'scoring_closed', 'revealed', 'no_result'];
/** The states a talk ends in: revealed with its result, or closed with none. */
export const CONCLUDED_STATES: readonly PresentationState[] = ['revealed', 'no_result'];

/**
 * A round is a topic of the contest, or a calibration round (试评): the judges score a sample talk
 * before the contest and each sees privately how far their marks sit from the rest of the panel.
 * Nothing of a calibration round counts, and nothing of it is published.
 */
export const ROUND_KINDS = ['contest', 'calibration'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ROUND_STATUSES = ['pending', 'live', 'done'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** How an organizer entered a judge's line: 代录 (a paper sheet), 更正 (a correction), 作废 (voided). */
export const ORGANIZER_MARKS = ['proxy', 'corrected', 'voided'] as const;
export type OrganizerMark = (typeof ORGANIZER_MARKS)[number];

export const ORGANIZER_ROLES = ['admin', 'organizer'] as const;
export type OrganizerRole = (typeof ORGANIZER_ROLES)[number];

/** Who wrote a score line: the judge on the tablet, or an organizer (see ORGANIZER_MARKS). */
export const SCORE_SOURCES = ['judge', 'organizer'] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];

export const LIVE_ROLES = ['judge', 'screen', 'control', 'signer'] as const;
export type LiveRole = (typeof LIVE_ROLES)[number];

/**
 * Who confirms a talk's computed result before it is read out (计分员, 复核员, 监督员 from discipline
 * inspection). An event declares which of them a reveal waits for; none by default.
 */
export const SIGNOFF_ROLES = ['scorer', 'reviewer', 'supervisor'] as const;
export type SignoffRole = (typeof SIGNOFF_ROLES)[number];

/** A signer's word on a talk's scores: confirmed (确认), or an objection (提出异议) with a reason. */
export const SIGNOFF_VERDICTS = ['confirm', 'object'] as const;
export type SignoffVerdict = (typeof SIGNOFF_VERDICTS)[number];

/**
 * What is wrong at one place of an imported setup workbook; the client words each in the user's
 * language from the kind and its params (`refused`: an API error code; `invalid_field`: a validation kind).
 */
export const IMPORT_PROBLEM_KINDS = [
  'not_excel',
  'too_large',
  'empty',
  'unknown_column',
  'duplicate_column',
  'missing_column',
  'too_many_rows',
  'boolean_cell',
  'date_cell',
  'error_cell',
  'formula_without_value',
  'unreadable_cell',
  'unknown_group',
  'unknown_units',
  'refused',
  'invalid_field',
] as const;
export type ImportProblemKind = (typeof IMPORT_PROBLEM_KINDS)[number];

/** Where a commitment (承诺) stands after its latest progress update: being carried out, or delivered (已落实). */
export const COMMITMENT_STATUSES = ['in_progress', 'done'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/**
 * A commitment's follow-up as of a day: `open` (not delivered, deadline not passed), `overdue`
 * (not delivered, deadline passed: shown red), `done` (delivered by the deadline) or `done_late`.
 */
export const FOLLOW_UPS = ['open', 'overdue', 'done', 'done_late'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];
