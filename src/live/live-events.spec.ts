import { versionStep } from './live-events.js';

describe('versionStep', () => {
  it('applies the next version', () => {
    expect(versionStep(7, 8)).toBe('apply');
  });

  it('ignores a version it already has or an older one', () => {
    expect(versionStep(7, 7)).toBe('ignore');
    expect(versionStep(7, 3)).toBe('ignore');
  });

  it('asks for a snapshot on a gap, or before it has any state', () => {
    expect(versionStep(7, 9)).toBe('resync');
    expect(versionStep(null, 1)).toBe('resync');
  });
});
