import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { errorText } from '../i18n/index.js';
import {
  applyUpdate,
  type ClientToServerEvents,
  type LiveHandshake,
  type LivePatch,
  type LiveUpdate,
  type LiveView,
  type ServerToClientEvents,
  takesSnapshot,
} from '@contracts';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'refused';
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How often the heartbeat runs, and how long without an answer counts as offline (the brief: within 5 s). */
const HEARTBEAT_MS = 1_500;
const OFFLINE_AFTER_MS = 3_500;

/**
 * Follows an event live: applies each update (the parts of the view that changed) to the view it
 * holds, asks for a fresh snapshot when it notices a gap or comes back, and runs a heartbeat that both notices a dead link within
 * seconds and measures the server's clock (countdowns run on server time).
 */
export function useLive<V extends LiveView>(auth: LiveHandshake, options: { onReconnect?: () => void; onBeat?: () => void } = {}) {
  const view = shallowRef<V | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const refusal = ref('');
  const clockOffset = ref(0);
  let held: LiveUpdate<V> | null = null;
  let lastBeat = 0;
  const socket: LiveSocket = io({ auth, transports: ['websocket', 'polling'], reconnectionDelayMax: 3_000 });

  let closed = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    timers.add(timer);
  };
  const accept = (update: LiveUpdate<V>) => {
    held = update;
    view.value = update.view;
  };
  const takeSnapshot = (snapshot: LiveUpdate) => {
    if (takesSnapshot(held, snapshot)) accept(snapshot as LiveUpdate<V>);
  };
  /** Asks for the current state; a busy server (429, 5xx) is asked again a little later, never given up on. */
  const resync = async (attempt = 0): Promise<void> => {
    const reply = await socket
      .timeout(10_000)
      .emitWithAck('snapshot.request')
      .catch(() => null);
    if (reply?.ok) takeSnapshot(reply.data);
    else if (socket.connected && (reply === null || reply.error.statusCode === 429 || reply.error.statusCode >= 500)) {
      later(Math.min(1_000 * 2 ** attempt, 15_000) * (0.5 + Math.random() / 2), () => void resync(attempt + 1));
    }
  };

  // The server sends a snapshot on every connect; an update that arrives before it cannot apply and needs no request of its own.
  let snapshotOnItsWay = false;
  socket.on('connect', () => {
    snapshotOnItsWay = true;
    connection.value = 'online';
    lastBeat = Date.now();
    options.onReconnect?.();
  });
  // socket.io retries neither a refused handshake nor a server-side disconnect by itself.
  const connectLater = (ms: number) =>
    later(ms + Math.random() * 1_000, () => connection.value !== 'refused' && !socket.connected && socket.connect());
  socket.on('disconnect', (reason) => {
    if (connection.value === 'refused') return;
    connection.value = 'offline';
    // The server could not welcome us (its database is away, say): it said why in `exception`.
    if (reason === 'io server disconnect') connectLater(2_000);
  });
  socket.on('connect_error', (error: Error & { data?: { statusCode?: number; code?: string; message?: string } }) => {
    const status = error.data?.statusCode ?? 0;
    if (status >= 400 && status < 500 && status !== 429 && error.data?.message) {
      // Refused for good (a revoked link, an unknown code): retrying cannot help.
      connection.value = 'refused';
      refusal.value = errorText({ code: error.data.code, message: error.data.message });
      return;
    }
    connection.value = 'offline';
    // A server-side failure or a busy server is temporary.
    if (!socket.active) connectLater(status === 429 ? 5_000 : 2_000);
  });
  socket.on('session.ended', (error) => {
    connection.value = 'refused';
    refusal.value = errorText(error);
  });
  socket.on('snapshot', (snapshot) => {
    snapshotOnItsWay = false;
    takeSnapshot(snapshot);
  });
  socket.on('update', (update) => {
    const next = applyUpdate(held, update as LivePatch<V>);
    if (next === 'resync') {
      if (!snapshotOnItsWay) void resync();
    } else if (next !== 'ignore') accept(next);
  });

  const heartbeat = setInterval(() => {
    if (connection.value === 'refused' || !socket.connected) return;
    const sent = Date.now();
    socket
      .timeout(OFFLINE_AFTER_MS)
      .emitWithAck('time.sync')
      .then((reply) => {
        const now = Date.now();
        lastBeat = now;
        if (reply.ok) clockOffset.value = Date.parse(reply.data.serverTime) - (sent + now) / 2;
        if (connection.value === 'offline') {
          connection.value = 'online';
          void resync();
        }
        options.onBeat?.();
      })
      .catch(() => undefined);
    if (Date.now() - lastBeat > OFFLINE_AFTER_MS) connection.value = 'offline';
  }, HEARTBEAT_MS);
  const goOffline = () => {
    if (connection.value !== 'refused') connection.value = 'offline';
  };
  window.addEventListener('offline', goOffline);
  onBeforeUnmount(() => {
    closed = true;
    timers.forEach(clearTimeout);
    clearInterval(heartbeat);
    window.removeEventListener('offline', goOffline);
    socket.close();
  });

  /** The server's clock now, as measured by the heartbeat. */
  const serverNow = () => Date.now() + clockOffset.value;

  return { view, connection, refusal, socket, serverNow };
}
