import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LiveAck, ScoreReceipt, SubmitScorePayload } from '../../../src/live/live-events.js';
import { Outbox } from './outbox.js';

let counter = 0;
const payload = (value = '8.5'): SubmitScorePayload => ({
  idempotencyKey: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  presentationId: 'p1',
  values: [{ criterionId: 'c1', value }],
});
const receipt = (p: SubmitScorePayload): LiveAck<ScoreReceipt> => ({
  ok: true,
  data: { scoreId: 's', presentationId: p.presentationId, idempotencyKey: p.idempotencyKey, revision: 1, total: p.values[0].value, receivedAt: '2026-11-22T09:00:00Z', replayed: false },
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
    await outbox.flush(offline);
    await outbox.flush(async (p) => ({ ok: false, error: { statusCode: 503, code: 'database_unavailable', message: 'retry' } }));
    expect(await outbox.pending()).toHaveLength(1);
    await outbox.flush(async (p) => {
      sent.push(p.idempotencyKey);
      return receipt(p);
    });
    expect(sent).toEqual([score.idempotencyKey, score.idempotencyKey]);
    expect((await outbox.all())[0]).toMatchObject({ status: 'received', attempts: 3 });
  });

  it('stops retrying a score the server refuses, and keeps the reason', async () => {
    const outbox = await Outbox.open(`refused-${counter}`);
    await outbox.add(payload('99'));
    const changed = await outbox.flush(async () => ({ ok: false, error: { statusCode: 409, code: 'scoring_not_open', message: 'scoring is not open' } }));
    expect(changed).toMatchObject([{ status: 'refused', error: { code: 'scoring_not_open' } }]);
    expect(await outbox.pending()).toEqual([]);
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
    await outbox.flush(async (p) => {
      seen.push(p.values[0].value);
      return receipt(p);
    });
    expect(seen).toEqual(['7', '7', '8']);
  });
});
