/**
 * What the REST API answers, as named types: the controllers return these, and the console's
 * calls (client/src/admin/api.ts) are typed with them. Dates are ISO strings, as JSON carries them.
 */
import type {
  JudgeStatus,
  RankHonesty,
  Report,
  RoundResult,
  ScoringRule,
  SeriesBoard,
  SeriesEntry,
  Standings,
  StandingsRule,
} from '../scoring/index.js';
import type {
  CommitmentStatus,
  FollowUp,
  ImportProblemKind,
  OrganizerMark,
  OrganizerRole,
  PresentationState,
  RoundKind,
  RoundStatus,
  ScoreSource,
  SignoffRole,
} from './enums.js';
import type { CriterionView, PresenterView, SignoffView } from './live.js';

export interface OrganizerDto {
  id: string;
  username: string;
  displayName: string;
  role: OrganizerRole;
  /** Disabled by an admin: cannot sign in. */
  disabled: boolean;
}

/** POST /api/auth/login. */
export interface SessionDto {
  token: string;
  expiresAt: string;
  organizer: OrganizerDto;
}

export interface EventSummaryDto {
  id: string;
  name: string;
  publicCode: string;
  locked: boolean;
  createdAt: string;
}

export interface GroupDto {
  id: string;
  name: string;
  weight: string;
  /** 大众评委: no judges; the attendees' ballots on a talk are its value (with group_weighted). */
  audience: boolean;
  /** The hall whose ballots count for an audience group; null: every hall. */
  audienceHall: string | null;
}

/** A criterion of the rubric: the same shape the tablets get. */
export type CriterionDto = CriterionView;

/** A judge as the organizer sees one: never the link itself, only whether one is active. */
export interface JudgeDto {
  id: string;
  displayName: string;
  seatLabel: string;
  groupId: string | null;
  conflictUnits: string[];
  linkActive: boolean;
}

/** A judge with a secret link: as issued, or read back by its organizer to print the QR sheet again (GET …/judges/links). */
export interface JudgeWithLinkDto {
  judge: JudgeDto;
  link: string;
}

/** A 计分员, 复核员 or 监督员 as the organizer sees one: never the link itself, only whether one is active. */
export interface SignerDto {
  id: string;
  role: SignoffRole;
  displayName: string;
  linkActive: boolean;
}

/** A signer with the secret link that opens their sign-off page (`/signoff/<token>`): as issued, or read back (GET …/signers/links). */
export interface SignerWithLinkDto {
  signer: SignerDto;
  link: string;
}

export interface PresenterDto {
  id: string;
  name: string;
  title: string;
  unit: string;
}

export interface PresentationDto {
  id: string;
  roundId: string;
  presenterId: string;
  position: number;
  timeLimitSeconds: number;
  state: PresentationState;
  onStageAt: string | null;
  scoringOpenedAt: string | null;
  scoringClosedAt: string | null;
  revealedAt: string | null;
  noResultAt: string | null;
  noResultReason: string | null;
}

/** A drawn speaking order (抽签), with the seed that redoes it. */
export interface DrawnOrderDto {
  seed: number;
  order: PresentationDto[];
}

/** What "every presenter into every topic" did: talks added, and the topics drawn with their seeds. */
export interface ProgrammeFillDto {
  added: number;
  drawn: { roundId: string; seed: number }[];
}

export interface RoundDto {
  id: string;
  position: number;
  topic: string;
  lecturer: string;
  status: RoundStatus;
  /** A topic of the contest, or a calibration round (试评) that never counts and is never published. */
  kind: RoundKind;
  drawSeed: number | null;
}

/** The organizer's full view of an event's setup (GET /api/events/:id). */
export interface EventDetailDto {
  id: string;
  name: string;
  publicCode: string;
  locked: boolean;
  version: number;
  rule: ScoringRule;
  standings: StandingsRule;
  defaultTimeLimitSeconds: number;
  /** The sign-offs each reveal waits for (计分员, 复核员, 监督员), in SIGNOFF_ROLES order; none by default. */
  requiredSignoffs: SignoffRole[];
  /** Declared rank honesty on the event's own boards (差异在评分误差内): off (null) by default, fixed once scoring starts. */
  rankHonesty: RankHonesty | null;
  groups: GroupDto[];
  criteria: CriterionDto[];
  judges: JudgeDto[];
  signers: SignerDto[];
  presenters: PresenterDto[];
  rounds: (RoundDto & { presentations: PresentationDto[] })[];
}

/** A published result or rank that a change would alter: in a round's board, or in the overall standings. */
export interface ResultChange {
  scope: 'round' | 'standings';
  /** The round's topic (scope round), else null. */
  roundTopic: string | null;
  presenter: PresenterView;
  /** Null: no published result there before (or after). */
  before: { final: string; rank: number } | null;
  after: { final: string; rank: number } | null;
}

/** What an organizer's entry would change (POST …/override/preview, …/void/preview). */
export interface CorrectionPreview {
  /** How the line will be marked: 代录, 更正 or 作废. */
  mark: OrganizerMark;
  /** The talk is revealed: its result is public, and the entry must be confirmed. */
  published: boolean;
  /** Every published result and rank the entry alters (empty before the reveal: nothing is public yet). */
  changes: ResultChange[];
  /** For a published result: send this back as `confirmation` to store exactly this entry with exactly these changes. Null before the reveal (nothing to confirm). */
  confirmation: string | null;
}

/** The answer to a stored organizer entry (POST …/override, …/void). */
export interface CorrectionReceipt {
  scoreId: string;
  presentationId: string;
  judgeId: string;
  revision: number;
  mark: OrganizerMark;
  /** The stored total once the talk is revealed; null before, while scores are sealed. */
  total: string | null;
  receivedAt: string;
  /** The published results and ranks this entry changed. */
  changes: ResultChange[];
}

/**
 * A chain head: the last record of one chain ('global' or an event's id) at some moment. Shown on
 * the console and in every export; kept on paper or in a file, it later proves that the chain
 * still holds that very record, so nothing was cut from its tail and nothing before it rewritten,
 * even by someone who recomputed every hash.
 */
export interface AuditAnchor {
  chain: string;
  seq: number;
  hash: string;
}

/** One revision of a judge's line, as the review lists it. */
export interface RevisionDto {
  revision: number;
  source: ScoreSource;
  /** For an organizer's revision: 代录, 更正 or 作废. */
  mark: OrganizerMark | null;
  reason: string | null;
  voided: boolean;
  total: string;
  values: { criterionId: string; value: string }[];
  at: string;
  organizer: string | null;
}

/** GET /api/events/:id/rounds/:roundId/review: every talk's result with each judge's revisions. */
export interface RoundReviewDto {
  roundId: string;
  topic: string;
  rule: ScoringRule;
  criteria: CriterionDto[];
  /** The judge groups with their weights (and the audience group, 大众评委), as the rule weighs them. */
  groups: GroupDto[];
  statistics: Report['rounds'][number]['statistics'] | null;
  /** Talks closed with no result (无成绩), with the organizer's reason. */
  noResult: { presentationId: string; presenter: PresenterDto; reason: string; at: string }[];
  presentations: {
    result: Report['rounds'][number]['results'][number];
    judges: {
      judgeId: string;
      seatLabel: string;
      displayName: string;
      /** How the line that counts was entered by an organizer (代录, 更正, 作废), or null: the judge's own. */
      mark: OrganizerMark | null;
      revisions: RevisionDto[];
    }[];
    /** Every sign-off given on the talk (计分员, 复核员, 监督员), oldest first, for the review and the printed report. */
    signoffs: SignoffView[];
    /** Declared rank honesty: marked on the screens as within scoring error of the next talk listed (差异在评分误差内). */
    tiedWithNext: boolean;
  }[];
}

/** GET /api/events/:id/rounds/:roundId/results. */
export interface RoundResultsDto {
  roundId: string;
  topic: string;
  presenters: PresenterDto[];
  /** The engine's result: every judge's line, the arithmetic and the trace of each revealed talk, and the ranking. */
  result: RoundResult;
}

/** The overall standings over the revealed talks (GET /api/events/:id/standings), with who the presenters are. */
export type StandingsDto = Standings & { presenters: PresenterDto[] };

/**
 * 扫码验真 (GET /api/verify/events/:eventId/rounds/:roundId, public): what a signed report's QR code
 * opens. The round's revealed results recomputed now from the stored scores, to compare line by
 * line with the paper, and the audit chain head printed on it, checked against the chain.
 */
export interface VerificationDto {
  eventName: string;
  topic: string;
  lecturer: string;
  rule: ScoringRule;
  /** Revealed talks in speaking order, each judge by seat (as the big screen showed them). */
  talks: {
    position: number;
    presenter: PresenterDto;
    final: string | null;
    rank: number | null;
    tied: boolean;
    judges: { seat: string; total: string | null; status: JudgeStatus }[];
  }[];
  /** The head printed on the paper, if the QR code carried one: does the chain still hold it, intact? (An admin's `podium audit verify` says why not.) */
  printed: { anchor: AuditAnchor; holds: boolean } | null;
  /** The chain's head now (records after the printed one are later changes: corrections, other rounds). */
  auditHead: AuditAnchor | null;
  checkedAt: string;
}

/** 每月一排名 (GET /api/series?events=…): each unit's rank and result per event, in the order given, and its trend. */
export type SeriesDto = SeriesEntry[];

/**
 * The red and grey board set up on an event (PUT, POST …/reveal-next, …/reveal-all): every row,
 * for the organizer's console (the screens get the revealed ones only), and the event's version.
 */
export interface SeriesBoardDto {
  version: number;
  board: SeriesBoard | null;
}

/** The audit heads every export carries: the event's chain and the global one (accounts, sign-ins). */
export interface AuditHeadsDto {
  auditHead: AuditAnchor | null;
  globalAuditHead: AuditAnchor | null;
}

/** The statistics report (GET /api/events/:id/report), with the audit heads it was computed under. */
export type ReportDto = Report & AuditHeadsDto;

/** A problem in an imported workbook, where the organizer will look for it. */
export interface WorkbookProblemDto {
  sheet: string;
  /** The row in the sheet (1 is the header), or null for the workbook as a whole. */
  row: number | null;
  column: string | null;
  /** What is wrong, for the client to word in the user's language with `params`. */
  kind: ImportProblemKind;
  params: Record<string, string | number>;
  /** The same in plain English (API users, logs). */
  message: string;
}

/**
 * What importing a filled setup template did, or would do (a preview keeps nothing). An import
 * with problems keeps nothing either, and is refused (400 invalid_import) naming each.
 */
export interface SetupImportDto {
  applied: boolean;
  counts: { criteria: number; groups: number; judges: number; presenters: number; topics: number; talks: number };
  problems: WorkbookProblemDto[];
  /** The imported judges with their links (an import applied); GET …/judges/links gives them again. */
  judges: JudgeWithLinkDto[];
}

/**
 * The remote viewer page of an event (GET /api/viewer-link/:code, public): what the big screen's
 * 扫码观看直播 QR code opens and the console offers to copy, on the server's public URL (see ServerInfoDto).
 */
export interface ViewerLinkDto {
  code: string;
  url: string;
}

/**
 * Where judge links and QR codes point (GET /api/server): PODIUM_PUBLIC_URL (`configured`), this
 * machine's address on the network (`detected`), or `localhost`, which no tablet can reach.
 */
export interface ServerInfoDto {
  publicUrl: string;
  publicUrlSource: 'configured' | 'detected' | 'localhost';
  /** This machine's other addresses: when the detected one is not the venue's network, one of these may be. */
  otherAddresses: string[];
}

/** One progress report on a commitment (落实进展), oldest first; by the organizer or the unit's link. */
export interface CommitmentUpdateDto {
  id: string;
  status: CommitmentStatus;
  progress: string;
  evidence: string;
  /** The date the progress is as of; for `done`, the date of delivery (YYYY-MM-DD). */
  reportedOn: string;
  by: 'organizer' | 'unit';
  createdAt: string;
}

/** A talk commitments can be recorded for (once it has been presented). */
export interface CommitmentTalkDto {
  presentationId: string;
  roundId: string;
  roundPosition: number;
  topic: string;
  order: number;
  unit: string;
  presenterTitle: string;
  presenterName: string;
  presented: boolean;
}

/** A commitment (承诺) made after a talk, with its follow-up as of the day asked (`asOf`). */
export interface CommitmentDto extends Omit<CommitmentTalkDto, 'presented'> {
  id: string;
  eventId: string;
  eventName: string;
  text: string;
  owner: string;
  dueOn: string;
  /** The latest update's status; null before any. */
  status: CommitmentStatus | null;
  followUp: FollowUp;
  /** The delivery date (the latest update's, when it says done). */
  doneOn: string | null;
  updates: CommitmentUpdateDto[];
  by: 'organizer' | 'unit';
  createdAt: string;
}

/** How many commitments there are and where they stand (done counts those done late too). */
export interface CommitmentTallyDto {
  total: number;
  done: number;
  doneLate: number;
  open: number;
  overdue: number;
}

/**
 * An event's commitments (GET /api/events/:id/commitments?asOf=YYYY-MM-DD) and the follow-up board:
 * counts per unit and per topic as of `asOf` (by default today in `timeZone`, PODIUM_TIME_ZONE).
 */
export interface CommitmentsDto {
  eventId: string;
  eventName: string;
  /** A locked event keeps its commitments as recorded; their progress stays open to updates. */
  locked: boolean;
  asOf: string;
  timeZone: string;
  talks: CommitmentTalkDto[];
  commitments: CommitmentDto[];
  total: CommitmentTallyDto;
  byUnit: (CommitmentTallyDto & { unit: string })[];
  byRound: (CommitmentTallyDto & { roundId: string; roundPosition: number; topic: string })[];
}

/** A unit's secret follow-up link for an event (/unit/<token>); `link` null: none issued, or revoked. */
export interface UnitLinkDto {
  unit: string;
  link: string | null;
  issuedAt: string | null;
}

/**
 * What a unit's link opens (GET /api/unit/:token): the unit's commitments from every event of the
 * same organizer (newest event first), the talks of this event it may record commitments for.
 */
export type UnitFollowUpDto = Omit<CommitmentsDto, 'byUnit' | 'byRound'> & { unit: string };

/**
 * For the report (GET /api/events/:id/commitments/delivery): per unit of this event, how it
 * delivered what it committed to in the same organizer's earlier events.
 */
export interface CommitmentDeliveryDto {
  asOf: string;
  timeZone: string;
  units: (CommitmentTallyDto & { unit: string; events: number; commitments: CommitmentDto[] })[];
}
