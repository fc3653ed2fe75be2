/**
 * Attendee ballots (满意度测评): what crosses the wire for them, shared by the server and the client.
 *
 * The organizer sets an event's evaluation card (评价表: indicators on a points scale, or on a
 * scale of levels), prints ballot codes for each hall (one QR code per attendee, `/ballot/<code>`),
 * and opens a poll on a round's lecture (or, for the audience as a judge group, on a talk). Each code
 * casts at most one ballot per poll and may change it until the poll closes. Turnout, and when the
 * organizer chooses the result, reach the screens as `ballot.tally` messages, pushed at most a few
 * times a second and apart from the versioned views.
 *
 * Anonymity: a ballot row never names its code. While the poll is open it carries a keyed hash of
 * (poll, code) under a secret kept outside the database, so the code can change its ballot; when the
 * poll closes the key is erased, and nothing stored links a ballot to a code any more. What is kept
 * of a code is "this code has voted in this poll" (docs/ballots.md).
 */

/** How an indicator of the card is marked: points (0…max in steps) or one of a few named levels (e.g. 满意 … 不满意). */
export const BALLOT_SCALES = ['points', 'levels'] as const;
export type BallotScale = (typeof BALLOT_SCALES)[number];

/** Where a poll stands: open for ballots, or closed (its ballots are final and unlinked from their codes). */
export const POLL_STATES = ['open', 'closed'] as const;
export type PollState = (typeof POLL_STATES)[number];

/** What the screens show of a poll: nothing, its turnout, or its turnout and result. */
export const POLL_DISPLAYS = ['hidden', 'turnout', 'result'] as const;
export type PollDisplay = (typeof POLL_DISPLAYS)[number];

/** One level of a levels card: its label and the exact value it counts for (decimal text). */
export interface BallotLevel {
  label: string;
  value: string;
}

/**
 * The evaluation card of an event (评价表). Points: each indicator is marked from 0 to `max` in
 * steps of `step` (e.g. 5 indicators × 20 points). Levels: each indicator takes one of `levels`
 * (e.g. 很满意 100, 满意 80, 基本满意 60, 不满意 0). A ballot's total is the sum over its indicators.
 */
export interface BallotCardDto {
  indicators: string[];
  scale: BallotScale;
  /** Points scale: the most an indicator can get, and the step (decimal text). Null with levels. */
  max: string | null;
  step: string | null;
  /** Levels scale: the choices, best first. Empty with points. */
  levels: BallotLevel[];
}

/** A batch of ballot codes for one hall (主会场, 分会场…), as the organizer sees it. */
export interface BallotHallDto {
  hall: string;
  /** Codes issued for the hall, and how many of them are voided (lost, handed out twice…). */
  issued: number;
  voided: number;
}

/** Ballot codes as printed: GET …/ballot-codes/print?hall=… (re-derived by the server; never stored in the clear). */
export interface BallotCodeDto {
  /** Number on the printed card (1, 2, …) within its hall, for voiding a lost card. */
  number: number;
  hall: string;
  code: string;
  /** The attendee page the QR code opens: `<public base>/ballot/<code>`. */
  url: string;
  voided: boolean;
}

/** The result of a poll: turnout, the mean per indicator and the distribution of totals, exact decimals. */
export interface PollResultDto {
  /** Ballots cast (each code counts once). */
  ballots: number;
  /** Per indicator, in card order: the mean mark (null with no ballot) and, with levels, how many chose each level. */
  indicators: { name: string; mean: string | null; levelCounts: number[] | null }[];
  /** Mean total (null with no ballot), and how many ballots fell in each band of totals (best band first). */
  meanTotal: string | null;
  distribution: { from: string; to: string; count: number }[];
}

/** A poll as the console sees it. */
export interface PollDto {
  id: string;
  roundId: string;
  /** Null: the round's lecture (专题辅导); otherwise a talk of the round (大众评委). */
  presentationId: string | null;
  /** What is rated, for display: the lecture's topic and lecturer, or the talk's presenter. */
  title: string;
  state: PollState;
  display: PollDisplay;
  openedAt: string;
  closedAt: string | null;
  /** Codes issued (not voided) in the halls the poll is for: the turnout's denominator. */
  eligible: number;
  result: PollResultDto;
  /** Per hall: ballots cast. */
  byHall: { hall: string; ballots: number; eligible: number }[];
}

/** What the attendee's phone gets for its code: GET /api/ballot/:code. */
export interface BallotPageDto {
  eventName: string;
  /** The event's public code: the page follows the viewer channel (view.ballot) to learn when a poll opens or closes. */
  publicCode: string;
  hall: string;
  card: BallotCardDto;
  /** The poll open now (at most one per event), or null: 测评尚未开始 / 已结束. */
  poll: { id: string; title: string; state: PollState } | null;
  /** This code's ballot in that poll, if it has cast one (only while the poll is open; null once closed). */
  mine: { values: string[]; total: string; revision: number } | null;
}

/** POST /api/ballot/:code: a ballot, or its change. Re-sending the same idempotencyKey stores nothing new. */
export interface CastBallotPayload {
  idempotencyKey: string;
  pollId: string;
  /** One decimal text per indicator, in card order (with levels: the chosen level's value). */
  values: string[];
}

export interface BallotReceiptDto {
  pollId: string;
  idempotencyKey: string;
  revision: number;
  total: string;
  receivedAt: string;
  /** True when this key had already been stored: nothing new was written. */
  replayed: boolean;
}

/**
 * A poll as the screens and viewers get it (ScreenView.ballot, and `ballot.tally` messages): the
 * turnout, and the result only while the organizer shows it.
 */
export interface BallotScreenView {
  pollId: string;
  title: string;
  state: PollState;
  display: Exclude<PollDisplay, 'hidden'>;
  eligible: number;
  ballots: number;
  /** Null unless display is 'result'. */
  result: PollResultDto | null;
  /**
   * Increases with every ballot cast or changed in the poll (the sum of the ballots' revisions),
   * so a client keeps the tally with the highest `changes` when messages from several instances cross.
   */
  changes: number;
}
