import { chineseOrder } from '../common/collation.js';
import { computeRoundOf, currentScores, eligibleJudges, presenterOf, publishedResults, roundResult } from '../state/round-results.js';
import { signoffViews, talkSignoffs } from '../state/signoffs.js';
import { calibrationFeedback, type PresentationResult, type RoundResult } from '../scoring/index.js';
import { currentTieMarks, tiedWithNext } from '../state/tie-marks.js';
import { ACTIVE_STATES } from '../model/show-state-machine.js';
import { type EventIndex, indexOf } from '../state/event-index.js';
import type { EventState } from '../state/event-state.js';
import { judgeScoredFrom } from '../state/event-transition.js';
import type {
  CorrectionNoticeView,
  ControlView,
  EventHeaderView,
  JudgeView,
  PresentationResultView,
  PresenterView,
  ProgressView,
  PublishedCorrectionView,
  RoundBoardView,
  ScreenView,
  SeriesBoardView,
  SignerTalkView,
  SignerView,
  SignoffStatusView,
  StageView,
} from '../contracts/live.js';
import { revealedRows } from '../scoring/index.js';

type Presentation = EventState['presentations'][number];

const iso = (date: Date | null) => date?.toISOString() ?? null;
const isContest = (state: EventState, p: Presentation) => indexOf(state).rounds.get(p.roundId)?.kind === 'contest';
const bySeat = (a: { seatLabel: string }, b: { seatLabel: string }) => chineseOrder.compare(a.seatLabel, b.seatLabel);

function presenterView(state: EventState, presentation: Presentation): PresenterView {
  const { id, name, title, unit } = presenterOf(state, presentation);
  return { id, name, title, unit };
}

/** When a talk ended: its reveal, or its closing with no result. */
const concludedAt = (p: Presentation) => (p.revealedAt ?? p.noResultAt)?.getTime() ?? null;

/** The talk the hall is looking at: the one on stage or being scored, else the last one concluded in the live round. */
function currentPresentation(state: EventState): Presentation | null {
  const active = state.presentations.find((p) => ACTIVE_STATES.includes(p.state));
  if (active) return active;
  const live = state.rounds.find((r) => r.status === 'live');
  let last: Presentation | null = null;
  for (const p of state.presentations) {
    const at = concludedAt(p);
    if (p.roundId === live?.id && at !== null && (last === null || at > concludedAt(last)!)) last = p;
  }
  return last;
}

function currentRound(state: EventState, presentation: Presentation | null): EventState['rounds'][number] | null {
  if (presentation) return indexOf(state).rounds.get(presentation.roundId) ?? null;
  return state.rounds.find((r) => r.status === 'live') ?? state.rounds.filter((r) => r.status === 'done').at(-1) ?? null;
}

function header(state: EventState): EventHeaderView {
  const { id, name, publicCode, lockedAt, rule, rankHonesty } = state.event;
  return { id, name, publicCode, locked: lockedAt !== null, rule, rankHonesty };
}

function stage(state: EventState, presentation: Presentation | null): StageView {
  const round = currentRound(state, presentation);
  return {
    round: round && {
      id: round.id,
      position: round.position,
      topic: round.topic,
      lecturer: round.lecturer,
      status: round.status,
      kind: round.kind,
    },
    presentation: presentation && {
      id: presentation.id,
      roundId: presentation.roundId,
      position: presentation.position,
      presenter: presenterView(state, presentation),
      state: presentation.state,
      timeLimitSeconds: presentation.timeLimitSeconds,
      onStageAt: iso(presentation.onStageAt),
      scoringOpenedAt: iso(presentation.scoringOpenedAt),
    },
  };
}

function progress(state: EventState, presentation: Presentation | null): ProgressView | null {
  if (!presentation || presentation.state === 'pending' || presentation.state === 'on_stage') return null;
  const eligible = [...eligibleJudges(state, presentation)].sort(bySeat);
  const scored = new Set(currentScores(state, presentation.id).map((s) => s.judgeId));
  const seats = eligible.filter((j) => scored.has(j.id));
  const entries = indexOf(state).entriesByPresentation.get(presentation.id);
  return {
    presentationId: presentation.id,
    scored: seats.length,
    eligible: eligible.length,
    scoredSeats: seats.map((j) => j.seatLabel),
    eligibleSeats: eligible.map((j) => j.seatLabel),
    entries: eligible.flatMap((j) => {
      const mark = entries?.get(j.id)?.mark;
      return mark ? [{ seatLabel: j.seatLabel, mark }] : [];
    }),
  };
}

/** Organizer entries made after the talk was revealed, oldest first: each one corrected a published result (更正). */
function publishedCorrections(state: EventState, presentationId: string): PublishedCorrectionView[] {
  const index = indexOf(state);
  return [...(index.entriesByPresentation.get(presentationId)?.values() ?? [])]
    .filter((e) => e.afterReveal)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ seatLabel: index.judges.get(e.judgeId)!.seatLabel, mark: e.mark, reason: e.reason, at: e.at.toISOString() }));
}

function resultView(state: EventState, result: PresentationResult): PresentationResultView {
  const index = indexOf(state);
  const presentation = index.presentations.get(result.presentationId)!;
  const entries = index.entriesByPresentation.get(result.presentationId);
  const scores = result.judges
    .map((line) => {
      const judge = index.judges.get(line.judgeId)!;
      const groupName = judge.groupId ? (index.groupNames.get(judge.groupId) ?? null) : null;
      return {
        judgeId: line.judgeId,
        seatLabel: line.label,
        groupName,
        total: line.total,
        status: line.status,
        entry: entries?.get(line.judgeId)?.mark ?? null,
      };
    })
    .sort(bySeat);
  return {
    presentationId: result.presentationId,
    presenter: presenterView(state, presentation),
    scores,
    applied: result.applied,
    fellBack: result.fellBack,
    provisional: result.provisional,
    final: result.rounded,
    rank: result.rank,
    sharedWith: result.sharedWith,
    trace: result.trace,
    corrections: publishedCorrections(state, result.presentationId),
  };
}

function board(
  state: EventState,
  round: EventState['rounds'][number] | null,
): { board: RoundBoardView | null; result: RoundResult | null } {
  // A calibration round (试评) has no board: nothing of it is published.
  if (!round || round.kind !== 'contest') return { board: null, result: null };
  const result = roundResult(state, round.id, true);
  const shown = result.presentations.filter((p) => p.status === 'result');
  const ties = tiedWithNext(
    shown.map((p) => p.presentationId),
    currentTieMarks(state)?.rounds[round.id],
  );
  const entries = shown.map((p, i) => ({
    presentationId: p.presentationId,
    presenter: presenterView(state, indexOf(state).presentations.get(p.presentationId)!),
    final: p.rounded!,
    rank: p.rank!,
    provisional: p.provisional.length > 0,
    corrected: publishedCorrections(state, p.presentationId).length > 0,
    tiedWithNext: ties[i],
  }));
  return { board: { roundId: round.id, topic: round.topic, entries }, result };
}

function standingsView(state: EventState): ScreenView['standings'] {
  const { rounds, standings } = publishedResults(state);
  const { presenters, presentations } = indexOf(state);
  const correctedPresenters = new Set(
    state.entries.filter((e) => e.afterReveal).map((e) => presentations.get(e.presentationId)!.presenterId),
  );
  const shown = standings.entries.filter((e) => e.rounds.some((r) => r.result !== null));
  const ties = tiedWithNext(
    shown.map((e) => e.presenterId),
    currentTieMarks(state)?.standings,
  );
  return shown.map((e, i) => {
    const { id, name, title, unit } = presenters.get(e.presenterId)!;
    return {
      presenter: { id, name, title, unit },
      final: e.rounded,
      rank: e.rank,
      rounds: rounds.map((r) => ({
        roundId: r.roundId,
        topic: r.topic,
        result: e.rounds.find((x) => x.roundId === r.roundId)?.result ?? null,
      })),
      corrected: correctedPresenters.has(e.presenterId),
      tiedWithNext: ties[i],
    };
  });
}

/** The latest correction of a published result, with the talk's result and rank as they stand now. */
function correctionNotice(state: EventState): CorrectionNoticeView | null {
  const latest = state.entries.filter((e) => e.afterReveal).sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (!latest) return null;
  const index = indexOf(state);
  const presentation = index.presentations.get(latest.presentationId)!;
  const result = roundResult(state, presentation.roundId, true).presentations.find((p) => p.presentationId === presentation.id);
  return {
    presentationId: presentation.id,
    roundTopic: index.rounds.get(presentation.roundId)!.topic,
    presenter: presenterView(state, presentation),
    seatLabel: index.judges.get(latest.judgeId)!.seatLabel,
    mark: latest.mark,
    reason: latest.reason,
    at: latest.at.toISOString(),
    final: result?.rounded ?? null,
    rank: result?.rank ?? null,
  };
}

const screenViews = new WeakMap<EventState, ScreenView>();

/**
 * What every public screen sees. Scores stay sealed until the reveal: before it, only how many
 * judges have scored and their seats, never a value. Computed once per state. A judge's own score
 * for the talk being scored changes only the sealed progress (the talk is not revealed, so no
 * published result, board or standing depends on it): after one, only that is computed again.
 */
export function screenView(state: EventState): ScreenView {
  let view = screenViews.get(state);
  if (!view) {
    const scored = judgeScoredFrom(state);
    // Scores written together share a version: the states between them were never published, so
    // their views are derived here the same way, one progress at a time.
    const before =
      scored &&
      (screenViews.get(scored.before) ?? (scored.before.event.version === state.event.version ? screenView(scored.before) : undefined));
    view = before ? { ...before, progress: progress(state, currentPresentation(state)) } : computeScreenView(state);
    screenViews.set(state, view);
  }
  return view;
}

/** The public view computed from the whole state. */
export function computeScreenView(state: EventState): ScreenView {
  const presentation = currentPresentation(state);
  const stageView = stage(state, presentation);
  // The board of the topic the organizer chose for the screens, else of the current topic.
  const chosen =
    state.event.screenMode === 'round_board' && state.event.screenRoundId
      ? indexOf(state).rounds.get(state.event.screenRoundId)
      : undefined;
  const { board: boardView, result } = board(state, chosen ?? currentRound(state, presentation));
  const { result: current } = chosen ? board(state, currentRound(state, presentation)) : { result };
  const revealed =
    presentation?.state === 'revealed' ? current?.presentations.find((p) => p.presentationId === presentation.id) : undefined;
  const view: ScreenView = {
    role: 'screen',
    event: header(state),
    mode: state.event.screenMode,
    standings: standingsView(state),
    stage: stageView,
    progress: progress(state, presentation),
    reveal: revealed ? resultView(state, revealed) : null,
    board: boardView,
    correction: correctionNotice(state),
    seriesBoard: seriesBoardView(state),
    ballot: state.ballot,
  };
  return boardUnfinished(state) ? { ...view, standings: [], board: null, reveal: null, correction: null } : view;
}

/**
 * The red and grey board on the screens, some of its rows still hidden: no other ranking leaves the
 * server meanwhile (the host event's standings or its last reveal would give the order away).
 */
function boardUnfinished(state: EventState): boolean {
  const board = state.event.seriesBoard;
  return state.event.screenMode === 'red_grey_board' && board !== null && board.revealed < board.rows.length;
}

/** The red and grey board as every screen may see it: the revealed rows only. */
function seriesBoardView(state: EventState): SeriesBoardView | null {
  const board = state.event.seriesBoard;
  if (!board) return null;
  const shown = revealedRows(board);
  const first = board.rows.length - shown.length;
  return {
    title: board.title,
    events: board.eventIds.length,
    red: board.red,
    grey: board.grey,
    total: board.rows.length,
    revealed: shown.length,
    redRows: board.rows.filter((r) => r.zone === 'red').length,
    greyRows: board.rows.filter((r) => r.zone === 'grey').length,
    honesty: board.honesty ?? null,
    rows: shown.map((row, i) => ({ ...row, position: first + i })),
  };
}

/**
 * A judge's tablet: the public view, the rubric, and this judge's own scores for the current
 * round's talks only (the round being run, else the last one run, else the first): what the tablet can score.
 */
export function judgeView(state: EventState, judgeId: string, publicView: ScreenView = screenView(state)): JudgeView {
  const index = indexOf(state);
  const judge = index.judges.get(judgeId);
  if (!judge) throw new Error(`judge ${judgeId} is not in event ${state.event.id}`);
  const { role: _role, ...shared } = publicView;
  return {
    ...shared,
    role: 'judge',
    me: {
      judgeId: judge.id,
      displayName: judge.displayName,
      seatLabel: judge.seatLabel,
      groupName: (judge.groupId && index.groupNames.get(judge.groupId)) ?? null,
    },
    criteria: criteriaView(state),
    presentations: judgePresentations(state, judge),
    calibration: calibrationView(state, judge.id),
  };
}

const NO_CALIBRATION: JudgeView['calibration'] = [];

/**
 * A judge's private feedback on the released sample talks of the current round, when it is a
 * calibration round (试评). Computed from the full state: the other judges' marks never leave the server.
 */
function calibrationView(state: EventState, judgeId: string): JudgeView['calibration'] {
  const round = currentRound(state, currentPresentation(state)) ?? state.rounds[0];
  if (round?.kind !== 'calibration') return NO_CALIBRATION;
  const index = indexOf(state);
  const criterionIds = state.criteria.map((c) => c.id);
  const released = index.programme.filter((p) => p.roundId === round.id && p.state === 'revealed');
  if (released.length === 0) return NO_CALIBRATION;
  return released.map((p) => ({
    presentationId: p.id,
    feedback: calibrationFeedback(currentScores(state, p.id), judgeId, criterionIds),
  }));
}

const criteriaViews = new WeakMap<EventState['criteria'], JudgeView['criteria']>();

/** The rubric as tablets get it: the same array for as long as the rubric is (so updates compare it by reference). */
function criteriaView(state: EventState): JudgeView['criteria'] {
  let view = criteriaViews.get(state.criteria);
  if (!view) {
    view = state.criteria.map(({ id, position, name, minScore, maxScore, step, weight }) => ({
      id,
      position,
      name,
      minScore,
      maxScore,
      step,
      weight,
    }));
    criteriaViews.set(state.criteria, view);
  }
  return view;
}

/** Each judge's list of talks as last built, per programme: kept while the judge's own scores and entries are the same. */
const presentationViews = new WeakMap<
  EventIndex['programme'],
  Map<string, { roundId: string | undefined; mine: unknown; marks: string; view: JudgeView['presentations'] }>
>();

/**
 * The current round's talks with this judge's own scores. Another judge's score leaves this list as
 * it was, the same array, so the judge's update does not even compare it.
 */
function judgePresentations(state: EventState, judge: EventState['judges'][number]): JudgeView['presentations'] {
  const index = indexOf(state);
  const mine = index.scoresByJudge.get(judge.id);
  const round = currentRound(state, currentPresentation(state)) ?? state.rounds[0];
  const talks = index.programme.filter((p) => p.roundId === round?.id);
  const marks = talks.map((p) => index.entriesByPresentation.get(p.id)?.get(judge.id)?.mark ?? '').join();
  let kept = presentationViews.get(index.programme);
  if (!kept) presentationViews.set(index.programme, (kept = new Map()));
  const last = kept.get(judge.id);
  if (last && last.roundId === round?.id && last.mine === mine && last.marks === marks) return last.view;
  const view = talks.map((p) => {
    const score = mine?.get(p.id);
    return {
      id: p.id,
      roundId: p.roundId,
      roundTopic: index.rounds.get(p.roundId)!.topic,
      position: p.position,
      presenter: presenterView(state, p),
      state: p.state,
      recused: judge.conflictUnits.includes(presenterOf(state, p).unit),
      myScore: score
        ? { revision: score.revision, total: score.total, values: score.values, receivedAt: score.createdAt.toISOString() }
        : null,
      entry: index.entriesByPresentation.get(p.id)?.get(judge.id)?.mark ?? null,
    };
  });
  kept.set(judge.id, { roundId: round?.id, mine, marks, view });
  return view;
}

/**
 * The organizer's control panel: the public view plus each judge's status for the talk on stage.
 * Values stay sealed here too, because a control laptop is often mirrored on the projector.
 */
export function controlView(state: EventState, publicView: ScreenView = screenView(state)): ControlView {
  const { role: _role, ...shared } = publicView;
  const presentation = currentPresentation(state);
  const eligible = new Set(presentation ? eligibleJudges(state, presentation).map((j) => j.id) : state.judges.map((j) => j.id));
  const revisions = new Map(presentation ? currentScores(state, presentation.id).map((s) => [s.judgeId, s.revision]) : []);
  const { groupNames: groups, entriesByPresentation } = indexOf(state);
  const entries = presentation ? entriesByPresentation.get(presentation.id) : undefined;
  const judges = [...state.judges].sort(bySeat).map((j) => {
    const revision = revisions.get(j.id);
    const entry = entries?.get(j.id)?.mark;
    return {
      judgeId: j.id,
      displayName: j.displayName,
      seatLabel: j.seatLabel,
      groupName: j.groupId ? (groups.get(j.groupId) ?? null) : null,
      linkActive: j.linkActive,
      status: !eligible.has(j.id)
        ? ('recused' as const)
        : (entry ?? (revision === undefined ? ('not_scored' as const) : revision > 1 ? ('amended' as const) : ('scored' as const))),
    };
  });
  return {
    ...shared,
    role: 'control',
    judges,
    signoffs: presentation && isContest(state, presentation) ? signoffStatusView(state, presentation) : null,
  };
}

/** The talk states in which sign-offs are given (scoring closed) and shown afterwards (revealed). */
const SIGNING_STATES: readonly Presentation['state'][] = ['scoring_closed', 'revealed'];

/**
 * Where the sign-offs of a talk stand, once its scoring is closed: for an event that requires
 * some, or a talk that has any. Who and when only, never a value: the console shows it.
 */
function signoffStatusView(state: EventState, presentation: Presentation): SignoffStatusView | null {
  if (!SIGNING_STATES.includes(presentation.state)) return null;
  const history = signoffViews(state, presentation.id);
  if (state.event.requiredSignoffs.length === 0 && history.length === 0) return null;
  const { roles, complete } = talkSignoffs(state, presentation.id);
  const byId = new Map(history.map((h) => [h.id, h]));
  return {
    presentationId: presentation.id,
    required: roles.map((r) => r.role),
    roles: roles.map((r) => ({ role: r.role, status: r.status, by: (r.by && byId.get(r.by.id)) ?? null })),
    complete,
    history,
  };
}

const signerTalks = new WeakMap<EventState, SignerTalkView | null>();

/**
 * The talk the signers check: the one whose scoring is closed (or just revealed), with every
 * judge's line and the engine's result as the reveal shows it. The same for every signer of the
 * event, so computed once per state.
 */
function signerTalk(state: EventState): SignerTalkView | null {
  if (signerTalks.has(state)) return signerTalks.get(state)!;
  const presentation = currentPresentation(state);
  let talk: SignerTalkView | null = null;
  // A calibration round (试评) is signed by nobody: its marks are each judge's private feedback.
  if (presentation && SIGNING_STATES.includes(presentation.state) && isContest(state, presentation)) {
    // Before the reveal: the result as revealing it now would compute it (its rank among the talks revealed so far).
    const supposed: EventState =
      presentation.state === 'revealed'
        ? state
        : { ...state, presentations: state.presentations.map((p) => (p.id === presentation.id ? { ...p, state: 'revealed' } : p)) };
    const round =
      presentation.state === 'revealed'
        ? roundResult(state, presentation.roundId, true)
        : computeRoundOf(supposed, presentation.roundId, true);
    const computed = round.presentations.find((p) => p.presentationId === presentation.id)!;
    const result = resultView(supposed, computed);
    const index = indexOf(state);
    const lines = new Map(currentScores(state, presentation.id).map((s) => [s.judgeId, s]));
    talk = {
      presentationId: presentation.id,
      roundTopic: index.rounds.get(presentation.roundId)!.topic,
      presenter: result.presenter,
      state: presentation.state,
      digest: talkSignoffs(state, presentation.id).digest,
      scores: result.scores.map((line) => ({
        ...line,
        displayName: index.judges.get(line.judgeId)!.displayName,
        values: line.total === null ? [] : (lines.get(line.judgeId)?.values ?? []),
      })),
      result,
      // An event that requires none still shows the signer the talk, with no role waited for.
      signoffs: signoffStatusView(state, presentation) ?? {
        presentationId: presentation.id,
        required: [],
        roles: [],
        complete: true,
        history: [],
      },
    };
  }
  signerTalks.set(state, talk);
  return talk;
}

/**
 * A signer's page (计分员, 复核员, 监督员): the public view, the rubric, and the talk whose scoring is
 * closed with every score and the computed result, sealed from every other screen until the reveal.
 */
export function signerView(state: EventState, signerId: string, publicView: ScreenView = screenView(state)): SignerView {
  const signer = indexOf(state).signers.get(signerId);
  if (!signer) throw new Error(`signer ${signerId} is not in event ${state.event.id}`);
  const { role: _role, ...shared } = publicView;
  return {
    ...shared,
    role: 'signer',
    me: { signerId: signer.id, displayName: signer.displayName, role: signer.role },
    criteria: criteriaView(state),
    talk: signerTalk(state),
  };
}
