import pg from 'pg';
import { toErrorBody } from '../src/common/api-error.js';
import type { ControlView } from '../src/contracts/live.js';
import { AuthService } from '../src/organizers/auth.service.js';
import { Organizer } from '../src/model/organizer.entity.js';
import { createEventFixture } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/** An admin disables an organizer account: its sessions end at once and it can no longer sign in. */
describe('disabling organizer accounts', () => {
  let t: TestApp;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = () => bearer(t.adminToken);
  const signIn = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });

  /** A new account, signed in; its id and a token. */
  async function account(username: string, role: 'admin' | 'organizer' = 'organizer'): Promise<{ id: string; token: string }> {
    const created = await t.http
      .post('/api/organizers')
      .set(admin())
      .send({ username, displayName: `${username} 同志`, password: `${username}-password`, role })
      .expect(201);
    const { token } = (await signIn(username, `${username}-password`).expect(200)).body as { token: string };
    return { id: created.body.id as string, token };
  }

  const adminId = async () => (await t.http.get('/api/auth/me').set(admin()).expect(200)).body.id as string;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('ends every session of the account at once: REST tokens are refused and open control panels are told why and closed', async () => {
    const zhang = await account('zhang');
    const second = (await signIn('zhang', 'zhang-password').expect(200)).body.token as string;
    const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }], token: zhang.token });
    const control = await LiveClient.connect<ControlView>(t.baseUrl, { role: 'control', token: zhang.token, eventId: fx.eventId });
    const ended = new Promise<{ code: string; message: string }>((resolve) => control.socket.once('session.ended', resolve));
    const closed = new Promise<void>((resolve) => control.socket.once('disconnect', () => resolve()));
    try {
      const disabled = await t.http.post(`/api/organizers/${zhang.id}/disable`).set(admin()).expect(200);
      expect(disabled.body).toMatchObject({ id: zhang.id, username: 'zhang', disabled: true });
      // Both sign-ins are over the moment the answer comes, not at their expiry.
      for (const token of [zhang.token, second]) await t.http.get('/api/auth/me').set(bearer(token)).expect(401);
      await expect(ended).resolves.toMatchObject({ code: 'account_disabled' });
      await closed;
      expect(control.socket.connected).toBe(false);
      expect(await t.db.query('SELECT id FROM organizer_session WHERE organizer_id = $1', [zhang.id])).toHaveLength(0);
      // The control channel does not take its token back either.
      await expect(LiveClient.refusal(t.baseUrl, { role: 'control', token: zhang.token, eventId: fx.eventId })).resolves.toMatchObject({
        data: { code: 'session_expired' },
      });
      expect((await t.http.get('/api/organizers').set(admin()).expect(200)).body).toContainEqual(
        expect.objectContaining({ username: 'zhang', disabled: true }),
      );
    } finally {
      control.close();
    }
  });

  it('refuses the tokens of a disabled account even if a session row survived', async () => {
    const lisi = await account('lisi');
    await t.http.post(`/api/organizers/${lisi.id}/disable`).set(admin()).expect(200);
    // A session written after the disabling (a sign-in that was already past its password check, say).
    await t.db.query(
      "INSERT INTO organizer_session (organizer_id, token_hash, expires_at) VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), now() + interval '1 hour')",
      [lisi.id, lisi.token],
    );
    await t.http.get('/api/auth/me').set(bearer(lisi.token)).expect(401);
  });

  it('answers a disabled account’s right password exactly as a wrong one', async () => {
    const wang = await account('wang');
    await t.http.post(`/api/organizers/${wang.id}/disable`).set(admin()).expect(200);
    const right = await signIn('wang', 'wang-password');
    const wrong = await signIn('wang', 'not-the-password');
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
    expect(right.body).toMatchObject({ code: 'unauthorized', message: 'wrong username or password' });
  });

  it('lets the account sign in again once enabled, with none of its old sessions back', async () => {
    const zhao = await account('zhao');
    await t.http.post(`/api/organizers/${zhao.id}/disable`).set(admin()).expect(200);
    const enabled = await t.http.post(`/api/organizers/${zhao.id}/enable`).set(admin()).expect(200);
    expect(enabled.body).toMatchObject({ id: zhao.id, disabled: false });
    await t.http.get('/api/auth/me').set(bearer(zhao.token)).expect(401);
    const { token } = (await signIn('zhao', 'zhao-password').expect(200)).body as { token: string };
    await t.http.get('/api/auth/me').set(bearer(token)).expect(200);
  });

  it('records the change in the audit log with the admin who made it', async () => {
    const sun = await account('sun');
    await t.http.post(`/api/organizers/${sun.id}/disable`).set(admin()).expect(200);
    const rows = await t.db.query<{
      payload: { actor: string; operation: string; before: { disabled_at: string | null }; after: { disabled_at: string | null } };
    }>(
      "SELECT payload FROM audit_log WHERE payload->>'table' = 'organizer' AND payload->>'row' = $1 AND payload->>'operation' = 'UPDATE'",
      [sun.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.actor).toBe(`organizer:${await adminId()}`);
    expect(rows[0].payload.before.disabled_at).toBeNull();
    expect(rows[0].payload.after.disabled_at).not.toBeNull();
  });

  it('refuses an admin disabling their own account (409), and changes nothing', async () => {
    const res = await t.http
      .post(`/api/organizers/${await adminId()}/disable`)
      .set(admin())
      .expect(409);
    expect(res.body).toMatchObject({ code: 'cannot_disable_self' });
    await t.http.get('/api/auth/me').set(admin()).expect(200);
  });

  it('never disables the last enabled admin, even when two admins disable each other at once', async () => {
    const zhou = await account('zhou', 'admin');
    const first = await adminId();
    // A request of zhou's that was let in just before zhou was disabled: only the admin rule stops it.
    const zhouAsLetIn = (await t.app.get(AuthService).authenticate(zhou.token)) as Organizer;
    await t.http.post(`/api/organizers/${zhou.id}/disable`).set(admin()).expect(200);
    const refusal = await t.app
      .get(AuthService)
      .setDisabled(zhouAsLetIn, first, true)
      .catch((error: unknown) => error);
    expect(toErrorBody(refusal)).toMatchObject({ statusCode: 409, code: 'last_admin' });

    await t.http.post(`/api/organizers/${zhou.id}/enable`).set(admin()).expect(200);
    const zhouToken = (await signIn('zhou', 'zhou-password').expect(200)).body.token as string;
    // Both requests reach their transactions before either commits: another transaction holding
    // the sessions table stops whichever comes first where it ends the disabled account's sessions.
    const holder = new pg.Client({ connectionString: t.db.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE organizer_session IN SHARE MODE');
    const racing = Promise.all([
      t.http.post(`/api/organizers/${zhou.id}/disable`).set(admin()),
      t.http.post(`/api/organizers/${first}/disable`).set(bearer(zhouToken)),
    ]);
    const waiting = async () =>
      (
        await t.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
      )[0].n;
    while ((await waiting()) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await holder.query('COMMIT');
    await holder.end();
    const statuses = (await racing).map((a) => a.status);
    expect([...statuses].sort()).toEqual([200, 409]);
    expect(await t.db.query("SELECT id FROM organizer WHERE role = 'admin' AND disabled_at IS NULL")).toHaveLength(1);

    // Back to the first admin for the tests that follow.
    if (statuses[1] === 200) {
      await t.http.post(`/api/organizers/${first}/enable`).set(bearer(zhouToken)).expect(200);
      t.adminToken = (await signIn('admin', ADMIN_PASSWORD).expect(200)).body.token as string;
    }
  });

  it('answers 404 for an unknown account and 400 for an id that is not one', async () => {
    const unknown = await t.http.post('/api/organizers/00000000-0000-4000-8000-000000000000/disable').set(admin()).expect(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', message: 'organizer not found' });
    await t.http.post('/api/organizers/not-an-id/enable').set(admin()).expect(400);
  });

  it('lets only an admin disable or enable an account (403 for an organizer), and nothing changes', async () => {
    const qian = await account('qian');
    const zhu = await account('zhu');
    for (const action of ['disable', 'enable']) {
      const res = await t.http.post(`/api/organizers/${zhu.id}/${action}`).set(bearer(qian.token)).expect(403);
      expect(res.body).toMatchObject({ code: 'admin_only' });
    }
    await t.http.get('/api/auth/me').set(bearer(zhu.token)).expect(200);
  });
});
