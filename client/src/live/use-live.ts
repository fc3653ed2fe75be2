import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { errorText } from '../i18n/index.js';
import { type ClientToServerEvents, type LiveHandshake, type LiveUpdate, type LiveView, type ServerToClientEvents, versionStep } from '../../../src/live/live-events.js';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'refused';

/**
 * Follows an event live: applies each versioned update in order, and asks for a fresh snapshot
 * when it notices a gap or comes back after a disconnect.
 */
export function useLive<V extends LiveView>(auth: LiveHandshake) {
  const view = shallowRef<V | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const refusal = ref('');
  let version: number | null = null;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ auth, transports: ['websocket', 'polling'] });

  const accept = (update: LiveUpdate) => {
    version = update.version;
    view.value = update.view as V;
  };
  const resync = async () => {
    const reply = await socket.timeout(10_000).emitWithAck('snapshot.request').catch(() => null);
    if (reply?.ok && (version === null || reply.data.version >= version)) accept(reply.data);
  };

  socket.on('connect', () => (connection.value = 'online'));
  socket.on('disconnect', () => (connection.value = 'offline'));
  socket.on('connect_error', (error: Error & { data?: { statusCode?: number; code?: string; message?: string } }) => {
    const status = error.data?.statusCode ?? 0;
    if (status >= 400 && status < 500 && error.data?.message) {
      // Refused for good (a revoked link, an unknown code): retrying cannot help.
      connection.value = 'refused';
      refusal.value = errorText({ code: error.data.code, message: error.data.message });
      return;
    }
    connection.value = 'offline';
    // A server-side failure is temporary; socket.io does not retry a refused handshake by itself.
    if (!socket.active) setTimeout(() => socket.connect(), 2_000);
  });
  socket.on('session.ended', (error) => {
    connection.value = 'refused';
    refusal.value = errorText(error);
  });
  socket.on('snapshot', accept);
  socket.on('update', (update) => {
    const step = versionStep(version, update.version);
    if (step === 'apply') accept(update);
    else if (step === 'resync') void resync();
  });
  onBeforeUnmount(() => socket.close());

  return { view, connection, refusal, socket };
}
