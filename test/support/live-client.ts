import { io, type Socket } from 'socket.io-client';
import {
  applyUpdate,
  type ClientToServerEvents,
  type LiveAck,
  type LiveHandshake,
  type LivePatch,
  type LiveUpdate,
  type LiveView,
  type ScoreReceipt,
  type ServerToClientEvents,
  type SubmitScorePayload,
  takesSnapshot,
} from '../../src/contracts/live.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Follows an event's versions as the tablet and the big screen do (client/src/live/use-live.ts):
 * takes snapshots, applies each update to the view it holds, and asks for a snapshot on a gap.
 * `onView` gets every complete view the client comes to hold; `patches` keeps the updates as sent.
 */
export function followLive(socket: ClientSocket, onView: (held: LiveUpdate) => void): { patches: LivePatch[]; resyncs: () => number } {
  let held: LiveUpdate | null = null;
  let resyncs = 0;
  const patches: LivePatch[] = [];
  const take = (snapshot: LiveUpdate) => {
    if (!takesSnapshot(held, snapshot)) return;
    held = snapshot;
    onView(snapshot);
  };
  // The server sends a snapshot on every connect: an update before it needs no request of its own.
  let snapshotOnItsWay = true;
  socket.on('connect', () => (snapshotOnItsWay = true));
  socket.on('snapshot', (snapshot) => {
    snapshotOnItsWay = false;
    take(snapshot);
  });
  socket.on('update', (patch) => {
    patches.push(patch);
    const next = applyUpdate(held, patch);
    if (next === 'resync' && snapshotOnItsWay) return;
    if (next === 'resync') {
      resyncs++;
      void socket
        .timeout(120_000)
        .emitWithAck('snapshot.request')
        .then((reply) => reply.ok && take(reply.data))
        .catch(() => undefined);
    } else if (next !== 'ignore') {
      held = next;
      onView(next);
    }
  });
  return { patches, resyncs: () => resyncs };
}

/** A socket.io client as the tablet or the big screen uses it, recording every view it comes to hold. */
export class LiveClient<V extends LiveView = LiveView> {
  /** Every complete view held, in order: the snapshot first, then one per update applied. */
  readonly updates: LiveUpdate[] = [];
  /** The updates as the server sent them (parts of views, each with its base version). */
  readonly patches: LivePatch[];
  private listeners: (() => void)[] = [];

  private constructor(readonly socket: ClientSocket) {
    ({ patches: this.patches } = followLive(socket, (update) => {
      this.updates.push(update);
      this.listeners.forEach((l) => l());
    }));
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
