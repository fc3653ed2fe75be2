import type { EntityManager, EntityTarget } from 'typeorm';
import { conflict } from '../common/api-error.js';

/**
 * How large one event may grow. Every change pushes a view to each connected judge of the event,
 * so an oversized event would slow every event on the server. These bounds are well above a real
 * show (Huanggang's: 7 topics × 10 talks, a dozen judges, a rubric of a few criteria); at all of
 * them at once, one score costs the live channel about 50 ms (`npm run bench`).
 */
export const EVENT_LIMITS = {
  criteria: 20,
  groups: 20,
  judges: 60,
  presenters: 100,
  rounds: 20,
  presentations: 300,
  signers: 20,
} as const;

export type LimitedPart = keyof typeof EVENT_LIMITS;

const NAMES: Record<LimitedPart, string> = {
  criteria: 'criteria',
  groups: 'judge groups',
  judges: 'judges',
  presenters: 'presenters',
  rounds: 'rounds (topics)',
  presentations: 'talks',
  signers: 'signers (计分员, 复核员, 监督员)',
};

/** Refuses to add one more `part` to a full event; run inside the change, under the event's lock. */
export async function assertRoomFor(
  tx: EntityManager,
  target: EntityTarget<{ eventId: string }>,
  eventId: string,
  part: LimitedPart,
): Promise<void> {
  const limit = EVENT_LIMITS[part];
  if ((await tx.countBy(target, { eventId })) >= limit) {
    throw conflict('limit_reached', `an event has at most ${limit} ${NAMES[part]}; this one is full`);
  }
}
