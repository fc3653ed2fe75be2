import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({ PORT: 3000, PODIUM_DATA_DIR: '.podium', PODIUM_DEMO: '1', PODIUM_SESSION_HOURS: 12 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.publicUrlSource).toBe('localhost');
  });

  it("puts this machine's LAN address in judge links unless PODIUM_PUBLIC_URL says otherwise", () => {
    expect(loadConfig({ PORT: '3000' }, ['192.168.1.23'])).toMatchObject({
      publicUrl: 'http://192.168.1.23:3000',
      publicUrlSource: 'detected',
    });
    expect(loadConfig({ PODIUM_PUBLIC_URL: 'https://podium.example.cn' }, ['192.168.1.23'])).toMatchObject({
      publicUrl: 'https://podium.example.cn',
      publicUrlSource: 'configured',
    });
  });

  it('requires PODIUM_BALLOT_SECRET with REDIS_URL (every instance derives the same ballot codes)', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/PODIUM_BALLOT_SECRET is required with REDIS_URL/);
    expect(() => loadConfig({ PODIUM_BALLOT_SECRET: 'too short' })).toThrow(ConfigError);
    const secret = 'b'.repeat(32);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PODIUM_BALLOT_SECRET: secret }).PODIUM_BALLOT_SECRET).toBe(secret);
  });

  it('reads the variables it knows', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
      PODIUM_DEMO: '0',
      PODIUM_PUBLIC_URL: 'http://10.0.0.2:8080/',
    });
    expect(config).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@h/db', PODIUM_DEMO: '0' });
    expect(config.publicUrl).toBe('http://10.0.0.2:8080');
  });

  it("judges commitments' deadlines by Shanghai's calendar unless PODIUM_TIME_ZONE says otherwise", () => {
    expect(loadConfig({}, []).PODIUM_TIME_ZONE).toBe('Asia/Shanghai');
    expect(loadConfig({ PODIUM_TIME_ZONE: 'Asia/Urumqi' }, []).PODIUM_TIME_ZONE).toBe('Asia/Urumqi');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc": PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT="70000": PORT must not be greater than 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres://'],
    [{ PODIUM_DEMO: 'yes' }, 'PODIUM_DEMO must be 0 or 1'],
    [{ PODIUM_ADMIN_PASSWORD: 'short' }, 'PODIUM_ADMIN_PASSWORD must be at least 10'],
    [{ PODIUM_TIME_ZONE: 'Asia/Wuhan' }, 'PODIUM_TIME_ZONE must be an IANA time zone such as Asia/Shanghai'],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
