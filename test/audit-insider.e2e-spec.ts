import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { recordHash } from '../src/audit/verify-chain.js';
import { main } from '../src/cli/podium-cli.js';
import { DatabaseRoleError, prepareDatabase } from '../src/database/app-role.js';
import { readPodiumFile } from '../src/podium-file/read-podium-file.js';
import { command, type EventFixture, playedEventFixture } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Head {
  chain: string;
  seq: number;
  hash: string;
}

/**
 * Issue 10, point 5: what a database insider could do to the audit trail is found by `podium audit
 * verify`. Tampering runs as the database owner (t.db); the app itself connects as its own role,
 * which PostgreSQL stops from doing any of it. Each insider action works on an event of its own,
 * so each test looks for its own finding among the problems of the shared database.
 */
describe('audit trail against a database insider', () => {
  let t: TestApp;
  let dir: string;
  let appRole: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    dir = await mkdtemp(join(tmpdir(), 'podium-audit-'));
  });

  afterAll(async () => {
    await appRole?.end();
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function verify(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.db.url;
    try {
      const code = await main(
        ['audit', 'verify', ...args],
        (s) => (stdout += s),
        (s) => (stderr += s),
      );
      return { code, stdout, stderr };
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }

  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const anchor = (head: Head) => `${head.chain}:${head.seq}:${head.hash}`;
  const headOf = async (fx: EventFixture): Promise<Head> =>
    (await t.http.get(`/api/events/${fx.eventId}/audit-head`).set(auth()).expect(200)).body as Head;
  /** An event played through by the app, then one more change, so its chain has a few records. */
  const playedEvent = async (): Promise<EventFixture> => {
    const fx = await playedEventFixture(t, { talks: 2, judges: 2 });
    await command(t, fx, 'screen', 200, { mode: 'standings' });
    return fx;
  };
  /** The lines of a verify that are about one chain or row. */
  const about = (output: string, what: string) => output.split('\n').filter((line) => line.includes(what));

  it('connects the app as an ordinary role that owns nothing', async () => {
    const [me] = await t.app
      .get(DataSource)
      .query<{ user: string; usesuper: boolean; owned: string }[]>(
        `SELECT current_user AS user, usesuper, (SELECT count(*) FROM pg_class WHERE relowner = u.usesysid)::text AS owned FROM pg_user u WHERE usename = current_user`,
      );
    expect(me).toEqual({ user: `${new URL(t.db.url).pathname.slice(1)}_app`, usesuper: false, owned: '0' });
  });

  it('stops with a clear message when DATABASE_URL may not create roles, and starts once it may', async () => {
    const server = new pg.Client({ connectionString: process.env.PODIUM_TEST_SERVER_URL });
    await server.connect();
    const owner = `podium_owner_${randomBytes(4).toString('hex')}`;
    try {
      await server.query(`CREATE ROLE ${owner} LOGIN NOCREATEROLE PASSWORD 'owner-password'`);
      await server.query(`CREATE DATABASE ${owner} OWNER ${owner} ENCODING 'UTF8' TEMPLATE template0`);
      const url = new URL(process.env.PODIUM_TEST_SERVER_URL!);
      Object.assign(url, { username: owner, password: 'owner-password', pathname: `/${owner}` });
      const refused = prepareDatabase(url.toString());
      await expect(refused).rejects.toThrow(DatabaseRoleError);
      await expect(refused).rejects.toThrow(
        new RegExp(
          `^Podium connects to its database as an ordinary role, ${owner}_app, that DATABASE_URL's user ${owner} creates and keeps; ${owner} may not manage roles \\(permission denied.*\\)\\. As a superuser run: ALTER ROLE "${owner}" CREATEROLE; then start Podium again\\.$`,
        ),
      );
      await server.query(`ALTER ROLE ${owner} CREATEROLE`);
      const appUrl = new URL(await prepareDatabase(url.toString()));
      expect(appUrl.username).toBe(`${owner}_app`);
      // And again, as at every later start (an owner that is not a superuser may not name SUPERUSER in ALTER ROLE).
      await expect(prepareDatabase(url.toString())).resolves.toBe(appUrl.toString());
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${owner} WITH (FORCE)`);
      await server.query(`DROP ROLE IF EXISTS ${owner}_app`);
      await server.query(`DROP ROLE IF EXISTS ${owner}`);
      await server.end();
    }
  });

  describe('the app role may not bend the audit trail', () => {
    /** A connection with the app's own credentials, as anyone who read them from the app's server would have. */
    beforeAll(async () => {
      // A database upgraded from PostgreSQL 14 or older still lets everyone create objects in public; the next start takes that back.
      await t.db.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
      await prepareDatabase(t.db.url);
      const [role] = await t.db.query<{ name: string; password: string }>('SELECT name, password FROM podium_app_role');
      const url = new URL(t.db.url);
      url.username = role.name;
      url.password = role.password;
      appRole = new pg.Client({ connectionString: url.toString() });
      await appRole.connect();
    });

    it.each([
      ['TRUNCATE a table', 'TRUNCATE score CASCADE', /permission denied for table/],
      ['TRUNCATE the log', 'TRUNCATE audit_log', /permission denied for table audit_log/],
      ['disable an audit trigger', 'ALTER TABLE score DISABLE TRIGGER audit_score', /must be owner of table score/],
      ['disable the append-only guard', 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', /must be owner of table audit_log/],
      ['drop an audit trigger', 'DROP TRIGGER audit_score ON score', /must be owner of (table|relation) score/],
      ['UPDATE the log', `UPDATE audit_log SET payload = '{}'`, /permission denied for table audit_log/],
      ['DELETE from the log', 'DELETE FROM audit_log', /permission denied for table audit_log/],
      [
        'INSERT into the log',
        `INSERT INTO audit_log (chain, seq, payload, prev_hash, hash) VALUES ('global', 999, '{}', repeat('0', 64), repeat('0', 64))`,
        /permission denied for table audit_log/,
      ],
      [
        'call the audit trigger’s function, which runs as the owner',
        'SELECT podium_audit()',
        /permission denied for function podium_audit/,
      ],
      [
        'turn triggers off with session_replication_role',
        'SET session_replication_role = replica',
        /permission denied to set parameter "session_replication_role"/,
      ],
      ['read the role passwords', 'SELECT * FROM podium_app_role', /permission denied for table podium_app_role/],
      ['rewrite the migrations', 'DELETE FROM migrations', /permission denied for table migrations/],
      // A function of its own in the schema could shadow one the audit trigger calls as the owner.
      [
        'create a function that could shadow a built-in',
        `CREATE FUNCTION convert_to(text, text) RETURNS bytea LANGUAGE sql AS 'SELECT NULL::bytea'`,
        /permission denied for schema public/,
      ],
      ['create a table of its own', 'CREATE TABLE mine (id int)', /permission denied for schema public/],
    ])('may not %s', async (_, sql, refusal) => {
      await expect(appRole.query(sql)).rejects.toThrow(refusal);
    });
  });

  describe('accounts and sign-ins are recorded with who and from where', () => {
    it('records the first admin as created by the system, a new account by the admin who created it', async () => {
      const [admin] = await t.db.query<{ payload: { actor: string } }>(
        "SELECT payload FROM audit_log WHERE payload->>'table' = 'organizer' AND payload->>'operation' = 'INSERT' AND payload->'after'->>'username' = 'admin'",
      );
      expect(admin.payload.actor).toBe('system');
      const me = (await t.http.get('/api/organizers').set(auth()).expect(200)).body.find(
        (o: { username: string }) => o.username === 'admin',
      );
      const created = (
        await t.http
          .post('/api/organizers')
          .set(auth())
          .send({ username: 'clerk1', displayName: '工作人员', password: 'clerk-password-1', role: 'organizer' })
          .expect(201)
      ).body;
      const [record] = await t.db.query<{
        chain: string;
        payload: { actor: string; connection: string; after: { username: string; password_hash?: string } };
      }>("SELECT chain, payload FROM audit_log WHERE payload->>'table' = 'organizer' AND payload->>'row' = $1", [created.id]);
      expect(record.chain).toBe('global');
      expect(record.payload.actor).toBe(`organizer:${me.id}`);
      expect(record.payload.connection).toMatch(/^http \S+/);
      expect(record.payload.after.username).toBe('clerk1');
      expect(record.payload.after.password_hash).toBeUndefined();
    });

    it('records a failed sign-in with the name tried and the address, in the global chain', async () => {
      await t.http.post('/api/auth/login').send({ username: 'no-such-user', password: 'a-wrong-password' }).expect(401);
      const records = await t.db.query<{
        chain: string;
        payload: { actor: string; connection: string; operation: string; after: { username: string; address: string; failures: number } };
      }>(
        "SELECT chain, payload FROM audit_log WHERE payload->>'table' = 'sign_in_throttle' AND payload->'after'->>'username' = 'no-such-user'",
      );
      expect(records).toHaveLength(1);
      expect(records[0].chain).toBe('global');
      expect(records[0].payload).toMatchObject({
        actor: 'anonymous',
        operation: 'INSERT',
        after: { username: 'no-such-user', failures: 1 },
      });
      expect(records[0].payload.connection).toBe(`http ${records[0].payload.after.address}`);
    });
  });

  describe('each insider action is found', () => {
    it('shows the chain head in every export, and the exported file still computes', async () => {
      const fx = await playedEvent();
      const head = await headOf(fx);
      const [last] = await t.db.query<{ seq: string; hash: string }>(
        'SELECT seq::text, hash FROM audit_log WHERE chain = $1 AND seq = (SELECT max(seq) FROM audit_log WHERE chain = $1)',
        [fx.eventId],
      );
      expect(head).toEqual({ chain: fx.eventId, seq: Number(last.seq), hash: last.hash });
      expect(head.seq).toBeGreaterThan(10);
      const exported = (await t.http.get(`/api/events/${fx.eventId}/export`).set(auth()).expect(200)).body;
      const round = (await t.http.get(`/api/events/${fx.eventId}/rounds/${fx.roundId}/export`).set(auth()).expect(200)).body;
      const report = (await t.http.get(`/api/events/${fx.eventId}/report`).set(auth()).expect(200)).body;
      for (const body of [exported, round, report]) expect(body.auditHead).toEqual(head);
      // The global chain (accounts, sign-ins) is anchored with every export too, and shown on the console.
      const [global] = await t.db.query<{ seq: string; hash: string }>(
        "SELECT seq::text, hash FROM audit_log WHERE chain = 'global' ORDER BY seq DESC LIMIT 1",
      );
      const globalHead = { chain: 'global', seq: Number(global.seq), hash: global.hash };
      for (const body of [exported, round, report]) expect(body.globalAuditHead).toEqual(globalHead);
      expect((await t.http.get('/api/audit/head').set(auth()).expect(200)).body).toEqual(globalHead);
      expect(readPodiumFile(JSON.stringify(exported)).ok).toBe(true);
    });

    it('checks chain heads through the admin API too, and refuses one that is not a chain head (400 invalid_anchor)', async () => {
      const fx = await playedEvent();
      const head = await headOf(fx);
      const intact = (
        await t.http
          .get('/api/audit/verify')
          .query({ anchor: anchor(head) })
          .set(auth())
          .expect(200)
      ).body;
      expect(intact).toMatchObject({ anchors: 1, problems: [] });
      expect(intact.heads).toContainEqual(head);
      const cut = { ...head, seq: head.seq + 5 };
      const found = (
        await t.http
          .get('/api/audit/verify')
          .query({ anchor: [anchor(head), anchor(cut)] })
          .set(auth())
          .expect(200)
      ).body;
      expect(found.problems).toEqual([
        {
          problem: 'anchor',
          chain: fx.eventId,
          seq: head.seq + 5,
          detail: `chain ${fx.eventId} ends at #${head.seq}, but the chain head ${anchor(cut)} names #${head.seq + 5}: records were cut from the tail`,
        },
      ]);
      const refused = await t.http
        .get('/api/audit/verify')
        .query({ anchor: `${fx.eventId}:x:abc` })
        .set(auth())
        .expect(400);
      expect(refused.body).toMatchObject({
        code: 'invalid_anchor',
        message: `"${fx.eventId}:x:abc" is not an audit chain head: write <chain>:<record number>:<64 hex digits>, as printed`,
      });
    });

    it('(a) a record edited and every later hash recomputed: the chain checks out, the exported chain head does not', async () => {
      const fx = await playedEvent();
      const exported = (await t.http.get(`/api/events/${fx.eventId}/export`).set(auth()).expect(200)).body;
      const file = join(dir, 'export-a.json');
      await writeFile(file, JSON.stringify(exported));

      // The insider changes who created the event, then rebuilds the chain so every hash matches.
      await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await t.db.query(
        `UPDATE audit_log SET payload = jsonb_set(payload, '{actor}', '"organizer:someone-else"') WHERE chain = $1 AND seq = 1`,
        [fx.eventId],
      );
      const records = await t.db.query<{ id: string; payload: string }>(
        'SELECT id::text, payload::text AS payload FROM audit_log WHERE chain = $1 ORDER BY seq',
        [fx.eventId],
      );
      let prev = '0'.repeat(64);
      for (const record of records) {
        const hash = recordHash(prev, record.payload);
        await t.db.query('UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1', [record.id, prev, hash]);
        prev = hash;
      }
      await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');

      const unanchored = await verify();
      expect(about(unanchored.stdout + unanchored.stderr, fx.eventId)).toEqual([expect.stringContaining(`chain head ${fx.eventId}:`)]);
      const [rewritten] = await t.db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE chain = $1 AND seq = $2', [
        fx.eventId,
        exported.auditHead.seq,
      ]);
      const anchored = await verify('--anchors-from', file);
      expect(anchored.code).toBe(1);
      expect(about(anchored.stderr, fx.eventId)).toEqual([
        `  record #${exported.auditHead.seq} of chain ${fx.eventId} has hash ${rewritten.hash}, but the chain head ${anchor(exported.auditHead)} names ${exported.auditHead.hash}: the chain was rewritten up to there (hashes recomputed)`,
      ]);
    });

    it('(b) the newest records deleted: the printed chain head names the cut, the rows no longer match their records', async () => {
      const fx = await playedEvent();
      const head = await headOf(fx);
      await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await t.db.query('DELETE FROM audit_log WHERE chain = $1 AND seq > $2', [fx.eventId, head.seq - 2]);
      await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      const result = await verify('--anchor', anchor(head));
      expect(result.code).toBe(1);
      const lines = about(result.stderr, fx.eventId);
      expect(lines).toContain(
        `  chain ${fx.eventId} ends at #${head.seq - 2}, but the chain head ${anchor(head)} names #${head.seq}: records were cut from the tail`,
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^  row event ${fx.eventId} differs from its last audit record \\(chain ${fx.eventId}, #\\d+, UPDATE\\): .*screen_mode "\\w+" → "standings"`,
          ),
        ),
      );
    });

    it('(c) a whole event chain deleted: its rows are not in the log, its chain head names a missing chain', async () => {
      const fx = await playedEvent();
      const head = await headOf(fx);
      await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await t.db.query('DELETE FROM audit_log WHERE chain = $1', [fx.eventId]);
      await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      const unanchored = await verify();
      expect(unanchored.code).toBe(1);
      expect(about(unanchored.stderr, fx.eventId)).toContain(
        `  row event ${fx.eventId} is not in the audit log: added without the audit trigger, or its records were deleted`,
      );
      const anchored = await verify('--anchor', anchor(head));
      expect(about(anchored.stderr, fx.eventId)).toContain(
        `  chain ${fx.eventId} has no records, but the chain head ${anchor(head)} names record #${head.seq}: the whole chain was deleted`,
      );
    });

    it('(e) a total changed with the audit trigger disabled', async () => {
      const fx = await playedEvent();
      const [score] = await t.db.query<{ id: string; total: string }>(
        'SELECT s.id, s.total::text AS total FROM score s JOIN presentation p ON p.id = s.presentation_id WHERE p.event_id = $1 LIMIT 1',
        [fx.eventId],
      );
      await t.db.query('ALTER TABLE score DISABLE TRIGGER audit_score');
      await t.db.query('UPDATE score SET total = 99.5 WHERE id = $1', [score.id]);
      const whileOff = await verify();
      expect(whileOff.stderr).toContain('  trigger audit_score on score is disabled: changes to score are not guarded or recorded');
      await t.db.query('ALTER TABLE score ENABLE TRIGGER audit_score');
      const result = await verify();
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('trigger audit_score');
      expect(about(result.stderr, score.id)).toEqual([
        `  row score ${score.id} differs from its last audit record (chain ${fx.eventId}, #${await seqOf('score', score.id)}, INSERT): total ${Number(score.total)} → 99.5 (changed without the audit trigger, or later records were deleted)`,
      ]);
    });

    it('(f) a row changed under session_replication_role = replica', async () => {
      const fx = await playedEvent();
      await t.db.query('SET session_replication_role = replica');
      try {
        await t.db.query(`UPDATE presenter SET unit = '另一个单位' WHERE id = $1`, [fx.presenters[0].id]);
      } finally {
        await t.db.query('RESET session_replication_role');
      }
      const result = await verify();
      expect(result.code).toBe(1);
      expect(about(result.stderr, fx.presenters[0].id)).toEqual([
        `  row presenter ${fx.presenters[0].id} differs from its last audit record (chain ${fx.eventId}, #${await seqOf('presenter', fx.presenters[0].id)}, INSERT): unit "${fx.presenters[0].unit}" → "另一个单位" (changed without the audit trigger, or later records were deleted)`,
      ]);
    });

    it('(d) TRUNCATE of the log is refused; done with the guard lifted, every row is missing from the log and the global chain head names a deleted chain', async () => {
      const head = (
        await t.db.query<{ seq: string; hash: string }>(
          "SELECT seq::text, hash FROM audit_log WHERE chain = 'global' ORDER BY audit_log.seq DESC LIMIT 1",
        )
      ).map((r) => ({ chain: 'global', seq: Number(r.seq), hash: r.hash }))[0];
      await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow('append-only');
      await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate');
      await t.db.query('TRUNCATE audit_log');
      await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate');
      const [admin] = await t.db.query<{ id: string }>("SELECT id FROM organizer WHERE username = 'admin'");
      const result = await verify('--anchor', anchor(head));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^audit log NOT intact \(0 records in 0 chain\(s\), 1 chain head\(s\) checked\):/);
      expect(result.stderr).toContain(
        `  chain global has no records, but the chain head ${anchor(head)} names record #${head.seq}: the whole chain was deleted`,
      );
      expect(result.stderr).toContain(
        `  row organizer ${admin.id} is not in the audit log: added without the audit trigger, or its records were deleted`,
      );
    });
  });

  async function seqOf(table: string, row: string): Promise<number> {
    const [last] = await t.db.query<{ seq: string }>(
      "SELECT seq::text FROM audit_log WHERE payload->>'table' = $1 AND payload->>'row' = $2 ORDER BY id DESC LIMIT 1",
      [table, row],
    );
    return Number(last.seq);
  }
});
