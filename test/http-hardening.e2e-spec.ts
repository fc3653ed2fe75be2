import { startTestApp, type TestApp } from './support/test-app.js';

describe('HTTP hardening', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PODIUM_CORS_ORIGINS: 'https://hall.example.cn' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends security headers, with a content security policy that allows no foreign script', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows only the configured origins to call across origins', async () => {
    const allowed = await t.http.get('/health').set('Origin', 'https://hall.example.cn').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://hall.example.cn');
    const foreign = await t.http.get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body over the size limit with 413, without a stack trace', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(300_000), password: 'y' })).expect(413);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });
});
