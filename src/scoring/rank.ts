import { type Exact, exact } from './decimal.js';

export interface Rankable {
  id: string;
  value: Exact;
  /** Tie-break values in the declared order; null sorts last. Higher is better for each. */
  keys?: readonly (Exact | null)[];
}

export interface Placing {
  id: string;
  rank: number;
  /** Others with the same rank: a tie the chain could not break. */
  sharedWith: string[];
  /** Index in the tie-break chain of the step that separated this item from the items with its value, if one did. */
  decidedBy: number | null;
}

const compareKeys = (a: Exact | null, b: Exact | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : b.comparedTo(a));

function compare(a: Rankable, b: Rankable, upTo: number): number {
  const byValue = b.value.comparedTo(a.value);
  if (byValue !== 0) return byValue;
  for (let i = 0; i < upTo; i++) {
    const c = compareKeys(a.keys?.[i] ?? null, b.keys?.[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Ranks highest first. Equal values go through the tie-break keys in order; items equal on all
 * of them share a rank. Competition ranking skips after a shared rank (1, 2, 2, 4); dense does
 * not (1, 2, 2, 3). Items with equal standing keep their input order.
 */
export function rank(items: readonly Rankable[], mode: 'competition' | 'dense' = 'competition'): Placing[] {
  const depth = Math.max(0, ...items.map((i) => i.keys?.length ?? 0));
  const sorted = items.map((item, index) => ({ item, index })).sort((a, b) => compare(a.item, b.item, depth) || a.index - b.index);
  const placings: Placing[] = [];
  let current = 0;
  let groups = 0;
  // Equal values are contiguous in the sorted order: each item's rivals are its block.
  let blockStart = 0;
  sorted.forEach(({ item }, position) => {
    if (position > 0 && !sorted[position - 1].item.value.equals(item.value)) blockStart = position;
    if (position === 0 || compare(sorted[position - 1].item, item, depth) !== 0) {
      groups++;
      current = mode === 'dense' ? groups : position + 1;
    }
    let blockEnd = position;
    while (blockEnd + 1 < sorted.length && sorted[blockEnd + 1].item.value.equals(item.value)) blockEnd++;
    const sameValue = sorted
      .slice(blockStart, blockEnd + 1)
      .map((s) => s.item)
      .filter((o) => o !== item);
    let decidedBy: number | null = null;
    for (let i = 0; i < depth && sameValue.length > 0; i++) {
      if (sameValue.every((o) => compare(o, item, i + 1) !== 0)) {
        decidedBy = i;
        break;
      }
    }
    const sharedWith = sameValue.filter((o) => compare(o, item, depth) === 0).map((o) => o.id);
    placings.push({ id: item.id, rank: current, sharedWith, decidedBy: sharedWith.length === 0 ? decidedBy : null });
  });
  return placings;
}

export interface Ranked<T> {
  item: T;
  rank: number;
}

/** Competition ranking of any items by a decimal value, highest first, no tie-breaks. */
export function rankDescending<T>(items: readonly T[], valueOf: (item: T) => string): Ranked<T>[] {
  const indexed = items.map((item, i) => ({ id: String(i), value: exact(valueOf(item)) }));
  return rank(indexed).map((p) => ({ item: items[Number(p.id)], rank: p.rank }));
}
