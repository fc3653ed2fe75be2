import { SCORING_STARTED, type EventDetailDto } from '@contracts';
import { computed, inject, type InjectionKey, type Ref } from 'vue';
import { chineseOrder } from '../../i18n/collation.js';
import { api } from '../api.js';

/**
 * What every step of the setup shares: the event as the server has it, one way to change it (the
 * call, then the event again), and what is frozen, so the console says why before the user tries.
 */
export interface SetupContext {
  eventId: string;
  detail: Ref<EventDetailDto | null>;
  reload: () => Promise<void>;
  /** A change under /api/events/:eventId, then the event reloaded; a refusal is thrown as it came. */
  change: <T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<T>;
}

export const SETUP: InjectionKey<SetupContext> = Symbol('setup');

export function useSetup() {
  const context = inject(SETUP)!;
  const detail = context.detail;
  const talks = computed(() => detail.value?.rounds.flatMap((r) => r.presentations) ?? []);
  /** The rule is declared before the event starts: frozen once a topic has started. */
  const ruleFrozen = computed(() => detail.value?.rounds.some((r) => r.status !== 'pending') ?? false);
  /** Rubric and panel: frozen once scoring has started on any talk. */
  const scoringStarted = computed(() => talks.value.some((p) => SCORING_STARTED.includes(p.state)));
  const presenterOnStage = (presenterId: string) => talks.value.some((p) => p.presenterId === presenterId && p.state !== 'pending');
  const presenter = (id: string) => detail.value?.presenters.find((p) => p.id === id);
  /** Units as people read them: 红安县 before 麻城市 (pinyin order), not by character code. */
  const units = computed(() => [...new Set(detail.value?.presenters.map((p) => p.unit) ?? [])].sort(chineseOrder.compare));
  return { ...context, ruleFrozen, scoringStarted, presenterOnStage, presenter, units };
}

export const apiChange = (eventId: string, reload: () => Promise<void>) =>
  async function change<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const result = await api<T>(method, `/api/events/${encodeURIComponent(eventId)}${path}`, body);
    await reload();
    return result;
  };
