import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, LiveAck, ScoreReceipt, SubmitScorePayload } from '@contracts';
import { Outbox, RETRY_MAX_MS, retryDelay } from './outbox.js';

let counter = 0;
const payload = (value = '8.5'): SubmitScorePayload => ({
  idempotencyKey: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  presentationId: 'p1',
  values: [{ criterionId: 'c1', value }],
});
const receipt = (p: SubmitScorePayload): LiveAck<ScoreReceipt> => ({
  ok: true,
  data: {
    scoreId: 's',
    presentationId: p.presentationId,
    idempotencyKey: p.idempotencyKey,
    revision: 1,
    total: p.values[0].value,
    receivedAt: '2026-11-22T09:00:00Z',
    replayed: false,
  },
});

describe('Outbox', () => {
  it('keeps a confirmed score across a reload until the server acknowledges it', async () => {
    const name = `reload-${counter}`;
    const first = await Outbox.open(name);
    const score = payload();
    await first.add(score);
    first.close();
    // The page reloads: a new Outbox on the same database still holds the score.
    const second = await Outbox.open(name);
    expect((await second.pending()).map((e) => e.payload)).toEqual([score]);
    await second.flush(async (p) => receipt(p));
    expect(await second.pending()).toEqual([]);
    expect((await second.all())[0]).toMatchObject({ status: 'received', receipt: { idempotencyKey: score.idempotencyKey } });
  });

  it('re-sends with the same idempotency key until it gets through', async () => {
    const outbox = await Outbox.open(`retry-${counter}`);
    const score = payload();
    await outbox.add(score);
    const sent: string[] = [];
    const offline = async (p: SubmitScorePayload): Promise<LiveAck<ScoreReceipt>> => {
      sent.push(p.idempotencyKey);
      throw new Error('timeout');
    };
    const later = { now: Date.now() + 10 * RETRY_MAX_MS };
    await outbox.flush(offline);
    await outbox.flush(async () => ({ ok: false, error: { statusCode: 503, code: 'database_unavailable', message: 'retry' } }), later);
    expect(await outbox.pending()).toHaveLength(1);
    await outbox.flush(
      async (p) => {
        sent.push(p.idempotencyKey);
        return receipt(p);
      },
      { now: later.now + 10 * RETRY_MAX_MS },
    );
    expect(sent).toEqual([score.idempotencyKey, score.idempotencyKey]);
    expect((await outbox.all())[0]).toMatchObject({ status: 'received', attempts: 3 });
  });

  it('stops retrying a score the server refuses, and keeps the reason', async () => {
    const outbox = await Outbox.open(`refused-${counter}`);
    await outbox.add(payload('99'));
    const changed = await outbox.flush(async () => ({
      ok: false,
      error: { statusCode: 409, code: 'scoring_not_open', message: 'scoring is not open' },
    }));
    expect(changed).toMatchObject([{ status: 'refused', error: { code: 'scoring_not_open' } }]);
    expect(await outbox.pending()).toEqual([]);
  });

  /** Replies that say "not now": the score must stay and go out again, with the same key, after a backoff. */
  const busy: [string, LiveAck<ScoreReceipt> | Error][] = [
    ['429 too_many_requests', { ok: false, error: { statusCode: 429, code: 'too_many_requests', message: 'slow down' } }],
    ['503 database_unavailable', { ok: false, error: { statusCode: 503, code: 'database_unavailable', message: 'try again' } }],
    ['500 internal_error', { ok: false, error: { statusCode: 500, code: 'internal_error', message: 'internal error' } }],
    ['408 timeout', { ok: false, error: { statusCode: 408, code: 'server_busy', message: 'timeout' } }],
    ['no answer (ack timeout)', new Error('operation has timed out')],
  ];
  it.each(busy)(
    'keeps a score refused with %s and re-sends it with the same key, after a backoff, until acknowledged',
    async (_label, reply) => {
      const outbox = await Outbox.open(`busy-${++counter}`);
      const score = payload();
      await outbox.add(score);
      const sent: string[] = [];
      const refuse = async (p: SubmitScorePayload): Promise<LiveAck<ScoreReceipt>> => {
        sent.push(p.idempotencyKey);
        if (reply instanceof Error) throw reply;
        return reply;
      };
      let now = 1_000_000;
      // Three busy answers in a row: still pending each time, never dropped.
      for (let i = 0; i < 3; i++) {
        const before = sent.length;
        // Asked again right away (the next heartbeat): nothing is sent before the backoff is over.
        await outbox.flush(refuse, { now });
        await outbox.flush(refuse, { now });
        expect(sent.length).toBe(before + 1);
        const [entry] = await outbox.pending();
        expect(entry).toMatchObject({ status: 'pending', failures: i + 1, payload: score });
        expect(entry.nextAttemptAt).toBeGreaterThan(now);
        now = entry.nextAttemptAt!;
      }
      const changed = await outbox.flush(
        async (p) => {
          sent.push(p.idempotencyKey);
          return receipt(p);
        },
        { now },
      );
      expect(changed).toMatchObject([{ status: 'received' }]);
      expect(sent).toEqual([score.idempotencyKey, score.idempotencyKey, score.idempotencyKey, score.idempotencyKey]);
      expect(await outbox.pending()).toEqual([]);
      expect((await outbox.all())[0]).toMatchObject({ status: 'received', attempts: 4, receipt: { idempotencyKey: score.idempotencyKey } });
    },
  );

  it('re-sends at once, whatever the backoff, when the connection comes back', async () => {
    const outbox = await Outbox.open(`reconnect-${++counter}`);
    await outbox.add(payload());
    await outbox.flush(async () => ({ ok: false, error: { statusCode: 503, code: 'database_unavailable', message: 'try again' } }), {
      now: 0,
    });
    expect(await outbox.nextAttemptAt()).toBeGreaterThan(0);
    await outbox.flush(async (p) => receipt(p), { now: 0, ignoreBackoff: true });
    expect(await outbox.pending()).toEqual([]);
    expect(await outbox.nextAttemptAt()).toBeNull();
  });

  const definitive: [number, ErrorCode][] = [
    [400, 'validation_failed'],
    [400, 'invalid_score'],
    [401, 'judge_link_invalid'],
    [403, 'recused'],
    [404, 'not_found'],
    [409, 'scoring_not_open'],
    [409, 'event_locked'],
  ];
  it.each(definitive)('ends a score refused for good (%i %s) as refused, with the reason', async (statusCode, code) => {
    const outbox = await Outbox.open(`final-${++counter}`);
    await outbox.add(payload());
    const changed = await outbox.flush(async () => ({ ok: false, error: { statusCode, code, message: 'no' } }), { now: 0 });
    expect(changed).toMatchObject([{ status: 'refused', error: { code, message: 'no' } }]);
    expect(await outbox.pending()).toEqual([]);
  });

  it('backs off exponentially from 1 s to at most 30 s, with jitter', () => {
    const low = (n: number) => retryDelay(n, () => 0);
    const high = (n: number) => retryDelay(n, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(high)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect([1, 2, 6].map(low)).toEqual([500, 1_000, 15_000]);
    const spread = new Set(Array.from({ length: 20 }, () => retryDelay(3)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('sends in the order the judge confirmed, and stops at the first failure to keep that order', async () => {
    const outbox = await Outbox.open(`order-${counter}`);
    const a = payload('7');
    const b = payload('8');
    await outbox.add(a);
    await new Promise((r) => setTimeout(r, 2));
    await outbox.add(b);
    const seen: string[] = [];
    await outbox.flush(async (p) => {
      seen.push(p.values[0].value);
      throw new Error('offline');
    });
    expect(seen).toEqual(['7']);
    await outbox.flush(
      async (p) => {
        seen.push(p.values[0].value);
        return receipt(p);
      },
      { ignoreBackoff: true },
    );
    expect(seen).toEqual(['7', '7', '8']);
  });
});
