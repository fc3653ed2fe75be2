import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BallotReceiptDto, CastBallotPayload } from '@contracts';
import { definitiveRefusal } from '../live/outbox.js';
import { ballotApi } from './ballot-api.js';

const payload: CastBallotPayload = { idempotencyKey: '00000000-0000-4000-8000-000000000001', pollId: 'p1', values: ['20', '18'] };
const reply = (status: number, body: unknown) =>
  vi
    .spyOn(globalThis, 'fetch')
    .mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));

describe('ballotApi.cast', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the receipt as an ack', async () => {
    const receipt: BallotReceiptDto = {
      pollId: 'p1',
      idempotencyKey: payload.idempotencyKey,
      revision: 1,
      total: '38',
      receivedAt: '2026-12-03T07:00:00Z',
      replayed: false,
    };
    reply(200, receipt);
    await expect(ballotApi.cast('CODE', payload)).resolves.toEqual({ ok: true, data: receipt });
  });

  it('gives a refusal with its status, which the outbox tells final (poll closed) from passing (busy)', async () => {
    reply(409, { statusCode: 409, code: 'poll_closed', message: 'closed' });
    const closed = await ballotApi.cast('CODE', payload);
    expect(closed).toEqual({ ok: false, error: { statusCode: 409, code: 'poll_closed', message: 'closed' } });
    expect(!closed.ok && definitiveRefusal(closed.error)).toBe(true);
    reply(503, { statusCode: 503, code: 'database_unavailable', message: 'later' });
    const busy = await ballotApi.cast('CODE', payload);
    expect(!busy.ok && definitiveRefusal(busy.error)).toBe(false);
  });

  it('throws when the server cannot be reached (the outbox keeps the ballot and retries)', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(ballotApi.cast('CODE', payload)).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
