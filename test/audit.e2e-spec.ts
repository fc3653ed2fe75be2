import { main } from '../src/cli/podium-cli.js';
import type { JudgeView } from '../src/contracts/live.js';
import { createEventFixture, openScoring, scorePayload } from './support/fixtures.js';
import { LiveClient } from './support/live-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Every change is recorded by the database in hash chains; tampering is found by `podium audit verify`. */
describe('audit log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const fx = await createEventFixture(t, { units: ['红安县'], judges: [{ displayName: 'A1', seatLabel: 'A1' }] });
    const judge = await LiveClient.connect<JudgeView>(t.baseUrl, { role: 'judge', token: fx.judges[0].token });
    await openScoring(t, fx);
    await judge.submit(scorePayload(fx, fx.presentations[0].id, ['50', '30']));
    judge.close();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function verify() {
    let stdout = '';
    let stderr = '';
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.db.url;
    try {
      const code = await main(
        ['audit', 'verify'],
        (s) => (stdout += s),
        (s) => (stderr += s),
      );
      return { code, stdout, stderr };
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }

  it('records who changed what, when and from where, before and after, without secrets', async () => {
    const [score] = await t.db.query<{ payload: { actor: string; connection: string; operation: string; after: { total: string } } }>(
      "SELECT payload FROM audit_log WHERE payload->>'table' = 'score'",
    );
    expect(score.payload).toMatchObject({ operation: 'INSERT', after: { total: 80 } });
    expect(score.payload.actor).toMatch(/^judge:/);
    expect(score.payload.connection).toMatch(/^socket /);
    const stage = await t.db.query<{ payload: { actor: string; before: { state: string }; after: { state: string } } }>(
      "SELECT payload FROM audit_log WHERE payload->>'table' = 'presentation' AND payload->>'operation' = 'UPDATE' ORDER BY id",
    );
    expect(stage.map((r) => [r.payload.before.state, r.payload.after.state])).toEqual([
      ['pending', 'on_stage'],
      ['on_stage', 'scoring_open'],
    ]);
    expect(stage[0].payload.actor).toMatch(/^organizer:/);
    const all = JSON.stringify(await t.db.query('SELECT payload FROM audit_log'));
    expect(all).not.toContain('password_hash');
    expect(all).not.toContain('link_hash');
  });

  it('refuses to change or delete a record', async () => {
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow('append-only');
  });

  it('verifies an intact log, then names the record someone altered directly in the database', async () => {
    const intact = await verify();
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/audit log intact: \d+ records in 2 chain\(s\)/);
    const [target] = await t.db.query<{ id: string }>("SELECT id::text FROM audit_log WHERE payload->>'table' = 'score'");
    await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.db.query(`UPDATE audit_log SET payload = jsonb_set(payload, '{after,total}', '99') WHERE id = $1`, [target.id]);
    const altered = await verify();
    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain(`record ${target.id} `);
    expect(altered.stderr).toContain('altered');
  });

  it('names the record that follows one that was removed', async () => {
    const rows = await t.db.query<{ id: string; chain: string; seq: string }>(
      "SELECT id::text, chain, seq::text FROM audit_log WHERE chain <> 'global' ORDER BY seq LIMIT 3",
    );
    // Only someone with the database's owner rights can do this: lift the append-only guard first.
    await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.db.query('DELETE FROM audit_log WHERE id = $1', [rows[1].id]);
    const removed = await verify();
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain(`record ${rows[2].id} `);
    expect(removed.stderr).toContain('a record before it was removed');
  });
});
