// Part of npm run bench: what one change of an event costs the live channel (the public view and
// every judge's view), for a show of Huanggang's size and for an event at the setup limits.
import { performance } from 'node:perf_hooks';
import type { EventState } from '../../src/state/event-state.js';
import { controlView, judgeView, screenView } from '../../src/live/views.js';
import { boardTies, computeEvent, DEFAULT_RANK_HONESTY, DEFAULT_RULE, DEFAULT_STANDINGS, type TieMarks } from '../../src/scoring/index.js';
import { toDocument } from '../../src/state/event-document.js';
import { publishedDigest } from '../../src/state/round-results.js';
import { EVENT_LIMITS } from '../../src/model/event-limits.js';

/** `tag` names its score rows: events of other tags share no remembered result. */
function playedEvent(size: { rounds: number; talksPerRound: number; judges: number; criteria: number }, tag = ''): EventState {
  const at = new Date(Date.UTC(2026, 11, 1, 9));
  const criteria = Array.from({ length: size.criteria }, (_, i) => ({
    id: `c${i}`,
    position: i + 1,
    name: `评分项${i + 1}`,
    minScore: '0',
    maxScore: '10',
    step: '0.5',
    weight: '1',
  }));
  const judges = Array.from({ length: size.judges }, (_, i) => ({
    id: `j${i}`,
    displayName: `评委${i}`,
    seatLabel: `J${i}`,
    groupId: null,
    conflictUnits: [] as string[],
    linkActive: true,
  }));
  const presenters = Array.from({ length: size.talksPerRound }, (_, i) => ({ id: `p${i}`, name: '', title: '县委书记', unit: `单位${i}` }));
  const rounds = Array.from({ length: size.rounds }, (_, r) => ({
    id: `r${r}`,
    position: r + 1,
    topic: `专题${r + 1}`,
    lecturer: '',
    status: (r === size.rounds - 1 ? 'live' : 'done') as 'live' | 'done',
    kind: 'contest' as const,
    drawSeed: null,
  }));
  const presentations = rounds.flatMap((round) =>
    presenters.map((p, i) => ({
      id: `${round.id}-${p.id}`,
      roundId: round.id,
      presenterId: p.id,
      position: i + 1,
      timeLimitSeconds: 300,
      // The last talk of the live round is being scored; everything before it is revealed.
      state: (round.status === 'live' && i === presenters.length - 1 ? 'scoring_open' : 'revealed') as 'revealed' | 'scoring_open',
      onStageAt: at,
      scoringOpenedAt: at,
      scoringClosedAt: at,
      revealedAt: at,
      noResultAt: null,
      noResultReason: null,
    })),
  );
  let n = 0;
  const scores = presentations.flatMap((p) =>
    judges.map((j) => {
      const values = criteria.map((c) => ({ criterionId: c.id, value: String(5 + ((n++ * 7) % 10) / 2) }));
      return {
        id: `${tag}s${n}`,
        presentationId: p.id,
        judgeId: j.id,
        revision: 1,
        total: String(values.reduce((a, v) => a + Number(v.value) * 2, 0) / 2),
        createdAt: at,
        values,
      };
    }),
  );
  return {
    event: {
      id: 'e',
      name: '专题学习会',
      publicCode: 'ABCD2345',
      ownerId: 'o',
      rule: DEFAULT_RULE,
      standings: DEFAULT_STANDINGS,
      screenMode: 'stage',
      screenRoundId: null,
      seriesBoard: null,
      defaultTimeLimitSeconds: 300,
      requiredSignoffs: [],
      rankHonesty: null,
      tieMarks: null,
      lockedAt: null,
      version: 1,
    },
    ballot: null,
    groups: [],
    signers: [],
    signoffs: [],
    audience: { cardMax: null, ballots: [] },
    entries: [],
    criteria,
    judges,
    presenters,
    rounds,
    presentations,
    scores,
  };
}

/** A judge's score arrives: the same event with one more score in the talk being scored (a new state object, as after a commit). */
function afterOneScore(state: EventState): EventState {
  const live = state.presentations.find((p) => p.state === 'scoring_open')!;
  return {
    ...state,
    event: { ...state.event, version: state.event.version + 1 },
    scores: state.scores.map((s) => (s.presentationId === live.id && s.judgeId === state.judges[0].id ? { ...s, revision: 2 } : s)),
  };
}

function publishCost(state: EventState): number {
  const start = performance.now();
  const publicView = screenView(state);
  const mid = performance.now();
  controlView(state, publicView);
  for (const judge of state.judges) judgeView(state, judge.id, publicView);
  if (process.env.BENCH_DETAIL)
    console.log(`  public view ${(mid - start).toFixed(0)} ms, control and judge views ${(performance.now() - mid).toFixed(0)} ms`);
  return performance.now() - start;
}

const sizes = {
  'Huanggang (7 topics × 10 talks, 12 judges, 4 criteria)': { rounds: 7, talksPerRound: 10, judges: 12, criteria: 4 },
  [`setup limits (${EVENT_LIMITS.rounds} topics × ${Math.floor(EVENT_LIMITS.presentations / EVENT_LIMITS.rounds)} talks, ${EVENT_LIMITS.judges} judges, ${EVENT_LIMITS.criteria} criteria)`]:
    {
      rounds: EVENT_LIMITS.rounds,
      talksPerRound: Math.floor(EVENT_LIMITS.presentations / EVENT_LIMITS.rounds),
      judges: EVENT_LIMITS.judges,
      criteria: EVENT_LIMITS.criteria,
    },
};
/**
 * The same event with rank honesty declared and its marks stored for the results published now
 * (every neighbour marked: what the views do with marks does not depend on which are tied).
 */
function withTieMarks(state: EventState): EventState {
  const declared: EventState = { ...state, event: { ...state.event, rankHonesty: DEFAULT_RANK_HONESTY } };
  const { rounds, standings } = computeEvent(toDocument(declared, { revealedOnly: true }));
  const pairs = (ids: string[]): [string, string][] => ids.slice(1).map((lower, i) => [ids[i], lower]);
  const tieMarks: TieMarks = {
    digest: publishedDigest(declared),
    honesty: DEFAULT_RANK_HONESTY,
    rounds: Object.fromEntries(rounds.map((r) => [r.roundId, pairs(r.result.presentations.map((p) => p.presentationId))])),
    standings: pairs(standings.entries.map((e) => e.presenterId)),
  };
  return { ...declared, event: { ...declared.event, tieMarks } };
}

for (const [label, size] of Object.entries(sizes)) {
  for (const [variant, state] of [
    ['', playedEvent(size)],
    [', rank honesty on', withTieMarks(playedEvent(size, 'h'))],
  ] as const) {
    const first = publishCost(state);
    const next = publishCost(afterOneScore(state));
    console.log(
      `one change, every view: ${label}${variant}`.padEnd(96),
      `first ${first.toFixed(0).padStart(6)} ms · after a score ${next.toFixed(0).padStart(6)} ms`,
    );
  }
}

// Rank honesty's marks themselves: computed on the reports' worker after a reveal or a correction, never on the live path.
{
  const state = playedEvent(sizes['Huanggang (7 topics × 10 talks, 12 judges, 4 criteria)']);
  const start = performance.now();
  boardTies(toDocument(state, { revealedOnly: true }), DEFAULT_RANK_HONESTY);
  console.log(
    `rank honesty marks (worker, off the live path): Huanggang, ${DEFAULT_RANK_HONESTY.resamples} resamples`.padEnd(96),
    `${(performance.now() - start).toFixed(0).padStart(6)} ms`,
  );
}
