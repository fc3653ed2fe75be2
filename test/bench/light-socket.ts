// A light socket.io client for the benchmark: the engine.io v4 / socket.io v5 protocol spoken
// directly over `ws`, so that a thousand simulated screens fit in the bench process without a
// thousand socket.io-client managers, timers and parsers. It speaks only what Podium's clients use:
// `40{auth}` to connect (`40{sid}` accepted, `44{message,data}` refused), `42[event,data]` events,
// `42<id>[event,data]` / `43<id>[result]` acknowledgements, and the server's ping `2` answered `3`.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { applyUpdate, type LivePatch, type LiveUpdate, type LiveView, takesSnapshot } from '../../src/contracts/live.js';

/** Why a connection was not made: the server's connect_error code, or a transport failure. */
export class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 0,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * The same broadcast reaches every screen as the same bytes: it is parsed once and shared (the
 * parsed objects are never mutated). A real screen parses on its own device, not on the server's
 * machine, so the bench process should not spend a thousand parses on one message.
 */
const parsed: { raw: Buffer; value: unknown }[] = [];
function parseShared(raw: Buffer, start: number): unknown {
  for (const entry of parsed) if (entry.raw.length === raw.length && entry.raw.equals(raw)) return entry.value;
  const value: unknown = JSON.parse(raw.toString('utf8', start));
  parsed.push({ raw, value });
  if (parsed.length > 8) parsed.shift();
  return value;
}

export interface LightOptions {
  /** A local address to connect from (127.0.0.2, …), as clients on other machines would. */
  from?: string;
  /** The heartbeat (`time.sync`) every real tablet and big screen sends; 0 for none. */
  heartbeatMs?: number;
  timeoutMs?: number;
}

type Handler = (data: unknown, bytes: number) => void;

export class LightSocket {
  private ws: WebSocket | null = null;
  private nextAck = 0;
  private readonly acks = new Map<number, (result: unknown) => void>();
  private readonly handlers = new Map<string, Handler>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  connected = false;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: object,
    private readonly options: LightOptions = {},
  ) {}

  /** Handlers are set before `open`, so that the snapshot sent right after the handshake is not missed. */
  on(event: string, handler: Handler): this {
    this.handlers.set(event, handler);
    return this;
  }

  /** Connects and completes the socket.io handshake; rejects with `Refused` saying why not. */
  open(): Promise<this> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(this.options.from ? { localAddress: this.options.from } : {}) });
    this.ws = ws;
    return new Promise<this>((resolve, reject) => {
      let settled = false;
      const fail = (error: Refused) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Refused('timeout', 'no answer to the handshake')), this.options.timeoutMs ?? 60_000);
      ws.on('error', (error: Error & { code?: string }) => fail(new Refused(`transport_${error.code ?? 'error'}`, error.message)));
      ws.on('unexpected-response', (_request, response) => fail(new Refused(`http_${response.statusCode}`, 'the upgrade was refused')));
      ws.on('close', () => {
        this.connected = false;
        this.stopHeartbeat();
        fail(new Refused('transport_closed', 'closed during the handshake'));
        for (const ack of this.acks.values()) ack(null);
        this.acks.clear();
      });
      ws.on('message', (raw: Buffer) => {
        const type = raw[0];
        // 0: engine.io open (the socket.io handshake follows); 2: the server's ping.
        if (type === 0x30) return ws.send(`40${JSON.stringify(this.auth)}`);
        if (type === 0x32) return ws.send('3');
        if (type !== 0x34) return;
        const kind = raw[1];
        if (kind === 0x30) {
          this.connected = true;
          settled = true;
          clearTimeout(timer);
          this.startHeartbeat();
          return resolve(this);
        }
        if (kind === 0x34) {
          const body = JSON.parse(raw.toString('utf8', 2)) as { message: string; data?: { code?: string; statusCode?: number } };
          return fail(new Refused(body.data?.code ?? 'connect_error', body.message, body.data?.statusCode));
        }
        // 2: an event, 3: an ack; either may carry an id before its JSON array.
        let start = 2;
        while (start < raw.length && raw[start] >= 0x30 && raw[start] <= 0x39) start++;
        if (kind === 0x33) {
          const id = Number(raw.toString('latin1', 2, start));
          const [result] = JSON.parse(raw.toString('utf8', start)) as unknown[];
          this.acks.get(id)?.(result);
          this.acks.delete(id);
        } else if (kind === 0x32) {
          const [event, data] = parseShared(raw, start) as [string, unknown];
          this.handlers.get(event)?.(data, raw.length);
        }
      });
    });
  }

  /** Sends an event and resolves with the server's acknowledgement, or null on timeout or close. */
  emitWithAck<R = unknown>(event: string, data?: unknown, timeoutMs = 120_000): Promise<R | null> {
    const ws = this.ws;
    if (!ws || !this.connected) return Promise.resolve(null);
    const id = this.nextAck++;
    return new Promise<R | null>((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve(null);
      }, timeoutMs);
      this.acks.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as R | null);
      });
      ws.send(`42${id}${JSON.stringify(data === undefined ? [event] : [event, data])}`);
    });
  }

  /** A clean disconnect (`41`, then the close handshake). */
  close(): void {
    this.stopHeartbeat();
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send('41');
    this.ws?.close();
    this.connected = false;
  }

  /** An abrupt one: the TCP connection is dropped without a word. */
  terminate(): void {
    this.stopHeartbeat();
    this.ws?.terminate();
    this.connected = false;
  }

  private startHeartbeat(): void {
    const every = this.options.heartbeatMs ?? 0;
    if (every <= 0) return;
    // Spread over the interval, as clients that came at different times are.
    const first = setTimeout(() => {
      this.heartbeat = setInterval(() => void this.emitWithAck('time.sync', undefined, 3_500), every);
    }, Math.random() * every);
    this.heartbeat = first as unknown as ReturnType<typeof setInterval>;
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) {
      clearTimeout(this.heartbeat);
      clearInterval(this.heartbeat);
    }
    this.heartbeat = null;
  }
}

/**
 * The live view a client holds, followed as client/src/live/use-live.ts does: the snapshot, each
 * update applied with `applyUpdate`, a `snapshot.request` on a gap. Also accepts the complete views
 * that servers before the patches sent (an `update` with `view` and no `base`). Records when each
 * version came to be held, in this process's `performance.now()`.
 */
export class Follower {
  held: LiveUpdate | null = null;
  /** (time, version) each time a newer version came to be held. */
  readonly times: number[] = [];
  readonly versions: number[] = [];
  resyncs = 0;
  /** Sizes in bytes of the `update` frames received (the socket.io packet as sent). */
  readonly updateBytes: number[] = [];
  snapshotBytes = 0;

  constructor(readonly socket: LightSocket) {
    socket.on('snapshot', (data, bytes) => {
      this.snapshotBytes = bytes;
      this.take(data as LiveUpdate);
    });
    socket.on('update', (data, bytes) => {
      this.updateBytes.push(bytes);
      const next = applyUpdate(this.held, asPatch(data));
      if (next === 'resync') void this.resync();
      else if (next !== 'ignore') this.hold(next);
    });
  }

  static async connect(baseUrl: string, auth: object, options: LightOptions = {}): Promise<Follower> {
    const follower = new Follower(new LightSocket(baseUrl, auth, options));
    await follower.socket.open();
    return follower;
  }

  get version(): number {
    return this.held?.version ?? -1;
  }

  /** When this client first held `version` or a later one (undefined: not yet). */
  reached(version: number): number | undefined {
    let i = this.versions.length;
    // Versions only grow: find the first one at or above `version`.
    while (i > 0 && this.versions[i - 1] >= version) i--;
    return i < this.versions.length ? this.times[i] : undefined;
  }

  /** Forgets the recorded times (between phases). */
  forget(): void {
    this.times.length = 0;
    this.versions.length = 0;
    this.updateBytes.length = 0;
  }

  private take(snapshot: LiveUpdate): void {
    if (takesSnapshot(this.held, snapshot)) this.hold(snapshot);
  }

  private hold(update: LiveUpdate): void {
    const newer = update.version > this.version;
    this.held = update;
    if (newer) {
      this.times.push(performance.now());
      this.versions.push(update.version);
    }
  }

  /**
   * The event's latest version, asked of the server (a snapshot request, its answer not applied):
   * after every ack of a burst, the version every screen must reach. Scores written in one
   * transaction share a version, so it is not "before + acks".
   */
  async currentVersion(): Promise<number> {
    const reply = await this.socket.emitWithAck<{ ok: boolean; data: LiveUpdate }>('snapshot.request', undefined, 60_000);
    if (!reply?.ok) throw new Error(`the server did not answer a snapshot request: ${JSON.stringify(reply)}`);
    return reply.data.version;
  }

  /** As the big screen does: asked again after a refusal (a busy server, the snapshot rate limit), never given up. */
  private async resync(attempt = 0): Promise<void> {
    if (attempt === 0) this.resyncs++;
    const reply = await this.socket.emitWithAck<{ ok: boolean; data: LiveUpdate }>('snapshot.request', undefined, 10_000);
    if (reply?.ok) this.take(reply.data);
    else if (this.socket.connected)
      setTimeout(() => void this.resync(attempt + 1), Math.min(1_000 * 2 ** attempt, 15_000) * (0.5 + Math.random() / 2));
  }
}

/** An update as the current server sends it (a patch on `base`), or as servers before it did (a complete `view`, no `base`). */
export function asPatch(data: unknown): LivePatch {
  const update = data as LivePatch & { view?: LiveView };
  if (update.base === undefined && update.view !== undefined) {
    return { base: null, version: update.version, cause: update.cause, serverTime: update.serverTime, patch: update.view };
  }
  return update;
}
