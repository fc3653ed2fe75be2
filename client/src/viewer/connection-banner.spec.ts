import { describe, expect, it } from 'vitest';
import { ageOf, bannerOf, RECOVERED_MS } from './connection-banner.js';

describe(ageOf.name, () => {
  it('counts seconds under a minute, then minutes, then hours', () => {
    expect([0, 999, 59_999, 60_000, 3_599_999, 3_600_000, 7_300_000].map(ageOf)).toEqual([
      { unit: 'seconds', n: 0 },
      { unit: 'seconds', n: 0 },
      { unit: 'seconds', n: 59 },
      { unit: 'minutes', n: 1 },
      { unit: 'minutes', n: 59 },
      { unit: 'hours', n: 1 },
      { unit: 'hours', n: 2 },
    ]);
  });

  it('never says a negative age (a clock stepped back)', () => {
    expect(ageOf(-5_000)).toEqual({ unit: 'seconds', n: 0 });
  });
});

describe(bannerOf.name, () => {
  const at = 1_000_000;
  const state = { connection: 'online' as const, staleSince: null, recoveredAt: null, hasView: true, now: at };

  it('says nothing while online', () => {
    expect(bannerOf(state)).toBeNull();
  });

  it('says offline, with how old the data shown is', () => {
    expect(bannerOf({ ...state, connection: 'offline', staleSince: at - 12_400 })).toEqual({
      kind: 'offline',
      age: { unit: 'seconds', n: 12 },
    });
    expect(bannerOf({ ...state, connection: 'offline', staleSince: at - 5 * 60_000 })).toEqual({
      kind: 'offline',
      age: { unit: 'minutes', n: 5 },
    });
  });

  it('says offline without an age when nothing has been shown yet', () => {
    expect(bannerOf({ ...state, connection: 'offline', staleSince: at - 1_000, hasView: false })).toEqual({ kind: 'offline', age: null });
  });

  it('says 已恢复 for a moment after coming back, then nothing', () => {
    expect(bannerOf({ ...state, recoveredAt: at - 1_000 })).toEqual({ kind: 'recovered' });
    expect(bannerOf({ ...state, recoveredAt: at - RECOVERED_MS })).toBeNull();
  });

  it('leaves connecting and refused to the page', () => {
    expect(bannerOf({ ...state, connection: 'connecting', recoveredAt: at })).toBeNull();
    expect(bannerOf({ ...state, connection: 'refused', staleSince: at - 1_000 })).toBeNull();
  });
});
