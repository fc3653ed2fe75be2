import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The speaking-order draw (抽签), reproducible from its seed: the presenters are first put in a
 * canonical order (by unit, then id) so the result depends on the seed alone, then shuffled
 * (Fisher–Yates) with a seeded generator. Anyone with the seed can redo the draw.
 */
export function drawOrder<T extends { id: string; unit: string }>(presenters: readonly T[], seed: number): T[] {
  const order = [...presenters].sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rng = xoroshiro128plus(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
