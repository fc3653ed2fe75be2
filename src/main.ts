import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './app.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { DatabaseRoleError } from './database/app-role.js';
import { EmbeddedDatabaseError, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { DemoService } from './demo/demo.service.js';
import { AuthService } from './organizers/auth.service.js';

let embedded: EmbeddedDatabase | null = null;
let app: INestApplication | null = null;

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    console.log(`Starting the embedded PostgreSQL (PODIUM_DATA_DIR ${config.PODIUM_DATA_DIR}) …`);
    embedded = await startEmbeddedPostgres(config.PODIUM_DATA_DIR);
  }
  app = await createApp(config, config.DATABASE_URL ?? embedded!.url);
  // Migrations, the first admin and the demo are in place before anyone can connect.
  await app.init();
  const admin = await app.get(AuthService).ensureFirstAdmin();
  const demo = config.PODIUM_DEMO === '1' ? await app.get(DemoService).seedIfEmpty() : null;
  await app.listen(config.PORT);
  printBanner(config, admin, demo);
}

/** The one way out: the app first (in-flight requests finish), then the embedded database. */
async function shutdown(code: number): Promise<never> {
  try {
    await app?.close();
  } catch (error) {
    console.error('Closing the app failed:', error);
  }
  try {
    await embedded?.stop();
  } catch (error) {
    console.error('Stopping the embedded PostgreSQL failed:', error);
  }
  process.exit(code);
}

function printBanner(
  config: AppConfig,
  admin: Awaited<ReturnType<AuthService['ensureFirstAdmin']>>,
  demo: Awaited<ReturnType<DemoService['seedIfEmpty']>>,
): void {
  const url = config.publicUrl;
  const lines = [``, `Podium is running at ${url}`, `  organizer console: ${url}/admin   API documentation: ${url}/api/docs`];
  if (/^http:\/\/(?!localhost[:/]|localhost$|127\.|\[::1\])/.test(url)) {
    lines.push(`  note: on plain http at a LAN address, browsers keep no offline copy of the pages (README, "Offline tablets")`);
  }
  if (embedded) {
    lines.push(`  embedded PostgreSQL data: ${embedded.dataDir}`);
    if (embedded.movedFrom)
      lines.push(`    (Podium runs as root and the "postgres" user cannot enter ${embedded.movedFrom}; a note there points here)`);
  }
  if (admin?.generatedPassword) {
    lines.push(
      ``,
      `First start: an admin account was created. This password is shown only once:`,
      `  username: ${admin.username}`,
      `  password: ${admin.generatedPassword}`,
    );
  }
  if (demo) {
    lines.push(
      ``,
      `Demo event "${demo.eventName}"`,
      `  big screen: ${url}/screen/${demo.publicCode}`,
      `  judge links (secret, shown only now):`,
    );
    for (const judge of demo.judges) lines.push(`    ${judge.seatLabel}  ${judge.link}  ${judge.displayName}`);
  }
  console.log(lines.join('\n') + '\n');
}

// A last resort: a promise that something forgot to handle (a database outage at the wrong
// moment, say) is logged, and the show goes on. Every known path handles its own failures.
process.on('unhandledRejection', (reason: unknown) => {
  console.error('Unhandled rejection (the server keeps running):', reason instanceof Error ? reason.stack : reason);
});

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError || error instanceof DatabaseRoleError) {
    console.error(error.message);
  } else {
    console.error('Podium could not start:', error);
  }
  await shutdown(1);
});
