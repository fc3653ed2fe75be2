import { exact } from './decimal.js';

export interface Ranked<T> {
  item: T;
  rank: number;
}

/**
 * Standard competition ranking, highest value first: equal values share a rank and the next
 * rank skips (1, 2, 2, 4). Items with equal values keep their input order.
 */
export function rankDescending<T>(items: readonly T[], valueOf: (item: T) => string): Ranked<T>[] {
  const sorted = items
    .map((item, index) => ({ item, index, value: exact(valueOf(item)) }))
    .sort((a, b) => b.value.comparedTo(a.value) || a.index - b.index);
  let rank = 0;
  return sorted.map((entry, position) => {
    if (position === 0 || !sorted[position - 1].value.equals(entry.value)) rank = position + 1;
    return { item: entry.item, rank };
  });
}
