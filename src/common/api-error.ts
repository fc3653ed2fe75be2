import { HttpException, HttpStatus, type Logger } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

import { type ApiErrorBody, type ErrorCode, VALIDATION_KINDS, type ValidationKind } from '../contracts/errors.js';

export type { ApiErrorBody, ErrorCode };

export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: ErrorCode, message: string, fields?: ApiErrorBody['fields'], roles?: ApiErrorBody['roles']) {
    super({ statusCode: status, code, message, ...(fields ? { fields } : {}), ...(roles ? { roles } : {}) } satisfies ApiErrorBody, status);
  }
}

export const notFound = (what: string) => new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${what} not found`);
export const conflict = (code: ErrorCode, message: string) => new ApiError(HttpStatus.CONFLICT, code, message);
export const badRequest = (code: ErrorCode, message: string, fields?: ApiErrorBody['fields']) =>
  new ApiError(HttpStatus.BAD_REQUEST, code, message, fields);
export const forbidden = (code: ErrorCode, message: string) => new ApiError(HttpStatus.FORBIDDEN, code, message);
export const unauthorized = (message: string, code: ErrorCode = 'unauthorized') => new ApiError(HttpStatus.UNAUTHORIZED, code, message);
export const tooManyRequests = (code: ErrorCode, message: string) => new ApiError(HttpStatus.TOO_MANY_REQUESTS, code, message);
export const unavailable = (code: ErrorCode, message: string) => new ApiError(HttpStatus.SERVICE_UNAVAILABLE, code, message);

const kindOf = (constraint: string): ValidationKind =>
  (VALIDATION_KINDS as readonly string[]).includes(constraint) ? (constraint as ValidationKind) : 'invalid';

function flatten(errors: ValidationError[], prefix = ''): NonNullable<ApiErrorBody['fields']> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, problems: Object.values(error.constraints), kinds: [...new Set(Object.keys(error.constraints).map(kindOf))] }]
      : [];
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** Turns class-validator's findings into one 400 that names every bad field. */
export function validationError(errors: ValidationError[]): ApiError {
  const fields = flatten(errors);
  const message = fields.map((f) => f.problems.join('; ')).join('; ') || 'invalid input';
  return badRequest('validation_failed', message, fields);
}

/**
 * PostgreSQL refusals that a request can cause (two organizers taking the same name at once, an
 * id that is not a UUID): answered as the 4xx they are. The constraint is named, never the SQL.
 */
function databaseErrorBody(error: unknown): ApiErrorBody | null {
  if (databaseUnreachable(error)) {
    return {
      statusCode: 503,
      code: 'database_unavailable',
      message: 'the database cannot be reached right now; nothing was stored, try again (tablets resend by themselves)',
    };
  }
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  switch (driverError?.code) {
    case '23505':
      return { statusCode: 409, code: 'already_exists', message: `this already exists (${driverError.constraint ?? 'unique constraint'})` };
    case '23503':
      return {
        statusCode: 409,
        code: 'still_referenced',
        message: `this is still referenced (${driverError.constraint ?? 'foreign key'})`,
      };
    case '23502':
    case '22P02':
    case '22003':
      return { statusCode: 400, code: 'bad_request', message: 'a value is missing or has the wrong form' };
    default:
      return null;
  }
}

/** Normalises anything thrown into the public error body; unknown errors never leak details. */
export function toErrorBody(error: unknown): ApiErrorBody {
  const fromDatabase = databaseErrorBody(error);
  if (fromDatabase) return fromDatabase;
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) return response as ApiErrorBody;
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.join('; ') : error.message;
    return { statusCode: error.getStatus(), code: httpCode(error.getStatus()), message };
  }
  return { statusCode: 500, code: 'internal_error', message: 'internal error; the server log has the details' };
}

function httpCode(status: number): ErrorCode {
  const known: Record<number, ErrorCode> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    429: 'too_many_requests',
  };
  return known[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

/**
 * Errors that mean "the database is not there" rather than "this request is wrong": a refused or
 * dropped connection, a server shutting down or starting up. They are retriable; nothing was
 * committed, so nothing was acknowledged.
 */
export function databaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e: unknown = error;
    e && typeof e === 'object' && !seen.has(e);
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && (OUTAGE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof name === 'string' && OUTAGE_ERRORS.has(name)) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGE.test(message)) return true;
  }
  return false;
}

// Socket errors, and PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now (plus class 08, connection exceptions).
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);
// TypeORM's errors for a query runner whose connection died under it (used again after the server went away).
const OUTAGE_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);
// node-postgres says these in words only.
const OUTAGE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|terminating connection due to|the database system is (starting up|shutting down|in recovery mode)/i;

/** An internal error is logged with its stack; an expected 503 (an outage, a busy server) in one line; a 4xx not at all. */
export function logRefusal(logger: Logger, body: ApiErrorBody, exception: unknown): void {
  if (body.statusCode === 500) logger.error(exception instanceof Error ? exception.stack : String(exception));
  else if (body.statusCode > 500) logger.warn(`${body.code}: ${exception instanceof Error ? exception.message : String(exception)}`);
}
