import type { LoggerService } from '@nestjs/common';
import type { Level } from 'pino';
import type { Logs } from './logs.js';

const STACK = /\n\s+at /;
/** Nest's start-up bookkeeping (a line per module, route and message handler): `debug`, not a hundred `info` lines per start. */
const BOOKKEEPING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/**
 * Nest's `Logger` (every `new Logger(Context)` in Podium, and Nest's own start-up lines) written
 * as JSON lines through `Logs`: the context Nest passes last becomes `context`, an error's stack
 * becomes `stack`, and a line written while a request is served carries its `requestId`.
 */
export class NestLogs implements LoggerService {
  constructor(private readonly logs: Logs) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(BOOKKEEPING.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const log = this.logs.current();
    if (!log.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest passes the context last; an error's lone string argument may be its stack instead.
    const last = rest.at(-1);
    const context = typeof last === 'string' && !STACK.test(last) ? (rest.pop() as string) : 'app';
    const fields: Record<string, unknown> = { context };
    const stackAt = rest.findIndex((p) => typeof p === 'string' && STACK.test(p));
    if (stackAt >= 0) fields.stack = rest.splice(stackAt, 1)[0];
    if (rest.length > 0) fields.params = rest;
    if (message instanceof Error) log[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object') log[level]({ ...fields, data: message });
    else log[level](fields, String(message));
  }
}
