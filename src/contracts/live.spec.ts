import { applyUpdate, type LivePatch, type LiveUpdate, type ScreenView, takesSnapshot } from './live.js';

// Views reduced to the parts these cases touch; applyUpdate treats every part alike.
const view = (parts: Partial<ScreenView>) => parts as ScreenView;
const held = (version: number, parts: Partial<ScreenView>): LiveUpdate<ScreenView> => ({
  version,
  cause: 'snapshot',
  serverTime: 't0',
  view: view(parts),
});
const patch = (base: number | null, version: number, parts: Partial<ScreenView>): LivePatch<ScreenView> => ({
  base,
  version,
  cause: 'score',
  serverTime: 't1',
  patch: parts,
});

describe(applyUpdate.name, () => {
  const progress = { scored: 1 } as unknown as ScreenView['progress'];
  const later = { scored: 2 } as unknown as ScreenView['progress'];

  it('applies an update whose base is the version held: the changed parts replace those held, the rest stays', () => {
    const before = held(7, { mode: 'stage', progress });
    expect(applyUpdate(before, patch(7, 8, { progress: later }))).toEqual({
      version: 8,
      cause: 'score',
      serverTime: 't1',
      view: { mode: 'stage', progress: later },
    });
    expect(before.view.progress).toBe(progress);
  });

  it('applies an update spanning several versions (a coalesced burst) when its base is the version held', () => {
    expect(applyUpdate(held(7, { mode: 'stage' }), patch(7, 12, { mode: 'standings' }))).toMatchObject({
      version: 12,
      view: { mode: 'standings' },
    });
  });

  it('ignores an update not newer than the version held', () => {
    expect(applyUpdate(held(7, {}), patch(6, 7, { mode: 'standings' }))).toBe('ignore');
    expect(applyUpdate(held(7, {}), patch(null, 5, { mode: 'standings' }))).toBe('ignore');
  });

  it('asks for a snapshot on a gap (a base other than the version held), or before it holds anything', () => {
    expect(applyUpdate(held(7, {}), patch(8, 9, {}))).toBe('resync');
    expect(applyUpdate(held(7, {}), patch(5, 9, {}))).toBe('resync');
    expect(applyUpdate(null, patch(3, 4, {}))).toBe('resync');
  });

  it('takes a complete view (no base) that is newer, whatever it held', () => {
    expect(applyUpdate(null, patch(null, 4, { mode: 'stage' }))).toMatchObject({ version: 4, view: { mode: 'stage' } });
    expect(applyUpdate(held(2, { mode: 'standings' }), patch(null, 4, { mode: 'stage' }))).toMatchObject({
      version: 4,
      view: { mode: 'stage' },
    });
  });
});

describe(takesSnapshot.name, () => {
  it('takes a snapshot unless it holds a newer version already', () => {
    expect(takesSnapshot(null, held(3, {}))).toBe(true);
    expect(takesSnapshot(held(3, {}), held(3, {}))).toBe(true);
    expect(takesSnapshot(held(4, {}), held(3, {}))).toBe(false);
  });
});
