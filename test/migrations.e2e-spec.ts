import { DataSource } from 'typeorm';
import { Initial1795330847870 } from '../migrations/1795330847870-Initial.js';
import { MIGRATIONS } from '../migrations/index.js';
import { verifyAuditLog } from '../src/audit/audit.service.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/** Migrations are reviewed code: the rule backfill turns an event of the first schema into its declared rule. */
describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  const migrate = async (migrations: unknown[]) => {
    const source = new DataSource({ type: 'postgres', url: db.url, migrations: migrations as never, migrationsTransactionMode: 'each' });
    await source.initialize();
    await source.runMigrations();
    await source.destroy();
  };

  it('carries an event of the first schema over to a declared rule', async () => {
    await migrate([Initial1795330847870]);
    const [owner] = await db.query<{ id: string }>(
      `INSERT INTO organizer (username, display_name, password_hash, role) VALUES ('a', 'A', 'x', 'admin') RETURNING id`,
    );
    await db.query(
      `INSERT INTO event (name, public_code, owner_id, aggregation, trim_k, decimals) VALUES ('旧', 'OLD12345', $1, 'trimmed_mean', 2, 1), ('均值', 'OLD67890', $1, 'mean', 1, 2)`,
      [owner.id],
    );
    await migrate(MIGRATIONS);
    const events = await db.query<{ name: string; rule: { aggregation: unknown; rounding: unknown }; standings: { method: string } }>(
      'SELECT name, rule, standings FROM event ORDER BY name',
    );
    expect(events.map((e) => [e.name, e.rule.aggregation, e.rule.rounding, e.standings.method])).toEqual([
      ['均值', { method: 'mean' }, { decimals: 2, mode: 'half_up' }, 'total'],
      ['旧', { method: 'trimmed_mean', trim: 2 }, { decimals: 1, mode: 'half_up' }, 'total'],
    ]);
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'event'`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain('trim_k');

    // Units stored before names were cleaned at the boundary are cleaned too: no look-alike stays.
    const [event] = await db.query<{ id: string }>(`SELECT id FROM event WHERE name = '旧'`);
    await db.query(`INSERT INTO presenter (event_id, title, unit, name) VALUES ($1, '县委书记', $2, '')`, [event.id, ' 红\u200B安县 ']);
    await db.query(`INSERT INTO judge (event_id, display_name, seat_label, conflict_units) VALUES ($1, '评委', 'A1', $2)`, [
      event.id,
      ['ＨＡ县', '麻城市'],
    ]);
    await db.query(`DELETE FROM migrations WHERE name = 'PlainUnits1795420000000'`);
    await migrate(MIGRATIONS);
    expect((await db.query<{ unit: string }>('SELECT unit FROM presenter'))[0].unit).toBe('红安县');
    expect((await db.query<{ conflict_units: string[] }>('SELECT conflict_units FROM judge'))[0].conflict_units).toEqual([
      'HA县',
      '麻城市',
    ]);
  });

  it('gives rows stored before the audit log a baseline record, so the log and the data agree', async () => {
    const baselines = await db.query<{ table: string; actor: string }>(
      "SELECT payload->>'table' AS table, payload->>'actor' AS actor FROM audit_log WHERE payload->>'operation' = 'BASELINE' ORDER BY id",
    );
    expect(baselines).toEqual([
      { table: 'event', actor: 'migration:AuditOwnerRole1795440000000' },
      { table: 'event', actor: 'migration:AuditOwnerRole1795440000000' },
      { table: 'organizer', actor: 'migration:AuditOwnerRole1795440000000' },
    ]);
    const verified = await verifyAuditLog(<R>(sql: string, params?: unknown[]) => db.query(sql, params) as Promise<R[]>);
    expect(verified.problems).toEqual([]);
  });
});
