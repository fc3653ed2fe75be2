import { Logs } from './logs.js';
import { Metrics } from './metrics.js';
import { Readiness } from './readiness.js';

function readinessWithLog(): { readiness: Readiness; lines: () => { level: string; msg: string; context: string }[] } {
  const raw: string[] = [];
  const logs = new Logs({ level: 'info', destination: { write: (line: string) => void raw.push(line) } });
  return {
    readiness: new Readiness(new Metrics(), logs),
    lines: () => raw.map((line) => JSON.parse(line) as { level: string; msg: string; context: string }),
  };
}

describe(Readiness.name, () => {
  it('is ready when every registered check answers, and names the ones that do not', async () => {
    const { readiness } = readinessWithLog();
    expect(readiness.isReady()).toBe(false);
    let redis = false;
    readiness.register('database', () => Promise.resolve(true));
    readiness.register('redis', () => Promise.resolve(redis));
    await expect(readiness.check()).resolves.toEqual({ ready: false, checks: { database: 'up', redis: 'down' }, stopping: false });
    expect(readiness.isReady()).toBe(false);
    redis = true;
    await expect(readiness.check()).resolves.toEqual({ ready: true, checks: { database: 'up', redis: 'up' }, stopping: false });
    expect(readiness.isReady()).toBe(true);
  });

  it('counts a check that throws as down, and refuses a second check of one name', async () => {
    const { readiness } = readinessWithLog();
    readiness.register('database', () => Promise.reject(new Error('connection refused')));
    expect(() => readiness.register('database', () => Promise.resolve(true))).toThrow(/registered already/);
    await expect(readiness.check()).resolves.toMatchObject({ ready: false, checks: { database: 'down' } });
  });

  it('is not ready once the instance starts to stop', async () => {
    const { readiness } = readinessWithLog();
    readiness.register('database', () => Promise.resolve(true));
    await readiness.check();
    readiness.beforeApplicationShutdown();
    expect(readiness.isReady()).toBe(false);
    await expect(readiness.check()).resolves.toEqual({ ready: false, checks: { database: 'up' }, stopping: true });
  });

  it('logs a dependency going away and coming back once each', async () => {
    const { readiness, lines } = readinessWithLog();
    let up = true;
    readiness.register('database', () => Promise.resolve(up));
    await readiness.check();
    up = false;
    await readiness.check();
    await readiness.check();
    up = true;
    await readiness.check();
    expect(lines().map(({ level, msg, context }) => ({ level, msg, context }))).toEqual([
      { level: 'warn', msg: 'not ready: database does not answer', context: 'Readiness' },
      { level: 'info', msg: 'database answers again', context: 'Readiness' },
    ]);
  });

  it('gives a dependency that has never answered a few checks before it says so (Redis connects after the start)', async () => {
    const { readiness, lines } = readinessWithLog();
    readiness.register('redis', () => Promise.resolve(false));
    for (let i = 0; i < 4; i++) await readiness.check();
    expect(lines()).toEqual([]);
    await readiness.check();
    expect(lines().map((line) => line.msg)).toEqual(['not ready: redis does not answer']);
  });
});
