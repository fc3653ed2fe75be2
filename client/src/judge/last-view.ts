import { type Ref, type ShallowRef, watch } from 'vue';
import type { JudgeView } from '@contracts';
import type { ConnectionState } from '../live/use-live.js';
import { outboxName } from '../live/ids.js';

/**
 * The last judge view this tablet received, kept in localStorage next to the outbox (IndexedDB):
 * a tablet reloaded while the Wi-Fi is down cannot get a snapshot, and would show an empty page
 * while its scores wait in the outbox. With the last view it shows the event, the talk on stage,
 * the rubric and the judge's own scores as they were, under the "offline" notice, until the live
 * channel is back and a fresh snapshot replaces it. One copy per judge link; a refused link
 * (revoked, unknown) drops its copy.
 */
const key = (token: string) => `podium.judge-view.${outboxName(token)}`;

export function loadLastView(token: string): JudgeView | null {
  try {
    const stored = localStorage.getItem(key(token));
    const view = stored ? (JSON.parse(stored) as JudgeView) : null;
    return view?.role === 'judge' ? view : null;
  } catch {
    return null; // storage disabled or a damaged copy: the live channel will send a fresh view
  }
}

export function saveLastView(token: string, view: JudgeView): void {
  try {
    localStorage.setItem(key(token), JSON.stringify(view));
  } catch {
    // Storage full or disabled: only the offline reload loses its page, never a score.
  }
}

export function forgetLastView(token: string): void {
  try {
    localStorage.removeItem(key(token));
  } catch {
    // nothing kept
  }
}

/**
 * Shows the last kept view until the live channel sends one, and keeps every view it sends.
 * Call right after useLive, so the kept view is there before the page's first render.
 */
export function keepLastView(token: string, view: ShallowRef<JudgeView | null>, connection: Ref<ConnectionState>): void {
  if (view.value === null) view.value = loadLastView(token);
  watch(view, (current) => current && saveLastView(token, current), { immediate: true });
  watch(connection, (state) => state === 'refused' && forgetLastView(token));
}
