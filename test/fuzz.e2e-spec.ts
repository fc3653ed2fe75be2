import fc from 'fast-check';
import type { JudgeView } from '../src/contracts/live.js';
import { createEventFixture, type EventFixture, openScoring } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Property-based fuzzing of every kind of input: whatever arrives, the answer is a 4xx (or a
 * success for valid input) with a message, never a 5xx or a crash, and nothing invalid is stored.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Values that break naive code: odd numbers, huge or strange strings, prototype keys, deep nesting. */
const nasty = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    -0,
    0.1 + 0.2,
    Number.MAX_SAFE_INTEGER + 2,
    1e-320,
    '',
    ' ',
    '8.5',
    '08.5',
    '1e3',
    'NaN',
    'Infinity',
    '-0',
    '０.５',
    '8,5',
    null,
    true,
    [],
    {},
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('字'.repeat(5_000)),
  fc.constant({ __proto__: { admin: true }, constructor: { prototype: { polluted: true } } }),
  fc.integer(),
  fc.double(),
);
const deep = fc.integer({ min: 50, max: 3_000 }).map((depth) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
});
const body = fc.oneof(
  fc.dictionary(
    fc.constantFrom(
      'name',
      'values',
      'value',
      'criterionId',
      'presentationId',
      'idempotencyKey',
      'reason',
      'rule',
      'maxScore',
      'step',
      '__proto__',
      'constructor',
      'x',
    ),
    fc.oneof(nasty, deep, fc.array(nasty, { maxLength: 5 })),
    { maxKeys: 6 },
  ),
  fc.array(nasty, { maxLength: 5 }),
  nasty,
  deep,
);

describe('fuzzing', () => {
  let t: TestApp;
  let fx: EventFixture;
  let judge: LiveClient<JudgeView>;
  let cases = 0;

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
    judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    await openScoring(t, fx);
  });

  afterAll(async () => {
    judge?.close();
    console.log(`fuzzing: ${cases} cases tried`);
    await t?.close();
  });

  const targets = (fx: EventFixture): [string, 'post' | 'patch'][] => [
    ['/api/auth/login', 'post'],
    ['/api/events', 'post'],
    [`/api/events/${fx.eventId}`, 'patch'],
    [`/api/events/${fx.eventId}/criteria`, 'post'],
    [`/api/events/${fx.eventId}/judges`, 'post'],
    [`/api/events/${fx.eventId}/presenters`, 'post'],
    [`/api/events/${fx.eventId}/rounds/${fx.roundId}/draw`, 'post'],
    [`/api/events/${fx.eventId}/presentations/${fx.presentations[0].id}/judges/${fx.judges[0].id}/override`, 'post'],
  ];

  it('answers every REST body with a 4xx or a success, never a 5xx', async () => {
    for (const [path, method] of targets(fx)) {
      await fc.assert(
        fc.asyncProperty(body, async (input) => {
          cases++;
          const res = await t.http[method](path)
            .set({ Authorization: `Bearer ${t.adminToken}` })
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(input));
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(typeof res.body.message).toBe('string');
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers raw bytes that are not JSON with a 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{"value": NaN}', '{"a":', '[1,2', '\u0000', '{"__proto__": ')),
        async (raw) => {
          cases++;
          const res = await t.http
            .post('/api/events')
            .set({ Authorization: `Bearer ${t.adminToken}` })
            .set('Content-Type', 'application/json')
            .send(raw);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers every socket payload through its ack, never with a server error, and stores nothing invalid', async () => {
    // Messages over the 64 kB limit close the connection instead (next test).
    const fitting = body.filter((input) => Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8') < 60_000);
    await fc.assert(
      fc.asyncProperty(fitting, async (input) => {
        cases++;
        // Paced under the per-connection limit (20 a second), so every payload reaches validation.
        await new Promise((r) => setTimeout(r, 55));
        const ack = await judge.submit(input as Record<string, unknown>);
        if (!ack.ok) expect(ack.error.statusCode).toBeLessThan(500);
        if (!ack.ok) expect(ack.error.code).not.toBe('too_many_requests');
      }),
      { numRuns: RUNS * 2 },
    );
    expect(judge.socket.connected).toBe(true);
    const stored = await t.db.query<{ value: string }>('SELECT value::text AS value FROM score_value');
    for (const { value } of stored) expect(value).toMatch(/^\d+(\.\d+)?$/);
    const criteria = await t.db.query<{ max_score: string; step: string }>('SELECT max_score::text, step::text FROM criterion');
    for (const c of criteria) expect(Number(c.step)).toBeGreaterThan(0);
  });

  it('closes a connection that sends a message over 64 kB, and serves the others', async () => {
    const fx2 = await createEventFixture(t, { name: '大包', units: ['麻城市'], judges: [{ displayName: 'B1', seatLabel: 'B1' }] });
    const flooder = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx2.judges[0].token });
    const closed = new Promise<void>((resolve) => flooder.socket.once('disconnect', () => resolve()));
    flooder.socket.emit('score.submit', { idempotencyKey: 'x'.repeat(100_000), presentationId: 'x', values: [] } as never, () => undefined);
    await expect(closed).resolves.toBeUndefined();
    cases++;
    await expect(judge.socket.timeout(60_000).emitWithAck('time.sync')).resolves.toMatchObject({ ok: true });
  });

  it('keeps serving afterwards', async () => {
    await t.http.get('/health').expect(200);
    const objects = await t.db.query("SELECT 1 FROM pg_class WHERE relname = 'polluted'");
    expect(objects).toHaveLength(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
