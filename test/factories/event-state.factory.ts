import type { EventState } from '../../src/state/event-state.js';
import { DEFAULT_RULE, DEFAULT_STANDINGS } from '../../src/scoring/index.js';
import type { PresentationState } from '../../src/model/show-state-machine.js';

/** A small event as plain data: one live round, presenters by unit, judges by seat, and scores by seat. */
export function eventStateFactory(options: {
  units?: string[];
  judges?: { seat: string; conflicts?: string[] }[];
  states?: PresentationState[];
  scores?: { unit: string; seat: string; total: string; revision?: number }[];
  entries?: {
    unit: string;
    seat: string;
    mark: EventState['entries'][number]['mark'];
    reason?: string;
    at?: Date;
    afterReveal?: boolean;
  }[];
}): EventState {
  const units = options.units ?? ['红安县'];
  const judges = (options.judges ?? [{ seat: 'A1' }, { seat: 'A2' }, { seat: 'A3' }]).map((j) => ({
    id: `judge-${j.seat}`,
    displayName: `评委${j.seat}`,
    seatLabel: j.seat,
    groupId: null,
    conflictUnits: j.conflicts ?? [],
    linkActive: true,
  }));
  const presenters = units.map((unit) => ({ id: `presenter-${unit}`, name: '', title: '县委书记', unit }));
  const presentations = units.map((unit, i) => ({
    id: `presentation-${unit}`,
    roundId: 'round-1',
    presenterId: `presenter-${unit}`,
    position: i + 1,
    timeLimitSeconds: 300,
    state: options.states?.[i] ?? 'pending',
    onStageAt: null,
    scoringOpenedAt: null,
    scoringClosedAt: null,
    revealedAt: options.states?.[i] === 'revealed' ? new Date(Date.UTC(2026, 10, 22, 9, i)) : null,
    noResultAt: options.states?.[i] === 'no_result' ? new Date(Date.UTC(2026, 10, 22, 9, i)) : null,
    noResultReason: options.states?.[i] === 'no_result' ? '评委全部回避' : null,
  }));
  return {
    event: {
      id: 'event-1',
      name: '专题学习会',
      publicCode: 'ABCD2345',
      ownerId: 'organizer-1',
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
    criteria: [{ id: 'criterion-1', position: 1, name: '总分', minScore: '0', maxScore: '100', step: '0.5', weight: '1' }],
    judges,
    presenters,
    rounds: [{ id: 'round-1', position: 1, topic: '专题一', lecturer: '市委常委', status: 'live', kind: 'contest', drawSeed: null }],
    presentations,
    signers: [],
    signoffs: [],
    audience: { cardMax: null, ballots: [] },
    entries: (options.entries ?? []).map((e) => ({
      presentationId: `presentation-${e.unit}`,
      judgeId: `judge-${e.seat}`,
      mark: e.mark,
      reason: e.reason ?? '评委口头更正',
      at: e.at ?? new Date(Date.UTC(2026, 10, 22, 10, 0)),
      afterReveal: e.afterReveal ?? false,
    })),
    scores: (options.scores ?? []).map((s, i) => ({
      id: `score-${i}`,
      presentationId: `presentation-${s.unit}`,
      judgeId: `judge-${s.seat}`,
      revision: s.revision ?? 1,
      total: s.total,
      createdAt: new Date(Date.UTC(2026, 10, 22, 9, 0, i)),
      values: [{ criterionId: 'criterion-1', value: s.total }],
    })),
  };
}
