import { describe, expect, it } from 'vitest';
import type { BallotCardDto, BallotScreenView } from '@contracts';
import {
  ballotTotal,
  cardMaximum,
  cardProblem,
  defaultCard,
  defaultLevels,
  latestTally,
  quickMarks,
  shownBallot,
  shownMean,
  stepMark,
  validMark,
} from './ballot-card.js';

const points = (max = '20', step = '1', n = 5): BallotCardDto => ({ ...defaultCard(['a', 'b', 'c', 'd', 'e'].slice(0, n)), max, step });
const levels: BallotCardDto = {
  indicators: ['内容', '讲授', '收获'],
  scale: 'levels',
  max: null,
  step: null,
  levels: defaultLevels(['很满意', '满意', '基本满意', '不满意']),
};
const tally = (pollId: string, changes: number, extra: Partial<BallotScreenView> = {}): BallotScreenView => ({
  pollId,
  title: '专题一',
  state: 'open',
  display: 'turnout',
  eligible: 100,
  ballots: changes,
  result: null,
  changes,
  ...extra,
});

describe('ballot card', () => {
  it('adds the marks exactly, as decimal text', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004.
    expect(ballotTotal(['0.1', '0.2'], points('1', '0.1', 2))).toBe('0.3');
    expect(ballotTotal(['19.5', '18', '20', '17.5', '16.5'], points('20', '0.5'))).toBe('91.5');
    expect(ballotTotal(['100', '80', '60'], levels)).toBe('240');
  });

  it('has no total until every indicator holds a mark the card allows', () => {
    expect(ballotTotal(['20', '20', '20', '20', null], points())).toBeNull();
    expect(ballotTotal(['20', '20', '20', '20', '21'], points())).toBeNull();
    expect(ballotTotal(['20', '20', '20', '20', '19.5'], points())).toBeNull();
    expect(ballotTotal(['100', '70', '60'], levels)).toBeNull();
    expect(ballotTotal(['20', '20'], points())).toBeNull();
    expect(validMark('80.0', levels)).toBe(true);
  });

  it('steps within 0…max, starting near the top', () => {
    const card = points('20', '0.5');
    expect(stepMark(null, card, 1)).toBe('20');
    expect(stepMark(null, card, -1)).toBe('19.5');
    expect(stepMark('20', card, 1)).toBe('20');
    expect(stepMark('0', card, -1)).toBe('0');
    expect(stepMark('0.5', card, -1)).toBe('0');
  });

  it('offers quick marks in the upper half, on the step, highest first', () => {
    expect(quickMarks(points())).toEqual(['20', '18', '16', '14', '12', '10']);
    expect(quickMarks(points('5'))).toEqual(['5', '4', '3', '2', '1', '0']);
    expect(quickMarks(points('6', '2'))).toEqual(['6', '4', '2', '0']);
    expect(quickMarks(points('10', '0.5'))).toEqual(['10', '9', '8', '7', '6', '5']);
  });

  it('knows the highest total', () => {
    expect(cardMaximum(points())).toBe('100');
    expect(cardMaximum(levels)).toBe('300');
  });

  it('says what is wrong with a card being edited', () => {
    expect(cardProblem(points())).toBeNull();
    expect(cardProblem(levels)).toBeNull();
    expect(cardProblem({ ...points(), indicators: [] })).toBe('no_indicator');
    expect(cardProblem({ ...points(), indicators: ['a', ' '] })).toBe('empty_indicator');
    expect(cardProblem({ ...points(), indicators: ['a', 'a '] })).toBe('duplicate_indicator');
    expect(cardProblem(points('20', '3'))).toBe('bad_range');
    expect(cardProblem(points('x'))).toBe('bad_range');
    expect(cardProblem({ ...levels, levels: levels.levels.slice(0, 1) })).toBe('few_levels');
    expect(cardProblem({ ...levels, levels: [...levels.levels, { label: '一般', value: '80.0' }] })).toBe('bad_level');
    expect(cardProblem({ ...levels, levels: [...levels.levels, { label: '满意', value: '70' }] })).toBe('bad_level');
    expect(cardProblem({ ...levels, levels: [...levels.levels, { label: '一般', value: '-1' }] })).toBe('bad_level');
    // As the server takes them: at most 2 decimals, 10 indicators, 7 levels.
    expect(cardProblem(points('20', '0.125'))).toBe('bad_range');
    expect(cardProblem(points('20', '0.25'))).toBeNull();
    expect(cardProblem({ ...points(), indicators: Array.from({ length: 11 }, (_, i) => `第${i}项`) })).toBe('too_many');
  });

  it('shows a mean with two decimals, rounded half up', () => {
    expect(shownMean('17.335')).toBe('17.34');
    expect(shownMean('18')).toBe('18.00');
    expect(shownMean(null)).toBe('—');
  });
});

describe('tallies', () => {
  it('keeps the tally with the most changes for the same poll, whatever order they arrive in', () => {
    const a = tally('p1', 5);
    const b = tally('p1', 7);
    expect(latestTally(latestTally(null, a), b)).toBe(b);
    expect(latestTally(latestTally(null, b), a)).toBe(b);
    // A tie keeps the one held.
    expect(latestTally(b, tally('p1', 7))).toBe(b);
    // Another poll's tally replaces it.
    const other = tally('p2', 1);
    expect(latestTally(b, other)).toBe(other);
  });

  it('brings the view up to date, never past what the view has taken off the screens', () => {
    const inView = tally('p1', 5);
    const newer = tally('p1', 9);
    expect(shownBallot(inView, newer)).toEqual(newer);
    expect(shownBallot(tally('p1', 10, { display: 'result' }), newer)).toMatchObject({ changes: 10, display: 'result' });
    expect(shownBallot(null, newer)).toBeNull();
    expect(shownBallot(tally('p2', 0), newer)).toMatchObject({ pollId: 'p2' });
  });

  it('never shows a result the view has taken off, though a tally read before it carries one', () => {
    const result = { ballots: 9, indicators: [], meanTotal: '88', distribution: [] };
    // The organizer went back from the result to the turnout; a tally read just before comes later, with more ballots.
    const late = tally('p1', 12, { display: 'result', result });
    expect(shownBallot(tally('p1', 10, { display: 'turnout' }), late)).toMatchObject({ changes: 12, display: 'turnout', result: null });
    expect(shownBallot(tally('p1', 10, { display: 'result', result }), late)).toMatchObject({ changes: 12, result });
  });
});
