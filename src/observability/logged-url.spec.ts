import { loggedUrl } from './logged-url.js';

describe(loggedUrl.name, () => {
  const token = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';

  it('hides a judge link token', () => {
    expect(loggedUrl(`/judge/${token}`)).toBe('/judge/[token]');
    expect(loggedUrl('/judge/short')).toBe('/judge/[token]');
  });

  it('hides any path segment shaped like a secret, but keeps UUIDs and public codes', () => {
    const id = '0b9c6d2e-8f1a-4c3b-9d7e-5a6b7c8d9e0f';
    expect(loggedUrl(`/api/links/${token}/scores`)).toBe('/api/links/[token]/scores');
    expect(loggedUrl(`/api/events/${id}/judges`)).toBe(`/api/events/${id}/judges`);
    expect(loggedUrl('/screen/ABCD2345')).toBe('/screen/ABCD2345');
  });

  it('hides ballot codes, and sign-off and unit links, on their pages and their API routes', () => {
    expect(loggedUrl('/ballot/ABCDEFGHJKLM')).toBe('/ballot/[token]');
    expect(loggedUrl('/api/ballot/abcd-efgh-jklm')).toBe('/api/ballot/[token]');
    expect(loggedUrl('/api/ballot/ABCDEFGHJKLM?x=1')).toBe('/api/ballot/[token]?…');
    expect(loggedUrl('/signoff/short')).toBe('/signoff/[token]');
    expect(loggedUrl(`/api/unit/${token}/commitments`)).toBe('/api/unit/[token]/commitments');
    expect(loggedUrl('/unit/x')).toBe('/unit/[token]');
    expect(loggedUrl('/api/events/x/ballot-codes')).toBe('/api/events/x/ballot-codes');
  });

  it('leaves the query string out', () => {
    expect(loggedUrl('/socket.io/?EIO=4&transport=polling&sid=abc')).toBe('/socket.io/?…');
    expect(loggedUrl(`/judge/${token}?lang=en`)).toBe('/judge/[token]?…');
    expect(loggedUrl('/health')).toBe('/health');
  });
});
