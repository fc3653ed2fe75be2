import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** A reason the database cannot be prepared that the person starting Podium can act on. */
export class DatabaseRoleError extends Error {}

/** Tables the app role may read but never write: the log is appended by the audit trigger alone. */
const READ_ONLY = ['audit_log'];
/** Tables the app role may not touch at all. */
const OWNER_ONLY = ['migrations', 'podium_app_role'];

/** The role the app connects as: the database's name + "_app" (roles are shared by every database of a server). */
export function appRoleName(ownerUrl: string): string {
  const database = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  return `${database || 'postgres'}_app`.slice(0, 63);
}

/**
 * Prepares the database as its owner (DATABASE_URL) and returns the URL the app connects with.
 * Migrations run first, on a connection of their own. Then the app role is made to own nothing and
 * to have exactly what the app needs: it cannot alter or truncate a table, disable a trigger,
 * change session_replication_role, or write the audit log except through the audit trigger. The
 * grants are renewed at every start, so tables of later migrations get them. One instance at a time
 * (an advisory lock), so instances started together do not race.
 */
export async function prepareDatabase(ownerUrl: string): Promise<string> {
  const name = appRoleName(ownerUrl);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query("SELECT pg_advisory_lock(hashtext('podium:prepare-database'))");
    const migrations = new DataSource(dataSourceOptions(ownerUrl));
    await migrations.initialize();
    try {
      await migrations.runMigrations();
    } finally {
      await migrations.destroy();
    }
    const password = await ensureRole(owner, name);
    await grant(owner, name);
    const url = new URL(ownerUrl);
    url.username = encodeURIComponent(name);
    url.password = encodeURIComponent(password);
    return url.toString();
  } finally {
    await owner.end().catch(() => undefined);
  }
}

/** Creates the app role, or resets it to an ordinary login role; returns its password. */
async function ensureRole(owner: pg.Client, name: string): Promise<string> {
  const stored = await owner.query<{ password: string }>('SELECT password FROM podium_app_role WHERE name = $1', [name]);
  const password = stored.rows[0]?.password ?? randomBytes(24).toString('base64url');
  if (!stored.rowCount) await owner.query('INSERT INTO podium_app_role (name, password) VALUES ($1, $2)', [name, password]);
  const role = owner.escapeIdentifier(name);
  // Only a superuser may name SUPERUSER, REPLICATION or BYPASSRLS in ALTER ROLE, and from PostgreSQL
  // 16 only a role that has CREATEDB may name CREATEDB: an existing role gets its login and
  // password, and the rest is checked below.
  const reset = `LOGIN NOINHERIT PASSWORD ${owner.escapeLiteral(password)}`;
  const exists = async () => ((await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount ?? 0) > 0;
  try {
    if (await exists()) await owner.query(`ALTER ROLE ${role} ${reset}`);
    else {
      try {
        await owner.query(`CREATE ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ${reset}`);
      } catch (error) {
        // Roles belong to the whole server: another start may have created it a moment ago.
        if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
        await owner.query(`ALTER ROLE ${role} ${reset}`);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    const [{ user }] = (await owner.query<{ user: string }>('SELECT current_user AS user')).rows;
    throw new DatabaseRoleError(
      `Podium connects to its database as an ordinary role, ${name}, that DATABASE_URL's user ${user} creates and keeps; ` +
        `${user} may not manage roles (${(error as Error).message}). As a superuser run: ALTER ROLE ${owner.escapeIdentifier(user)} CREATEROLE; then start Podium again.`,
    );
  }
  await assertOrdinary(owner, name);
  return password;
}

/**
 * The app role must be ordinary: no superuser, replication or RLS bypass, a member of no other
 * role (SET ROLE would give it that role's rights), owner of nothing. Otherwise Podium does not
 * start, and says what to change.
 */
async function assertOrdinary(owner: pg.Client, name: string): Promise<void> {
  const [role] = (
    await owner.query<{
      super: boolean;
      createdb: boolean;
      createrole: boolean;
      replication: boolean;
      bypass: boolean;
      memberOf: string[];
      owns: number;
    }>(
      `SELECT r.rolsuper AS super, r.rolcreatedb AS createdb, r.rolcreaterole AS createrole, r.rolreplication AS replication, r.rolbypassrls AS bypass,
              ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1) AS "memberOf",
              (SELECT count(*)::int FROM pg_shdepend d WHERE d.refobjid = r.oid AND d.deptype = 'o') AS owns
         FROM pg_roles r WHERE r.rolname = $1`,
      [name],
    )
  ).rows;
  const problems = [
    role.super && 'is a superuser',
    role.createdb && 'may create databases',
    role.createrole && 'may create roles',
    role.replication && 'may replicate',
    role.bypass && 'bypasses row-level security',
    role.memberOf.length > 0 && `is a member of ${role.memberOf.join(', ')}`,
    role.owns > 0 && `owns ${role.owns} object(s)`,
  ].filter(Boolean);
  if (problems.length) {
    throw new DatabaseRoleError(
      `Podium connects to its database as the ordinary role ${name}, but that role ${problems.join(', ')}. ` +
        `As a superuser, make it ordinary (ALTER ROLE ${owner.escapeIdentifier(name)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS, REVOKE its memberships, REASSIGN OWNED BY it) or drop it, then start Podium again.`,
    );
  }
}

/** Exactly what the app needs, renewed at each start: no ownership, no TRUNCATE, no TRIGGER. */
async function grant(owner: pg.Client, name: string): Promise<void> {
  const role = owner.escapeIdentifier(name);
  const [{ database, schema }] = (
    await owner.query<{ database: string; schema: string }>('SELECT current_database() AS database, current_schema() AS schema')
  ).rows;
  const tables = (
    await owner.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [schema])
  ).rows.map((r) => r.name);
  const sequences = (
    await owner.query<{ name: string; table: string | null }>(
      `SELECT s.relname AS name, t.relname AS table FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
         LEFT JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a' LEFT JOIN pg_class t ON t.oid = d.refobjid
        WHERE s.relkind = 'S' AND n.nspname = $1 ORDER BY 1`,
      [schema],
    )
  ).rows;
  const id = (n: string) => `${owner.escapeIdentifier(schema)}.${owner.escapeIdentifier(n)}`;
  await owner.query('BEGIN');
  try {
    await owner.query(`GRANT CONNECT ON DATABASE ${owner.escapeIdentifier(database)} TO ${role}`);
    await owner.query(`GRANT USAGE ON SCHEMA ${owner.escapeIdentifier(schema)} TO ${role}`);
    // Nobody but the owner creates objects here (older servers let everyone create in public): the
    // app role owns nothing, and nothing can shadow a function the audit trigger calls.
    await owner.query(`REVOKE CREATE ON SCHEMA ${owner.escapeIdentifier(schema)} FROM PUBLIC`);
    await owner.query(`REVOKE CREATE ON SCHEMA ${owner.escapeIdentifier(schema)} FROM ${role}`);
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${owner.escapeIdentifier(schema)} FROM ${role}`);
    await owner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${owner.escapeIdentifier(schema)} FROM ${role}`);
    for (const table of tables) {
      if (OWNER_ONLY.includes(table)) continue;
      await owner.query(`GRANT ${READ_ONLY.includes(table) ? 'SELECT' : 'SELECT, INSERT, UPDATE, DELETE'} ON ${id(table)} TO ${role}`);
    }
    for (const sequence of sequences) {
      if (sequence.table && (OWNER_ONLY.includes(sequence.table) || READ_ONLY.includes(sequence.table))) continue;
      await owner.query(`GRANT USAGE, SELECT ON SEQUENCE ${id(sequence.name)} TO ${role}`);
    }
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
}
