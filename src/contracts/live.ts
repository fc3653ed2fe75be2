/**
 * The live channel's contract, shared by the server and the client (client/ imports this file).
 * Types only: no framework code, so both sides compile it as is.
 *
 * Every committed change to an event increases the event's version by one. A client gets the
 * complete view its role may see in a `snapshot` (on connect, and in answer to `snapshot.request`),
 * then `update`s that carry only what changed for its role: the view's top-level parts that differ
 * from the version `base` its room was last sent. Bursts are coalesced, so an update may span
 * several versions. A client applies an update whose `base` is the version it holds, ignores
 * anything not newer than what it has, and otherwise (a gap) asks for `snapshot.request`
 * (`applyUpdate` below, used by the client and the tests alike).
 */
import type { BallotScreenView } from './ballots.js';
import type { ErrorCode } from './errors.js';
import type {
  AggregationMethod,
  CalibrationFeedback,
  JudgeStatus as ScoreStatus,
  ProvisionalReason,
  RankHonesty,
  ScoringRule,
  SeriesBoardRow,
  TraceStep,
} from '../scoring/index.js';
import type {
  LiveRole,
  OrganizerMark,
  PresentationState,
  RoundKind,
  RoundStatus,
  ScreenMode,
  SignoffRole,
  SignoffVerdict,
} from './enums.js';

export type { LiveRole, OrganizerMark, ScreenMode, SignoffRole, SignoffVerdict };

/** What a client sends in the socket.io handshake (`io(url, { auth })`). */
/**
 * Who connects: a judge's tablet, the venue's big screen, a remote viewer (`/live/<code>`: a phone,
 * a laptop, a remote hall's projector; the big screen's public view, counted apart), or an
 * organizer's control panel.
 */
export type LiveHandshake =
  | { role: 'judge'; token: string }
  | { role: 'screen'; code: string }
  | { role: 'viewer'; code: string }
  | { role: 'control'; token: string; eventId: string }
  /** A 计分员, 复核员 or 监督员 with the secret link the organizer gave them (`/signoff/<token>`). */
  | { role: 'signer'; token: string };

export interface PresenterView {
  id: string;
  name: string;
  title: string;
  unit: string;
}

export interface RoundView {
  id: string;
  position: number;
  topic: string;
  lecturer: string;
  status: RoundStatus;
  /** calibration: a 试评 round; nothing of it counts or is published. */
  kind: RoundKind;
}

export interface StagePresentationView {
  id: string;
  roundId: string;
  position: number;
  presenter: PresenterView;
  state: PresentationState;
  timeLimitSeconds: number;
  onStageAt: string | null;
  scoringOpenedAt: string | null;
}

export interface StageView {
  round: RoundView | null;
  presentation: StagePresentationView | null;
}

/** Sealed progress: who has scored, never what. */
export interface ProgressView {
  presentationId: string;
  scored: number;
  eligible: number;
  scoredSeats: string[];
  /** Every seat expected to score this talk (recused judges are not in it). */
  eligibleSeats: string[];
  /** Seats whose line an organizer entered (代录, 更正) or voided (作废): never shown as the judge's own. */
  entries: { seatLabel: string; mark: OrganizerMark }[];
}

/** An organizer's entry made after the talk's result was published: the published result was corrected (更正). */
export interface PublishedCorrectionView {
  seatLabel: string;
  mark: OrganizerMark;
  reason: string;
  at: string;
}

export interface RevealedScoreView {
  judgeId: string;
  seatLabel: string;
  groupName: string | null;
  /** Null for a judge who is recused or did not score. */
  total: string | null;
  /** counted, dropped_highest, dropped_lowest (struck through on screen), recused (回避), not_scored, no_group. */
  status: ScoreStatus;
  /** Null: the judge's own score. Otherwise what the organizer entered (a voided line has no total). */
  entry: OrganizerMark | null;
}

/** One revealed result, as the engine computed it; `trace` explains it step by step. */
export interface PresentationResultView {
  presentationId: string;
  presenter: PresenterView;
  scores: RevealedScoreView[];
  applied: AggregationMethod | null;
  fellBack: boolean;
  provisional: ProvisionalReason[];
  final: string | null;
  rank: number | null;
  sharedWith: string[];
  trace: TraceStep[];
  /** Organizer entries made after this result was revealed, oldest first: the big screen marks the result 更正. */
  corrections: PublishedCorrectionView[];
}

export interface BoardEntryView {
  presentationId: string;
  presenter: PresenterView;
  final: string;
  rank: number;
  provisional: boolean;
  /** The published result was corrected after its reveal (更正). */
  corrected: boolean;
  /**
   * Declared rank honesty (event.rankHonesty): the seeded bootstrap cannot tell this talk's order
   * from the next one's on the board (差异在评分误差内). False where the option is off, for the last
   * entry, and while the marks of the latest published results are being computed.
   */
  tiedWithNext: boolean;
}

export interface RoundBoardView {
  roundId: string;
  topic: string;
  entries: BoardEntryView[];
}

export interface EventHeaderView {
  id: string;
  name: string;
  publicCode: string;
  locked: boolean;
  rule: ScoringRule;
  /** Declared rank honesty on the event's own boards (差异在评分误差内); null: off. */
  rankHonesty: RankHonesty | null;
}

export interface StandingsEntryView {
  presenter: PresenterView;
  final: string;
  rank: number;
  /** Per round, in order: the presenter's published result there (null: none yet). */
  rounds: { roundId: string; topic: string; result: string | null }[];
  /** One of the results it stands on was corrected after its reveal (更正). */
  corrected: boolean;
  /** Declared rank honesty: statistically tied with the next entry of the standings (see BoardEntryView.tiedWithNext). */
  tiedWithNext: boolean;
}

/** The latest correction of a published result, for the big screen's notice. */
export interface CorrectionNoticeView extends PublishedCorrectionView {
  presentationId: string;
  roundTopic: string;
  presenter: PresenterView;
  /** The talk's result and rank now, after the correction. */
  final: string | null;
  rank: number | null;
}

/** A revealed row of the red and grey board: where it stands among all the board's rows (0: the top). */
export interface SeriesBoardRowView extends SeriesBoardRow {
  position: number;
}

/**
 * The red and grey board (红灰榜) of a series, as the screens get it: the declared cut lines, how
 * many units it ranks, and only the rows revealed so far (from the bottom up). Rows not yet
 * revealed never leave the server.
 */
export interface SeriesBoardView {
  title: string;
  /** The events of the series, oldest first (the board ranks the last). */
  events: number;
  red: number;
  grey: number;
  /** How many units the board ranks (its slots), and how many of them are revealed. */
  total: number;
  revealed: number;
  /** How many rows are on the red board (from the top) and the grey board (from the bottom): where the cut lines are drawn. */
  redRows: number;
  greyRows: number;
  /** Declared rank honesty (差异在评分误差内 between neighbours the bootstrap cannot tell apart), or null: off. */
  honesty: RankHonesty | null;
  rows: SeriesBoardRowView[];
}

export interface ScreenView {
  role: 'screen';
  event: EventHeaderView;
  /** What the organizer has put on the big screens. */
  mode: ScreenMode;
  /** Overall standings over the revealed talks of every round. */
  standings: StandingsEntryView[];
  stage: StageView;
  progress: ProgressView | null;
  /** Present once the talk on stage has been revealed. */
  reveal: PresentationResultView | null;
  /** The current round's leaderboard: revealed talks only. */
  board: RoundBoardView | null;
  /** The latest correction of any published result in the event (更正), or null. */
  correction: CorrectionNoticeView | null;
  /** The red and grey board of a series set up on this event (shown in red_grey_board mode), or null. */
  seriesBoard: SeriesBoardView | null;
  /**
   * The attendee poll (满意度测评) the organizer has put on the screens, as of this version (null:
   * none). Its turnout moves without a new version: `ballot.tally` messages bring it up to date.
   */
  ballot: BallotScreenView | null;
}

export interface CriterionView {
  id: string;
  position: number;
  name: string;
  minScore: string;
  maxScore: string;
  step: string;
  weight: string;
}

export interface MyScoreView {
  revision: number;
  total: string;
  values: { criterionId: string; value: string }[];
  receivedAt: string;
}

export interface JudgePresentationView {
  id: string;
  roundId: string;
  roundTopic: string;
  position: number;
  presenter: PresenterView;
  state: PresentationState;
  /** 回避: the judge is in conflict with this presenter's unit. */
  recused: boolean;
  myScore: MyScoreView | null;
  /** The organizer entered this judge's line here (代录, 更正) or voided it (作废): the tablet says so. */
  entry: OrganizerMark | null;
}

export interface JudgeView extends Omit<ScreenView, 'role'> {
  role: 'judge';
  me: { judgeId: string; displayName: string; seatLabel: string; groupName: string | null };
  criteria: CriterionView[];
  presentations: JudgePresentationView[];
  /**
   * 试评: for each sample talk of the current calibration round whose feedback the organizer has
   * released (the talk is "revealed", to this judge alone), how this judge's marks sit among the other
   * judges'. Only in this judge's own view; null feedback: nothing to compare (no score, or nobody else).
   */
  calibration: { presentationId: string; feedback: CalibrationFeedback | null }[];
}

/** A judge's line for the talk on stage, as the console shows it: an organizer's entry is never shown as the judge's own. */
export type JudgeStatus = 'not_scored' | 'scored' | 'amended' | 'recused' | OrganizerMark;

export interface ControlJudgeView {
  judgeId: string;
  displayName: string;
  seatLabel: string;
  groupName: string | null;
  linkActive: boolean;
  /** For the talk on stage. */
  status: JudgeStatus;
}

export interface ControlView extends Omit<ScreenView, 'role'> {
  role: 'control';
  judges: ControlJudgeView[];
  /** The talk in front of the hall (or the last one concluded): who has signed off on it, when the event requires sign-offs. Never a value. */
  signoffs: SignoffStatusView | null;
}

/** One sign-off as recorded: who, in which role, their word and when. */
export interface SignoffView {
  id: string;
  signerId: string;
  displayName: string;
  role: SignoffRole;
  verdict: SignoffVerdict;
  /** Required with an objection. */
  reason: string | null;
  at: string;
  /** Given on the talk's scores as they are now; false once a score changed after it (it must be given again). */
  current: boolean;
}

/** Where one required role stands on a talk's current scores: its latest word, if any. */
export interface SignoffRoleView {
  role: SignoffRole;
  status: 'missing' | 'confirmed' | 'objected';
  /** The sign-off the status rests on (null: missing). */
  by: SignoffView | null;
}

/** The sign-offs of one talk: which roles the reveal waits for and where each stands. */
export interface SignoffStatusView {
  presentationId: string;
  required: SignoffRole[];
  roles: SignoffRoleView[];
  /** Every required role has confirmed the current scores and no objection stands: the reveal may go ahead. */
  complete: boolean;
  /** Every sign-off given on the talk, oldest first, including those a later score change voided. */
  history: SignoffView[];
}

/** One judge's line as a signer checks it: the name, every criterion value and the total. */
export interface SignerScoreView extends RevealedScoreView {
  displayName: string;
  /** In rubric order; empty for a judge who did not score (or whose line was voided). */
  values: { criterionId: string; value: string }[];
}

/** The talk whose scoring is closed, as the signers see it before anyone else: every score and the result the reveal will show. */
export interface SignerTalkView {
  presentationId: string;
  roundTopic: string;
  presenter: PresenterView;
  state: PresentationState;
  /** What a sign-off confirms: a digest of the talk's current score revisions. Sent back with the sign-off. */
  digest: string;
  scores: SignerScoreView[];
  /** The engine's result as the reveal will show it (rank among the talks revealed so far). */
  result: PresentationResultView;
  signoffs: SignoffStatusView;
}

/**
 * A signer's page: the public view, plus, for the talk whose scoring is closed (or just revealed),
 * every judge's score and the computed result with its trace, sealed from every other screen.
 */
export interface SignerView extends Omit<ScreenView, 'role'> {
  role: 'signer';
  me: { signerId: string; displayName: string; role: SignoffRole };
  criteria: CriterionView[];
  talk: SignerTalkView | null;
}

export type LiveView = ScreenView | JudgeView | ControlView | SignerView;

export type LiveCause = 'snapshot' | 'setup' | 'stage' | 'score' | 'reveal' | 'signoff';

/** A complete view at a version: a snapshot, or what a client holds after applying updates. */
export interface LiveUpdate<V extends LiveView = LiveView> {
  version: number;
  cause: LiveCause;
  /** The server's clock when sent, so countdowns agree with the server's. */
  serverTime: string;
  view: V;
}

/**
 * What changed for a room from version `base` to `version`: each top-level part of the view that
 * differs, whole. `base` is null when the patch is the complete view (the server had no earlier
 * view of this room to compare with).
 */
export interface LivePatch<V extends LiveView = LiveView> {
  base: number | null;
  version: number;
  /** The latest cause among the changes this update spans. */
  cause: LiveCause;
  serverTime: string;
  patch: Partial<V>;
}

export interface LiveError {
  statusCode: number;
  code: ErrorCode;
  message: string;
  fields?: { field: string; problems: string[] }[];
}

export interface SubmitScorePayload {
  /** A UUID chosen by the tablet for this submission; re-sending it never stores twice. */
  idempotencyKey: string;
  presentationId: string;
  /** One decimal string per criterion of the rubric. */
  values: { criterionId: string; value: string }[];
}

export interface ScoreReceipt {
  scoreId: string;
  presentationId: string;
  idempotencyKey: string;
  revision: number;
  total: string;
  receivedAt: string;
  /** True when this key had already been stored: nothing new was written. */
  replayed: boolean;
}

/** A signer's word on the talk whose scoring is closed. */
export interface SubmitSignoffPayload {
  presentationId: string;
  verdict: SignoffVerdict;
  /** Required with an objection (at least 4 characters). */
  reason?: string;
  /** The digest of the scores the signer looked at (SignerTalkView.digest): refused if they changed since. */
  digest: string;
}

export type LiveAck<T> = { ok: true; data: T } | { ok: false; error: LiveError };

export interface ServerToClientEvents {
  snapshot: (update: LiveUpdate) => void;
  update: (update: LivePatch) => void;
  /** Control only: which judges have a connected tablet. Not versioned: presence is not stored. */
  presence: (presence: { online: string[] }) => void;
  /** The server ends this session (a judge's or a signer's link was revoked or re-issued). */
  'session.ended': (error: LiveError) => void;
  /**
   * Screens, viewers and control panels: the latest turnout (and, when shown, result) of the poll on
   * the screens, pushed at most a few times a second while ballots arrive; not versioned. Keep the one
   * with the highest `changes` for the poll in `view.ballot`.
   */
  'ballot.tally': (tally: BallotScreenView) => void;
  /**
   * A message sent without an ack was refused; or the server could not welcome this connection
   * (the database is unreachable, say): it then disconnects, and the client connects again later.
   */
  exception: (error: LiveError) => void;
}

export interface ClientToServerEvents {
  'score.submit': (payload: SubmitScorePayload, ack: (result: LiveAck<ScoreReceipt>) => void) => void;
  'signoff.submit': (payload: SubmitSignoffPayload, ack: (result: LiveAck<SignoffView>) => void) => void;
  'snapshot.request': (ack: (result: LiveAck<LiveUpdate>) => void) => void;
  /** A heartbeat with the server's clock: tablets use it to notice a dead link within seconds and to run countdowns on server time. */
  'time.sync': (ack: (result: LiveAck<{ serverTime: string }>) => void) => void;
}

/**
 * What a client holds after an incoming update, given what it holds now: the next complete view,
 * or 'ignore' (nothing newer), or 'resync' (it holds nothing yet, or missed a change: ask for a
 * snapshot).
 */
export function applyUpdate<V extends LiveView>(held: LiveUpdate<V> | null, incoming: LivePatch<V>): LiveUpdate<V> | 'ignore' | 'resync' {
  if (held !== null && incoming.version <= held.version) return 'ignore';
  const { version, cause, serverTime, patch } = incoming;
  if (incoming.base === null) return { version, cause, serverTime, view: patch as V };
  if (held === null || incoming.base !== held.version) return 'resync';
  return { version, cause, serverTime, view: { ...held.view, ...patch } };
}

/** Whether a client takes a snapshot: unless it holds a newer version already (a slow answer may arrive after later updates). */
export const takesSnapshot = (held: LiveUpdate | null, snapshot: LiveUpdate) => held === null || snapshot.version >= held.version;
