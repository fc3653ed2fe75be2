import {
  movePresentation,
  moveRound,
  type PresentationCommand,
  type PresentationContext,
  type PresentationState,
  type RoundContext,
} from './show-state-machine.js';

const presentation = (over: Partial<PresentationContext> = {}): PresentationContext => ({
  eventLocked: false,
  state: 'pending',
  roundStatus: 'live',
  otherActive: null,
  ...over,
});
const round = (over: Partial<RoundContext> = {}): RoundContext => ({
  eventLocked: false,
  status: 'pending',
  otherLive: null,
  presentationStates: [],
  ...over,
});

describe('movePresentation', () => {
  describe('a reveal that waits for sign-offs', () => {
    const closed = (signoffs: PresentationContext['signoffs']) => presentation({ state: 'scoring_closed', signoffs });

    it('is refused while a required role has not confirmed, naming the roles missing', () => {
      expect(movePresentation('reveal', closed({ missing: ['reviewer', 'supervisor'], objecting: [] }))).toMatchObject({
        code: 'signoffs_missing',
        roles: ['reviewer', 'supervisor'],
      });
    });

    it('is refused while an objection stands, before anything missing', () => {
      expect(movePresentation('reveal', closed({ missing: ['scorer'], objecting: ['supervisor'] }))).toMatchObject({
        code: 'signoff_objection',
        roles: ['supervisor'],
      });
    });

    it('goes ahead once every required role has confirmed', () => {
      expect(movePresentation('reveal', closed({ missing: [], objecting: [] }))).toBe('revealed');
    });

    it('does not hold up any other command', () => {
      expect(movePresentation('reopen_scoring', closed({ missing: ['scorer'], objecting: ['supervisor'] }))).toBe('scoring_open');
      expect(movePresentation('close_no_result', closed({ missing: ['scorer'], objecting: [] }))).toBe('no_result');
    });

    it('says first what is wrong with the move itself', () => {
      expect(
        movePresentation('reveal', presentation({ state: 'scoring_open', signoffs: { missing: ['scorer'], objecting: [] } })),
      ).toMatchObject({
        code: 'illegal_transition',
      });
    });
  });

  it('walks the whole run of a talk: pending → on stage → scoring open → closed → revealed', () => {
    const path: [PresentationCommand, PresentationState][] = [
      ['stage', 'on_stage'],
      ['open_scoring', 'scoring_open'],
      ['close_scoring', 'scoring_closed'],
      ['reveal', 'revealed'],
    ];
    let state: PresentationState = 'pending';
    for (const [command, next] of path) {
      const moved = movePresentation(command, presentation({ state }));
      expect(moved).toBe(next);
      state = next;
    }
  });

  it.each<PresentationState>(['on_stage', 'scoring_open', 'scoring_closed'])(
    'closes a talk in front of the hall (%s) as no result',
    (state) => {
      expect(movePresentation('close_no_result', presentation({ state }))).toBe('no_result');
    },
  );

  it.each<PresentationState>(['pending', 'revealed', 'no_result'])('refuses to close a talk that is %s as no result', (state) => {
    expect(movePresentation('close_no_result', presentation({ state }))).toMatchObject({ code: 'illegal_transition' });
  });

  it('reopens scoring of a talk closed with no result by mistake, unless another talk is in front of the hall', () => {
    expect(movePresentation('reopen_scoring', presentation({ state: 'no_result' }))).toBe('scoring_open');
    expect(movePresentation('reopen_scoring', presentation({ state: 'no_result', otherActive: { id: 'other' } }))).toMatchObject({
      code: 'another_presentation_active',
    });
  });

  it('lets a round finish once its talks are revealed or closed with no result', () => {
    expect(moveRound('finish_round', round({ status: 'live', presentationStates: ['revealed', 'no_result'] }))).toBe('done');
  });

  it('lets the organizer reopen scoring that was closed but not revealed', () => {
    expect(movePresentation('reopen_scoring', presentation({ state: 'scoring_closed' }))).toBe('scoring_open');
  });

  it.each<[PresentationCommand, PresentationState]>([
    ['open_scoring', 'pending'],
    ['reveal', 'scoring_open'],
    ['stage', 'revealed'],
    ['close_scoring', 'on_stage'],
    ['reopen_scoring', 'revealed'],
  ])('refuses %s from %s', (command, state) => {
    expect(movePresentation(command, presentation({ state }))).toMatchObject({ code: 'illegal_transition' });
  });

  it('refuses a second talk on stage while another is active', () => {
    expect(movePresentation('stage', presentation({ otherActive: { id: 'x' } }))).toMatchObject({ code: 'another_presentation_active' });
  });

  it('refuses everything once the event is locked', () => {
    expect(movePresentation('open_scoring', presentation({ state: 'on_stage', eventLocked: true }))).toMatchObject({
      code: 'event_locked',
    });
  });

  it('refuses a talk in a round that is not live', () => {
    expect(movePresentation('stage', presentation({ roundStatus: 'pending' }))).toMatchObject({ code: 'round_not_live' });
  });
});

describe('moveRound', () => {
  it('starts a pending round and finishes it when no talk is active', () => {
    expect(moveRound('start_round', round())).toBe('live');
    expect(moveRound('finish_round', round({ status: 'live', presentationStates: ['revealed', 'pending'] }))).toBe('done');
  });

  it('refuses two live rounds at once', () => {
    expect(moveRound('start_round', round({ otherLive: { id: 'r' } }))).toMatchObject({ code: 'another_round_live' });
  });

  it('refuses to finish a round while a talk is being scored', () => {
    expect(moveRound('finish_round', round({ status: 'live', presentationStates: ['scoring_open'] }))).toMatchObject({
      code: 'round_unfinished',
    });
  });

  it('refuses to restart a finished round', () => {
    expect(moveRound('start_round', round({ status: 'done' }))).toMatchObject({ code: 'illegal_transition' });
  });
});
