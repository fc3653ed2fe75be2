import { eventStateFactory } from '../../test/factories/event-state.factory.js';
import type { EventState } from '../state/event-state.js';
import { publishedDigest } from '../state/round-results.js';
import { controlView, judgeView, screenView } from './views.js';

describe('live views', () => {
  const scoring = eventStateFactory({
    judges: [{ seat: 'A1' }, { seat: 'A2' }, { seat: 'A3' }, { seat: 'B1', conflicts: ['红安县'] }],
    states: ['scoring_open'],
    scores: [
      { unit: '红安县', seat: 'A1', total: '80.5' },
      { unit: '红安县', seat: 'A3', total: '88', revision: 2 },
    ],
  });

  it('shows screens how many eligible judges have scored and their seats, never a value', () => {
    const view = screenView(scoring);
    expect(view.progress).toEqual({
      presentationId: 'presentation-红安县',
      scored: 2,
      eligible: 3,
      scoredSeats: ['A1', 'A3'],
      eligibleSeats: ['A1', 'A2', 'A3'],
      entries: [],
    });
    expect(view.reveal).toBeNull();
    expect(JSON.stringify(view)).not.toMatch(/80\.5|"88"|total/);
  });

  it('shows a judge his or her own score only', () => {
    const view = judgeView(scoring, 'judge-A1');
    expect(view.presentations[0].myScore).toMatchObject({ total: '80.5', revision: 1 });
    expect(JSON.stringify(view)).not.toContain('"88"');
    expect(judgeView(scoring, 'judge-B1').presentations[0]).toMatchObject({ recused: true, myScore: null });
  });

  it('shows the control panel statuses: scored, amended, not scored, recused', () => {
    expect(controlView(scoring).judges.map((j) => [j.seatLabel, j.status])).toEqual([
      ['A1', 'scored'],
      ['A2', 'not_scored'],
      ['A3', 'amended'],
      ['B1', 'recused'],
    ]);
  });

  it('reveals every score with the dropped ones marked, the result and the rank on the board', () => {
    const revealed = eventStateFactory({
      units: ['红安县', '麻城市'],
      states: ['revealed', 'revealed'],
      scores: [
        { unit: '红安县', seat: 'A1', total: '80' },
        { unit: '红安县', seat: 'A2', total: '90' },
        { unit: '红安县', seat: 'A3', total: '85' },
        { unit: '麻城市', seat: 'A1', total: '70' },
        { unit: '麻城市', seat: 'A2', total: '95' },
        { unit: '麻城市', seat: 'A3', total: '86' },
      ],
    });
    const view = screenView(revealed);
    // The most recently revealed talk (麻城市) is the one on screen.
    expect(view.reveal).toMatchObject({
      final: '86.00',
      rank: 1,
      scores: [
        { seatLabel: 'A1', total: '70', status: 'dropped_lowest' },
        { seatLabel: 'A2', total: '95', status: 'dropped_highest' },
        { seatLabel: 'A3', total: '86', status: 'counted' },
      ],
    });
    expect(view.board?.entries.map((e) => [e.presenter.unit, e.final, e.rank])).toEqual([
      ['麻城市', '86.00', 1],
      ['红安县', '85.00', 2],
    ]);
  });

  it('puts a talk closed with no result on screen as such, off the board, and counts the round as complete', () => {
    const state = eventStateFactory({
      units: ['红安县', '麻城市'],
      states: ['revealed', 'no_result'],
      scores: [
        { unit: '红安县', seat: 'A1', total: '80' },
        { unit: '红安县', seat: 'A2', total: '90' },
        { unit: '红安县', seat: 'A3', total: '85' },
      ],
    });
    const view = screenView(state);
    expect(view.stage.presentation).toMatchObject({ presenter: { unit: '麻城市' }, state: 'no_result' });
    expect(view.reveal).toBeNull();
    expect(view.board?.entries.map((e) => [e.presenter.unit, e.final, e.provisional])).toEqual([['红安县', '85.00', false]]);
  });

  it('leaves talks that are not revealed off the public board', () => {
    const mixed = eventStateFactory({
      units: ['红安县', '麻城市'],
      states: ['revealed', 'scoring_closed'],
      scores: [
        { unit: '红安县', seat: 'A1', total: '80' },
        { unit: '麻城市', seat: 'A1', total: '99' },
      ],
    });
    expect(screenView(mixed).board?.entries.map((e) => e.presenter.unit)).toEqual(['红安县']);
  });

  describe('rank honesty (差异在评分误差内)', () => {
    const played = (third: 'scoring_open' | 'revealed') =>
      eventStateFactory({
        units: ['红安县', '麻城市', '英山县'],
        states: ['revealed', 'revealed', third],
        scores: ['红安县', '麻城市', '英山县'].flatMap((unit, i) =>
          ['A1', 'A2', 'A3'].map((seat, j) => ({ unit, seat, total: String(90 - i * 2 + j) })),
        ),
      });
    const honesty = { confidence: 95, resamples: 200, seed: 1 };
    const declared = (state: EventState, marks: (s: EventState) => EventState['event']['tieMarks']): EventState => {
      const on = { ...state, event: { ...state.event, rankHonesty: honesty } };
      return { ...on, event: { ...on.event, tieMarks: marks(on) } };
    };
    const marks = (state: EventState) => ({
      digest: publishedDigest(state),
      honesty,
      rounds: { 'round-1': [['presentation-红安县', 'presentation-麻城市']] as [string, string][] },
      standings: [['presenter-红安县', 'presenter-麻城市']] as [string, string][],
    });

    it('marks the neighbours the stored marks name, on the board and in the standings, when they belong to the results published now', () => {
      const view = screenView(declared(played('scoring_open'), marks));
      expect(view.event.rankHonesty).toEqual(honesty);
      expect(view.board!.entries.map((e) => [e.presenter.unit, e.tiedWithNext])).toEqual([
        ['红安县', true],
        ['麻城市', false],
      ]);
      expect(view.standings.map((e) => e.tiedWithNext)).toEqual([true, false]);
    });

    it('shows no mark where the option is off, or the marks were computed for other published results or another confidence', () => {
      const state = played('scoring_open');
      const off = { ...state, event: { ...state.event, tieMarks: marks(state) } };
      // Marks of the results before the third talk was revealed, on a state where it is.
      const stale = declared(played('revealed'), () => marks(played('scoring_open')));
      const other = declared(state, (s) => ({ ...marks(s), honesty: { ...honesty, confidence: 90 } }));
      for (const s of [off, stale, other]) {
        const view = screenView(s);
        expect(view.board!.entries.some((e) => e.tiedWithNext)).toBe(false);
        expect(view.standings.some((e) => e.tiedWithNext)).toBe(false);
      }
    });
  });
});
