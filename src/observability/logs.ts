import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger as Log } from 'pino';

/** Fields a logger adds to every line it writes (a request id, a connection id, an event id). */
export type LogBindings = Record<string, string | number | boolean>;

export interface LogsOptions {
  level: LevelWithSilent;
  /** Where the lines go; standard output by default (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/**
 * Keys that hold secrets wherever they turn up in a logged object (a handshake's `auth`, a header
 * map, a login body someone logs by mistake): their values are replaced, never written.
 */
const SECRET_KEYS = ['token', 'password', 'authorization', 'cookie'];
const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`]);

/**
 * This instance's log: one JSON object a line, each with `level`, `time`, `msg` and `context` (the
 * part of Podium that wrote it), plus the bindings of the logger that wrote it (`requestId` for
 * REST, `connection` for the live channel). One per application, not per process, so several
 * instances in one test process each keep their own.
 */
export class Logs {
  private readonly root: Logger;
  private readonly scope = new AsyncLocalStorage<Logger>();

  constructor(options: LogsOptions) {
    this.root = pino(
      {
        level: options.level,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      },
      options.destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  /** A logger for one part of Podium (`context`), whose every line also carries `bindings`. */
  child(context: string, bindings: LogBindings = {}): Logger {
    return this.root.child({ context, ...bindings });
  }

  /** For the live channel: every line about one socket.io connection carries its id (`connection`). */
  forConnection(connection: string, bindings: LogBindings = {}, context = 'live'): Logger {
    return this.child(context, { connection, ...bindings });
  }

  /**
   * Runs `work` so that what Nest's `Logger` writes inside it (and in everything it awaits) carries
   * `bindings`: a REST request's id, say. Without a context of its own: Nest's Logger gives each line one.
   */
  within<T>(bindings: LogBindings, work: () => T): T {
    return this.scope.run(this.root.child(bindings), work);
  }

  /** The logger of the unit of work being served (see `within`), else the plain one. */
  current(): Logger {
    return this.scope.getStore() ?? this.root;
  }
}

/** Quiet tests (warnings and errors only), everything from `info` on otherwise, unless PODIUM_LOG_LEVEL says. */
export function defaultLogLevel(configured: LevelWithSilent | undefined, nodeEnv = process.env.NODE_ENV): LevelWithSilent {
  return configured ?? (nodeEnv === 'test' ? 'warn' : 'info');
}
