import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { JudgeView, SignerView } from '../src/contracts/live.js';
import type { SignerWithLinkDto } from '../src/contracts/rest.js';
import { LiveAuthService, type LiveSession } from '../src/live/live-auth.service.js';
import { createEventFixture, type EventFixture } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;

/**
 * A judge or signer the organizer removes or revokes while their page asks for a snapshot: the
 * request checked the link just before the change and is answered just after it. The page is told
 * its session ended (401), and the server builds no view of someone the event no longer has.
 */
describe('sessions ended while a snapshot is asked for', () => {
  let t: TestApp;
  let fx: EventFixture;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  /** What the server logged as errors (an exception thrown by a handler is logged so). */
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createEventFixture(t, {
      units: ['红安县'],
      judges: [
        { displayName: '评委一', seatLabel: 'A1' },
        { displayName: '评委二', seatLabel: 'A2' },
      ],
    });
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  /**
   * Sends `snapshot.request` from `page`, lets the server check the link, holds the answer until
   * `change` is done, and resolves with how the session ended.
   */
  async function snapshotAcross(page: LiveClient, isTheirs: (session: LiveSession) => boolean, change: () => Promise<unknown>) {
    const liveAuth = t.app.get(LiveAuthService);
    const stillValid = liveAuth.stillValid.bind(liveAuth);
    let checked!: () => void;
    const wasChecked = new Promise<void>((resolve) => (checked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const answered = new Promise<void>((resolve) => page.socket.once('disconnect', () => resolve()));
    const spy = jest.spyOn(liveAuth, 'stillValid').mockImplementation(async (session) => {
      const valid = await stillValid(session);
      if (!isTheirs(session)) return valid;
      checked();
      await released;
      // Answered by the handler once this resolves: let it run before the test looks.
      setImmediate(() => setImmediate(() => handled()));
      return valid;
    });
    let handled!: () => void;
    const wasHandled = new Promise<void>((resolve) => (handled = resolve));
    const ended = new Promise<{ statusCode: number; code: string }>((resolve) => page.socket.once('session.ended', resolve));
    try {
      const reply = page.socket
        .timeout(120_000)
        .emitWithAck('snapshot.request')
        .catch((error: Error) => error.message);
      await wasChecked;
      errors.length = 0;
      await change();
      release();
      await Promise.all([wasHandled, answered]);
      await reply;
      return { ended: await ended };
    } finally {
      spy.mockRestore();
      release();
    }
  }

  it('ends a removed signer’s page cleanly', async () => {
    const added: SignerWithLinkDto = (
      await t.http.post(`/api/events/${fx.eventId}/signers`).set(auth()).send({ role: 'scorer', displayName: '计分员 王五' }).expect(201)
    ).body;
    const page = await LiveClient.connect<SignerView>(t.baseUrl, { role: 'signer', token: tokenOf(added.link) });
    const { ended } = await snapshotAcross(
      page,
      (s) => s.role === 'signer' && s.signerId === added.signer.id,
      () => t.http.delete(`/api/events/${fx.eventId}/signers/${added.signer.id}`).set(auth()).expect(204),
    );
    expect(ended).toMatchObject({ statusCode: 401, code: 'link_revoked' });
    expect(errors).toEqual([]);
    await expect(LiveClient.refusal(t.baseUrl, { role: 'signer', token: tokenOf(added.link) })).resolves.toMatchObject({
      data: { code: 'signer_link_invalid' },
    });
  });

  it('ends a removed judge’s tablet cleanly', async () => {
    const judge = fx.judges[1];
    const tablet = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: judge.token });
    const { ended } = await snapshotAcross(
      tablet,
      (s) => s.role === 'judge' && s.judgeId === judge.id,
      () => t.http.delete(`/api/events/${fx.eventId}/judges/${judge.id}`).set(auth()).expect(204),
    );
    expect(ended).toMatchObject({ statusCode: 401, code: 'link_revoked' });
    expect(errors).toEqual([]);
  });

  it('ends the tablet of a judge whose link is revoked, and refuses its link afterwards', async () => {
    const judge = fx.judges[0];
    const tablet = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: judge.token });
    const { ended } = await snapshotAcross(
      tablet,
      (s) => s.role === 'judge' && s.judgeId === judge.id,
      () => t.http.delete(`/api/events/${fx.eventId}/judges/${judge.id}/link`).set(auth()).expect(200),
    );
    expect(ended).toMatchObject({ statusCode: 401, code: 'link_revoked' });
    expect(errors).toEqual([]);
    await expect(LiveClient.refusal(t.baseUrl, { role: 'judge', token: judge.token })).resolves.toMatchObject({
      data: { code: 'link_revoked' },
    });
  });
});
