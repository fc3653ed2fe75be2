import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  LiveAck,
  LiveHandshake,
  LiveUpdate,
  LiveView,
  ScoreReceipt,
  ServerToClientEvents,
  SubmitScorePayload,
} from '../../src/live/live-events.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client as the tablet or the big screen uses it, recording every update it receives. */
export class LiveClient<V extends LiveView = LiveView> {
  readonly updates: LiveUpdate[] = [];
  private listeners: (() => void)[] = [];

  private constructor(readonly socket: ClientSocket) {
    const record = (update: LiveUpdate) => {
      this.updates.push(update);
      this.listeners.forEach((l) => l());
    };
    socket.on('snapshot', record);
    socket.on('update', record);
  }

  /** `from` is a local address to connect from (127.0.0.2, …), as clients on other machines would. */
  static async connect<V extends LiveView>(baseUrl: string, auth: LiveHandshake, from?: string): Promise<LiveClient<V>> {
    const socket: ClientSocket = io(baseUrl, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(from ? { localAddress: from } : {}),
    } as Parameters<typeof io>[1]);
    const client = new LiveClient<V>(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await client.waitFor(() => true);
    return client;
  }

  /** Resolves with the reason a handshake is refused; fails if the connection is accepted. */
  static refusal(baseUrl: string, auth: unknown): Promise<Error & { data?: { code: string; message: string } }> {
    const socket = io(baseUrl, { auth: auth as Record<string, unknown>, transports: ['websocket'], reconnection: false, forceNew: true });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.close();
        reject(new Error('the handshake was accepted'));
      });
      socket.once('connect_error', (error) => {
        socket.close();
        resolve(error);
      });
    });
  }

  get latest(): LiveUpdate<V> {
    const last = this.updates.at(-1);
    if (!last) throw new Error('no update received yet');
    return last as LiveUpdate<V>;
  }

  get view(): V {
    return this.latest.view;
  }

  /** Waits until the latest view satisfies the predicate. */
  waitFor(predicate: (view: V) => boolean, timeoutMs = 120_000): Promise<V> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const last = this.updates.at(-1);
        if (last && predicate(last.view as V)) {
          this.listeners = this.listeners.filter((l) => l !== check);
          clearTimeout(timer);
          resolve(last.view as V);
        }
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(
          new Error(`no matching update within ${timeoutMs} ms; last view: ${JSON.stringify(this.updates.at(-1)?.view).slice(0, 400)}`),
        );
      }, timeoutMs);
      this.listeners.push(check);
      check();
    });
  }

  submit(payload: SubmitScorePayload | Record<string, unknown>): Promise<LiveAck<ScoreReceipt>> {
    return this.socket.timeout(120_000).emitWithAck('score.submit', payload as SubmitScorePayload);
  }

  close(): void {
    this.socket.close();
  }
}
