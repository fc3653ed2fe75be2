import { isTimeZone } from '../common/calendar-date.js';
import { lanAddresses } from './lan-address.js';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, validateSync } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const integer = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Podium's configuration, read from the environment once at start. Every variable is checked
 * here, so a typo stops the app with a message naming it instead of failing later mid-show.
 */
export class AppConfig {
  /** PostgreSQL to use; without it Podium runs its own embedded PostgreSQL. */
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  // class-validator checks the bottom decorator first; with stopAtFirstError the message is the first problem.
  @Transform(integer)
  @Max(65535)
  @Min(0)
  @IsInt({ message: 'PORT must be a whole number' })
  PORT: number = 3000;

  /** Where the embedded database keeps its data (relative to the working directory). */
  @Transform(trimmed)
  @IsString()
  PODIUM_DATA_DIR: string = '.podium';

  /** '0' turns off the demo event created on an empty database. */
  @Transform(trimmed)
  @IsIn(['0', '1'], { message: 'PODIUM_DEMO must be 0 or 1' })
  PODIUM_DEMO: '0' | '1' = '1';

  /** Password of the first admin account; when unset a random one is generated and printed once. */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(10, { message: 'PODIUM_ADMIN_PASSWORD must be at least 10 characters long' })
  @MaxLength(200)
  PODIUM_ADMIN_PASSWORD?: string;

  /** How long an organizer's sign-in lasts. */
  @Transform(integer)
  @Max(24 * 30)
  @Min(1)
  @IsInt({ message: 'PODIUM_SESSION_HOURS must be a whole number of hours' })
  PODIUM_SESSION_HOURS: number = 12;

  /** After five failed sign-ins of one name from one address, the first wait; it doubles with each further failure, up to 15 minutes. */
  @Transform(integer)
  @Max(15 * 60)
  @Min(1)
  @IsInt({ message: 'PODIUM_SIGN_IN_BACKOFF_SECONDS must be a whole number of seconds' })
  PODIUM_SIGN_IN_BACKOFF_SECONDS: number = 1;

  /** The address judges and screens reach the server at, used in printed links and QR codes. */
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PODIUM_PUBLIC_URL must be an http:// or https:// URL' })
  PODIUM_PUBLIC_URL?: string;

  /** Other origins allowed to call the API and the live channel (comma-separated); by default only Podium's own pages. */
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, {
    message: 'PODIUM_CORS_ORIGINS must be a comma-separated list of origins such as https://hall.example.cn',
  })
  PODIUM_CORS_ORIGINS?: string;

  /**
   * Big screens and remote viewers one address may hold open at once, over all instances: a remote
   * hall's phones behind one NAT address fit; an outsider with the public code gets no more.
   */
  @Transform(integer)
  @Max(100_000)
  @Min(1)
  @IsInt({ message: 'PODIUM_SCREENS_PER_ADDRESS must be a whole number' })
  PODIUM_SCREENS_PER_ADDRESS: number = 200;

  /** Big screens and remote viewers one event may have open at once, over all instances. */
  @Transform(integer)
  @Max(1_000_000)
  @Min(1)
  @IsInt({ message: 'PODIUM_SCREENS_PER_EVENT must be a whole number' })
  PODIUM_SCREENS_PER_EVENT: number = 20_000;

  /**
   * Redis shared by several instances behind a load balancer: the live channel (the socket.io
   * Redis streams adapter), the instances' news of each other's changes, and the shared limits.
   * Without it one instance runs alone and needs no Redis.
   */
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** The prefix of every Redis key and stream of this deployment (several deployments may share one Redis). */
  @Transform(trimmed)
  @Matches(/^[A-Za-z0-9_.:-]{1,40}$/, { message: 'PODIUM_REDIS_PREFIX must be 1 to 40 letters, digits or _ . : -' })
  PODIUM_REDIS_PREFIX: string = 'podium';

  /** Reverse proxies in front of Podium (nginx for https, a load balancer) whose X-Forwarded-For is trusted. */
  @Transform(integer)
  @Max(10)
  @Min(0)
  @IsInt({ message: 'PODIUM_TRUST_PROXY must be the number of reverse proxies in front of Podium (0 when none)' })
  PODIUM_TRUST_PROXY: number = 0;

  /** How much the JSON log says: warn in tests, info otherwise (docs/operations.md). */
  @IsOptional()
  @Transform(trimmed)
  @IsIn(LOG_LEVELS, { message: `PODIUM_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  PODIUM_LOG_LEVEL?: LogLevel;

  /**
   * The secret ballot codes are derived from and ballots keyed by while their poll is open
   * (docs/ballots.md). Required with REDIS_URL (every instance must derive the same codes); alone,
   * Podium keeps one in PODIUM_DATA_DIR/ballot-secret (created on first use, mode 0600).
   */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(32, { message: 'PODIUM_BALLOT_SECRET must be at least 32 characters long (e.g. openssl rand -base64 32)' })
  @MaxLength(200)
  PODIUM_BALLOT_SECRET?: string;

  /**
   * A bearer token that GET /metrics requires when set (for a Prometheus outside the private
   * network); without it /metrics answers only loopback and private addresses.
   */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(16, { message: 'PODIUM_METRICS_TOKEN must be at least 16 characters long' })
  @MaxLength(200)
  PODIUM_METRICS_TOKEN?: string;

  /**
   * The time zone whose calendar decides "today" for commitments' deadlines (a commitment due on
   * the 30th is overdue from the 31st there), whatever the server's own clock zone is.
   */
  @Transform(trimmed)
  @IsString()
  @ValidateBy(
    {
      name: 'isTimeZone',
      validator: { validate: (value) => typeof value === 'string' && isTimeZone(value) },
    },
    { message: 'PODIUM_TIME_ZONE must be an IANA time zone such as Asia/Shanghai' },
  )
  PODIUM_TIME_ZONE: string = 'Asia/Shanghai';

  get corsOrigins(): string[] {
    return (this.PODIUM_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }

  /** This machine's addresses on a network, best first, found at start (see lan-address.ts); not an environment variable. */
  lanAddresses: string[] = [];

  get lanAddress(): string | null {
    return this.lanAddresses[0] ?? null;
  }

  /**
   * Where tablets and screens reach Podium, for judge links and QR codes: PODIUM_PUBLIC_URL when
   * set, else this machine's LAN address, else localhost (which no tablet can reach: the console
   * warns about it).
   */
  get publicUrl(): string {
    return (this.PODIUM_PUBLIC_URL ?? `http://${this.lanAddress ?? 'localhost'}:${this.PORT}`).replace(/\/+$/, '');
  }

  /** Where publicUrl comes from: set by the organizer, found on the network, or the fallback no tablet can reach. */
  get publicUrlSource(): 'configured' | 'detected' | 'localhost' {
    return this.PODIUM_PUBLIC_URL ? 'configured' : this.lanAddress ? 'detected' : 'localhost';
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, lan: string[] = lanAddresses()): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig())
      .filter((k) => k !== 'lanAddresses')
      .concat(
        'DATABASE_URL',
        'PODIUM_ADMIN_PASSWORD',
        'PODIUM_PUBLIC_URL',
        'PODIUM_CORS_ORIGINS',
        'PODIUM_LOG_LEVEL',
        'PODIUM_METRICS_TOKEN',
        'PODIUM_BALLOT_SECRET',
        'REDIS_URL',
      )
      .map((k) => [k, env[k]]),
  );
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `  ${e.property}=${JSON.stringify(env[e.property] ?? '')}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.REDIS_URL && !config.PODIUM_BALLOT_SECRET)
    throw new ConfigError(
      'Invalid configuration:\n  PODIUM_BALLOT_SECRET is required with REDIS_URL: every instance must derive the same ballot codes ' +
        '(set the same value, at least 32 characters, e.g. from openssl rand -base64 32, on every instance)',
    );
  config.lanAddresses = lan;
  return config;
}
