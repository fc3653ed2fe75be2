import type { INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import type { JudgeView } from '../../src/contracts/live.js';
import { createEventFixture, type EventFixture, openScoring, scorePayload } from '../support/fixtures.js';
import { LiveClient } from '../support/live-client.js';
import { startAppOn, type TestApp } from '../support/test-app.js';

/**
 * PostgreSQL stopped and started again in the middle of a round: the server stays up, /health
 * turns 503 and back, a score sent during the outage gets a clear retriable error (never a false
 * ack), and the same score re-sent afterwards is stored once.
 */
describe('the database restarts mid-round', () => {
  let dir: string;
  let database: EmbeddedDatabase;
  let app: INestApplication;
  let t: TestApp;
  let fx: EventFixture;
  let judge: LiveClient<JudgeView>;

  const waitFor = async (check: () => Promise<boolean>, ms = 30_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('condition not reached');
  };
  const rows = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query('SELECT judge_id, idempotency_key FROM score')).rows as { idempotency_key: string }[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-fault-'));
    database = await startEmbeddedPostgres(dir);
    const started = await startAppOn(database.url);
    app = started.app;
    t = { ...started, db: null as never, close: async () => undefined };
    fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
    judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    await openScoring(t, fx);
  });

  afterAll(async () => {
    judge?.close();
    await app?.close();
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stays up, reports 503, refuses with a retriable error, and resumes without a restart', async () => {
    expect(await judge.submit(scorePayload(fx, fx.presentations[0].id, ['50', '30']))).toMatchObject({ ok: true });
    await database.stop();

    expect((await t.http.get('/health').expect(503)).body).toMatchObject({ status: 'unavailable', database: 'down' });
    const duringOutage = scorePayload(fx, fx.presentations[0].id, ['51', '30']);
    const refused = await judge.submit(duringOutage);
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 503, code: 'database_unavailable' } });

    await database.start();
    await waitFor(async () => (await t.http.get('/health')).status === 200);
    // The tablet re-sends the same submission from its outbox: stored once, acknowledged.
    const resent = await judge.submit(duringOutage);
    expect(resent).toMatchObject({ ok: true, data: { revision: 2, replayed: false } });
    expect(await judge.submit(duringOutage)).toMatchObject({ ok: true, data: { revision: 2, replayed: true } });
    const stored = await rows();
    expect(stored.filter((r) => r.idempotency_key === duringOutage.idempotencyKey)).toHaveLength(1);
    expect(stored).toHaveLength(2);
  });
});
