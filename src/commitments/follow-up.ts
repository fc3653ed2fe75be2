import type { CommitmentStatus, FollowUp } from '../contracts/enums.js';
import type { CommitmentTallyDto } from '../contracts/rest.js';

/**
 * The follow-up rules of commitments (承诺—落实), as plain functions of calendar dates written
 * YYYY-MM-DD (such dates compare as text). No clock is read here: "today" is given
 * (src/common/calendar-date.ts says which day it is in a time zone).
 */

/** What a commitment's follow-up depends on: its deadline and its latest update. */
export interface FollowUpFacts {
  dueOn: string;
  status: CommitmentStatus | null;
  doneOn: string | null;
}

/** Where a commitment stands on `today`: overdue once the deadline has passed without delivery (due on the 30th: overdue on the 31st). */
export function followUp({ dueOn, status, doneOn }: FollowUpFacts, today: string): FollowUp {
  if (status === 'done') return doneOn !== null && doneOn > dueOn ? 'done_late' : 'done';
  return dueOn < today ? 'overdue' : 'open';
}

/** The counts of a follow-up board. */
export function tally(states: readonly FollowUp[]): CommitmentTallyDto {
  const count = (...kinds: FollowUp[]) => states.filter((s) => kinds.includes(s)).length;
  return {
    total: states.length,
    done: count('done', 'done_late'),
    doneLate: count('done_late'),
    open: count('open'),
    overdue: count('overdue'),
  };
}

/** Tallies per group, in the order the groups first appear in `items`. */
export function tallyBy<T extends { followUp: FollowUp }, K>(items: readonly T[], key: (item: T) => K): [K, CommitmentTallyDto][] {
  const groups = new Map<K, FollowUp[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item.followUp]);
  }
  return [...groups].map(([k, states]) => [k, tally(states)]);
}
