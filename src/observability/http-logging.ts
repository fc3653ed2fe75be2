import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import { loggedUrl } from './logged-url.js';
import type { Logs } from './logs.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** An incoming id is kept only when it is short and plain (nginx's $request_id is 32 hex digits). */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id a request is logged under: the one nginx (or another proxy) sent, else a new one. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  const id = Array.isArray(incoming) ? incoming[0] : incoming;
  return id !== undefined && PLAIN_ID.test(id) ? id : randomUUID();
}

type Request = IncomingMessage & { originalUrl?: string; ip?: string; id?: unknown };
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const urlOf = (req: Request) => loggedUrl(req.originalUrl ?? req.url ?? '');

const PROBE = /^\/(health|metrics)(\/|$)/;
const API = /^\/(api|judge)(\/|$)/;

/**
 * Probes (every second, from every load balancer) and the static client's files tell little:
 * `debug`, also for a probe's 503 (Readiness logs the change itself, once). A 4xx is a refusal
 * the client was told about: `info`. Any other 5xx: `error`.
 */
function levelOf(req: Request, res: ServerResponse, error?: Error): LevelWithSilent {
  const path = urlOf(req);
  if (PROBE.test(path) && !error && res.statusCode !== 500) return 'debug';
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'info';
  return API.test(path) ? 'info' : 'debug';
}

/**
 * One line per REST request when its answer is sent: method, URL (tokens hidden, see `loggedUrl`),
 * status, time taken, client address, and the request id, which is echoed in the X-Request-Id
 * response header and carried by every line logged while the request is served. Neither headers
 * nor bodies are logged.
 */
export function httpLogging(logs: Logs): Middleware[] {
  const http = pinoHttp<Request, ServerResponse>({
    logger: logs.child('http'),
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers[REQUEST_ID_HEADER.toLowerCase()]);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    serializers: {
      req: (req: { method: string; raw: Request }) => ({ method: req.method, url: urlOf(req.raw), remoteAddress: req.raw.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: levelOf,
    customSuccessMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    // pino-http makes up an Error for a plain 5xx; a real one was logged, with its stack, where it was caught.
    customErrorObject: (_req, res, _error, fields: Record<string, unknown>) => ({ res, responseTime: fields.responseTime }),
  });
  const scope: Middleware = (req, _res, next) => {
    const id = (req as Request).id;
    logs.within({ requestId: typeof id === 'string' ? id : '' }, next);
  };
  return [http, scope];
}
