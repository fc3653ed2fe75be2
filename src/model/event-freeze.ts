import { type EntityManager, In } from 'typeorm';
import { conflict } from '../common/api-error.js';
import { Presentation } from './presentation.entity.js';
// From these states on, a talk has (or may have) scores, and results depend on the setup as it was.
import { SCORING_STARTED } from '../contracts/enums.js';

/** The fields of `current` that `update` would really change (a PATCH repeating a value changes nothing). */
export function changedFields<T extends object>(current: T, update: Partial<T>): (keyof T)[] {
  return (Object.keys(update) as (keyof T)[]).filter(
    (key) => update[key] !== undefined && JSON.stringify(update[key]) !== JSON.stringify(current[key]),
  );
}

/**
 * Refuses to change what results depend on once scoring has started on a talk of the event (or,
 * with `presenterId`, on one of that presenter's talks): a published number changes only through
 * a correction with a reason, never silently.
 */
export async function assertNotScoredYet(tx: EntityManager, eventId: string, what: string, presenterId?: string): Promise<void> {
  const started = await tx.existsBy(Presentation, { eventId, state: In([...SCORING_STARTED]), ...(presenterId ? { presenterId } : {}) });
  if (started) throw conflict('results_frozen', `${what} can no longer change: scoring has started and results depend on it`);
}
