import type { INestApplication } from '@nestjs/common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import type { ClientToServerEvents, LiveAck, ServerToClientEvents, SubmitScorePayload } from '../../src/contracts/live.js';
import { createEventFixture, type EventFixture, openScoring, scorePayload } from '../support/fixtures.js';
import { startAppOn, type TestApp } from '../support/test-app.js';

const TABLETS = 30;
const KILLS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A tablet as the judge's page behaves: it reconnects by itself (also after a refused handshake or
 * a server-side disconnect) and re-sends its pending score with the same key until acknowledged.
 */
class Tablet {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly refusals: LiveAck<never>[] = [];
  readonly handshakeRefusals: { statusCode?: number; code?: string }[] = [];
  private pending: SubmitScorePayload | null = null;
  private sending = false;
  /** Flaky Wi-Fi: while set, the connection drops again right after every reconnection. */
  flaky = false;

  constructor(baseUrl: string, token: string) {
    this.socket = io(baseUrl, {
      auth: { role: 'judge', token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
    });
    this.socket.on('connect', () => {
      if (this.flaky) setTimeout(() => this.socket.io.engine?.close(), Math.random() * 30);
      else void this.flush();
    });
    this.socket.on('connect_error', (error: Error & { data?: { statusCode?: number; code?: string } }) => {
      if (error.data) this.handshakeRefusals.push(error.data);
      if (!this.socket.active) this.connectLater();
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') this.connectLater();
    });
  }

  /** As the judge's page does (client/src/live/use-live.ts): again in two seconds or so. */
  private connectLater(): void {
    setTimeout(() => !this.socket.connected && this.socket.connect(), 2_000 + Math.random() * 1_000);
  }

  get done(): boolean {
    return this.pending === null;
  }

  send(payload: SubmitScorePayload): void {
    this.pending = payload;
    void this.flush();
  }

  steady(): void {
    this.flaky = false;
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending && this.socket.connected && !this.flaky) {
        const ack = await this.socket
          .timeout(5_000)
          .emitWithAck('score.submit', this.pending)
          .catch(() => null);
        if (ack?.ok) this.pending = null;
        else if (ack) this.refusals.push(ack as LiveAck<never>);
        if (this.pending) await sleep(250);
      }
    } finally {
      this.sending = false;
    }
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * The database server dies (SIGKILL of the postmaster) while a whole panel of tablets reconnects
 * and submits: the server must stay up, answer every request with the retriable
 * `database_unavailable` during the outage (never a 500, never a false ack), and once the database
 * is back every pending score is stored exactly once. Repeated three times.
 */
describe('the database is killed while tablets reconnect', () => {
  let dir: string;
  let database: EmbeddedDatabase;
  let app: INestApplication;
  let t: TestApp;
  let fx: EventFixture;
  let tablets: Tablet[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const query = async <R extends pg.QueryResultRow>(sql: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 120_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await Promise.resolve(check()).catch(() => false)) return;
      await sleep(200);
    }
    throw new Error(`not reached within ${ms / 1000} s: ${what}`);
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    dir = await mkdtemp(join(tmpdir(), 'podium-kill-'));
    database = await startEmbeddedPostgres(dir);
    const started = await startAppOn(database.url);
    app = started.app;
    t = { ...started, db: null as never, close: async () => undefined };
    fx = await createEventFixture(t, {
      units: ['红安县'],
      judges: Array.from({ length: TABLETS }, (_, i) => ({ displayName: `评委${i + 1}`, seatLabel: `A${String(i + 1).padStart(2, '0')}` })),
    });
    await openScoring(t, fx);
    tablets = fx.judges.map((j) => new Tablet(t.baseUrl, j.token));
    await until('every tablet connected', () => tablets.every((tablet) => tablet.socket.connected));
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    tablets.forEach((tablet) => tablet.close());
    await app?.close();
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`survives ${KILLS} kills of PostgreSQL while ${TABLETS} tablets reconnect and submit; every score is stored exactly once`, async () => {
    const started = Date.now();
    const sent: string[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      // The hall's Wi-Fi flickers: every tablet drops and reconnects, again and again, and the
      // database dies in the middle of it, between handshakes and the work that follows them.
      for (const tablet of tablets) {
        tablet.flaky = true;
        tablet.socket.io.engine?.close();
      }
      await sleep(700);
      const postmaster = Number((await readFile(join(database.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      process.kill(postmaster, 'SIGKILL');
      await sleep(700);
      for (const [i, tablet] of tablets.entries()) {
        const payload = scorePayload(fx, fx.presentations[0].id, [String(40 + kill), String(20 + (i % 20))]);
        sent.push(payload.idempotencyKey);
        tablet.send(payload);
        tablet.steady();
      }
      await until('the outage seen by /health', async () => (await t.http.get('/health')).status === 503);
      // Every tablet knocks on the dead database before it comes back: handshakes and submissions meet the outage.
      const knocked = tablets.map((tablet) => tablet.refusals.length + tablet.handshakeRefusals.length);
      await until('every tablet refused during the outage', () =>
        tablets.every((tablet, i) => tablet.refusals.length + tablet.handshakeRefusals.length > knocked[i]),
      );
      await until('PostgreSQL started again', () => database.start().then(() => true), 120_000);
      await until('every pending score acknowledged', () => tablets.every((tablet) => tablet.done));
      expect(unhandled).toEqual([]);
    }
    const survived = Date.now() - started;

    await t.http.get('/health').expect(200);
    const rows = await query<{ idempotency_key: string; judge_id: string; revision: number }>(
      'SELECT idempotency_key, judge_id, revision FROM score',
    );
    expect(rows).toHaveLength(TABLETS * KILLS);
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(sent));
    for (const judge of fx.judges)
      expect(
        rows
          .filter((r) => r.judge_id === judge.id)
          .map((r) => r.revision)
          .sort(),
      ).toEqual([1, 2, 3]);

    // Every refusal said something retriable: the outage, or (all tablets share one test address)
    // the per-address handshake throttle. Never a 500.
    const refusals = tablets.flatMap((tablet) => [...tablet.refusals.map((r) => (r.ok ? null : r.error)), ...tablet.handshakeRefusals]);
    const codes = refusals.map((r) => `${r?.statusCode} ${r?.code}`);
    expect(codes).toContain('503 database_unavailable');
    expect([...new Set(codes)].filter((c) => c !== '503 database_unavailable' && c !== '429 too_many_connections')).toEqual([]);
    const outage = codes.filter((c) => c.startsWith('503')).length;
    console.log(
      `database kill: ${KILLS} kills of the postmaster while ${TABLETS} tablets kept reconnecting; the server stayed up throughout (${(survived / 1000).toFixed(1)} s), ` +
        `${outage} refusals 503 database_unavailable, ${codes.length - outage} handshakes throttled (429), no other error; ${rows.length} scores stored once each`,
    );
  });
});
