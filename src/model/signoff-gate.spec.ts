import { signoffStanding, type SignoffRecord } from './signoff-gate.js';

const at = (second: number) => new Date(Date.UTC(2026, 11, 2, 9, 0, second));
const signoff = (over: Partial<SignoffRecord> & Pick<SignoffRecord, 'role'>): SignoffRecord => ({
  verdict: 'confirm',
  digest: 'now',
  at: at(0),
  ...over,
});

describe(signoffStanding.name, () => {
  const all = ['scorer', 'reviewer', 'supervisor'] as const;

  it('is complete at once when the event requires no sign-off', () => {
    expect(signoffStanding([], [], 'now')).toEqual({ roles: [], missing: [], objecting: [], complete: true });
  });

  it('names every required role still missing, in the roles order', () => {
    const standing = signoffStanding(['supervisor', 'scorer'], [signoff({ role: 'reviewer' })], 'now');
    expect(standing.missing).toEqual(['scorer', 'supervisor']);
    expect(standing.complete).toBe(false);
  });

  it('is complete once every required role has confirmed the current scores', () => {
    const standing = signoffStanding(
      all,
      all.map((role) => signoff({ role })),
      'now',
    );
    expect(standing.complete).toBe(true);
    expect(standing.roles.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  });

  it('does not count a sign-off given on scores that changed since', () => {
    const standing = signoffStanding(all, [...all.map((role) => signoff({ role, digest: 'before' })), signoff({ role: 'scorer' })], 'now');
    expect(standing.missing).toEqual(['reviewer', 'supervisor']);
  });

  it('blocks on an objection until the role confirms after it', () => {
    const objection = signoff({ role: 'supervisor', verdict: 'object', at: at(1) });
    const others = [signoff({ role: 'scorer' }), signoff({ role: 'reviewer' })];
    expect(signoffStanding(all, [...others, objection], 'now')).toMatchObject({ objecting: ['supervisor'], missing: [], complete: false });
    const confirmed = signoff({ role: 'supervisor', at: at(2) });
    expect(signoffStanding(all, [...others, objection, confirmed], 'now')).toMatchObject({ objecting: [], complete: true });
    // An objection after a confirmation stands.
    expect(signoffStanding(all, [...others, confirmed, { ...objection, at: at(3) }], 'now').objecting).toEqual(['supervisor']);
  });

  it('drops an objection made on scores that have since changed: the role must look again', () => {
    const standing = signoffStanding(['supervisor'], [signoff({ role: 'supervisor', verdict: 'object', digest: 'before' })], 'now');
    expect(standing).toMatchObject({ missing: ['supervisor'], objecting: [] });
  });
});
