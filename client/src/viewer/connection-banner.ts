import { computed, onBeforeUnmount, ref, type Ref, watch } from 'vue';
import type { ConnectionState } from '../live/use-live.js';

/** How long "已恢复" stays up after the link comes back. */
export const RECOVERED_MS = 4_000;

export interface DataAge {
  unit: 'seconds' | 'minutes' | 'hours';
  n: number;
}

/** How old the data shown is, in the largest whole unit that fits (under a minute in seconds). */
export function ageOf(ms: number): DataAge {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return { unit: 'seconds', n: seconds };
  if (seconds < 3600) return { unit: 'minutes', n: Math.floor(seconds / 60) };
  return { unit: 'hours', n: Math.floor(seconds / 3600) };
}

export type Banner = { kind: 'offline'; age: DataAge | null } | { kind: 'recovered' } | null;

/**
 * What the viewer page says about its link: offline (连接中断，正在重连…) with how old the data shown
 * is, when it has any; 已恢复 for a moment after coming back; otherwise nothing. A refused code is
 * the page's own message, not a banner; the first connection says 正在连接… in place of the view.
 */
export function bannerOf(state: {
  connection: ConnectionState;
  staleSince: number | null;
  recoveredAt: number | null;
  hasView: boolean;
  now: number;
}): Banner {
  if (state.connection === 'offline')
    return { kind: 'offline', age: state.hasView && state.staleSince !== null ? ageOf(state.now - state.staleSince) : null };
  if (state.connection === 'online' && state.recoveredAt !== null && state.now - state.recoveredAt < RECOVERED_MS)
    return { kind: 'recovered' };
  return null;
}

/** The banner of a live page, kept up to date each second while there is one to show. */
export function useConnectionBanner(connection: Ref<ConnectionState>, staleSince: Ref<number | null>, hasView: Ref<boolean>) {
  const now = ref(Date.now());
  const recoveredAt = ref<number | null>(null);
  watch(connection, (next, before) => {
    if (next === 'online' && before === 'offline') recoveredAt.value = Date.now();
  });
  const ticker = setInterval(() => (now.value = Date.now()), 1_000);
  onBeforeUnmount(() => clearInterval(ticker));
  return computed(() =>
    bannerOf({
      connection: connection.value,
      staleSince: staleSince.value,
      recoveredAt: recoveredAt.value,
      hasView: hasView.value,
      now: now.value,
    }),
  );
}
