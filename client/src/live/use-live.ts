import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';
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
/** Without the heartbeat, how often the clock is measured again after the one measure on connect. */
const CLOCK_SYNC_MS = 5 * 60_000;

export interface LiveOptions {
  onReconnect?: () => void;
  onBeat?: () => void;
  /**
   * The application heartbeat (time.sync every 1.5 s), on by default: a judge's tablet and the big
   * screen notice a dead link within seconds. Remote viewers, thousands of them, turn it off: their
   * clock is measured once on connect and every few minutes after, and a dead link is noticed by
   * socket.io's own transport ping (the server's pingInterval and pingTimeout) and the browser's
   * offline event, which cost the server no handler call.
   */
  heartbeat?: boolean;
}

/**
 * Follows an event live: applies each update (the parts of the view that changed) to the view it
 * holds, asks for a fresh snapshot when it notices a gap or comes back, and runs a heartbeat that both notices a dead link within
 * seconds and measures the server's clock (countdowns run on server time).
 */
export function useLive<V extends LiveView>(auth: LiveHandshake, options: LiveOptions = {}) {
  const view = shallowRef<V | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const refusal = ref('');
  const clockOffset = ref(0);
  /**
   * Null while online; otherwise since when (this browser's clock) the view shown may be behind:
   * the last time the server was heard from (an update, an answer, a transport ping) before the link was lost.
   */
  const staleSince = ref<number | null>(null);
  let held: LiveUpdate<V> | null = null;
  let lastBeat = 0;
  let lastHeard = Date.now();
  const heard = () => (lastHeard = Date.now());
  const socket: LiveSocket = io({ auth, transports: ['websocket', 'polling'], reconnectionDelayMax: 3_000 });
  // socket.io's transport ping: the server is there, and so is everything it has sent.
  socket.io.on('ping', heard);
  watch(connection, (now) => {
    if (now === 'online') staleSince.value = null;
    else if (now === 'offline' && staleSince.value === null) staleSince.value = lastHeard;
  });

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
    heard();
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

  /** Measures the server's clock; an answer also says the link works (and brings a view that was behind up to date). */
  const syncClock = (timeoutMs: number) => {
    const sent = Date.now();
    return socket
      .timeout(timeoutMs)
      .emitWithAck('time.sync')
      .then((reply) => {
        const now = Date.now();
        lastBeat = now;
        heard();
        if (reply.ok) clockOffset.value = Date.parse(reply.data.serverTime) - (sent + now) / 2;
        if (connection.value === 'offline') {
          connection.value = 'online';
          void resync();
        }
      });
  };
  const beating = options.heartbeat !== false;
  const heartbeat = beating
    ? setInterval(() => {
        if (connection.value === 'refused' || !socket.connected) return;
        syncClock(OFFLINE_AFTER_MS)
          .then(() => options.onBeat?.())
          .catch(() => undefined);
        if (Date.now() - lastBeat > OFFLINE_AFTER_MS) connection.value = 'offline';
      }, HEARTBEAT_MS)
    : setInterval(() => socket.connected && void syncClock(10_000).catch(() => undefined), CLOCK_SYNC_MS);
  if (!beating) socket.on('connect', () => void syncClock(10_000).catch(() => undefined));
  const goOffline = () => {
    if (connection.value !== 'refused') connection.value = 'offline';
  };
  // Without the heartbeat nothing else would notice that the network is back while the socket outlived the outage: ask once.
  const backOnline = () => {
    if (beating || connection.value === 'refused') return;
    if (socket.connected) void syncClock(10_000).catch(() => undefined);
    else if (!socket.active) socket.connect();
  };
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', backOnline);
  onBeforeUnmount(() => {
    closed = true;
    timers.forEach(clearTimeout);
    clearInterval(heartbeat);
    window.removeEventListener('offline', goOffline);
    window.removeEventListener('online', backOnline);
    socket.close();
  });

  /** The server's clock now, as measured by the heartbeat (or the clock sync). */
  const serverNow = () => Date.now() + clockOffset.value;

  return { view, connection, refusal, socket, serverNow, staleSince };
}
