import type { StagePresentationView } from '@contracts';
import { computed, onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * The speaking clock of the talk on stage, on the server's time (so the big screen and the
 * console show the same second): seconds left, negative once the talk runs over, and as mm:ss.
 */
export function useTalkClock(presentation: Ref<StagePresentationView | null>, serverNow: () => number) {
  const now = ref(serverNow());
  const ticker = setInterval(() => (now.value = serverNow()), 250);
  onBeforeUnmount(() => clearInterval(ticker));
  const remaining = computed(() => {
    const p = presentation.value;
    if (!p?.onStageAt) return null;
    return Math.ceil((Date.parse(p.onStageAt) + p.timeLimitSeconds * 1000 - now.value) / 1000);
  });
  const clock = computed(() => {
    if (remaining.value === null) return '';
    const s = Math.abs(remaining.value);
    return `${remaining.value < 0 ? '+' : ''}${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  });
  return { now, remaining, clock };
}
