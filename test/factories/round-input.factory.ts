import type { RoundInput } from '../../src/scoring/index.js';

export interface RoundFixture {
  /** Presentation (and its unit) → one total per judge, in judge order; '-' where the judge did not score. */
  totals: Record<string, string[]>;
  /** Labels, groups and conflicts of the judges, in the same order; default A1, A2, … without groups. */
  judges?: { label?: string; group?: string; conflicts?: string[] }[];
  groups?: { name: string; weight: string }[];
}

/** A round with a one-line rubric ("总分", weight 1), so each value is the judge's total. */
export function roundOf(fixture: RoundFixture): RoundInput {
  const width = Math.max(...Object.values(fixture.totals).map((t) => t.length));
  const judges = Array.from({ length: width }, (_, i) => ({
    id: `j${i + 1}`,
    label: fixture.judges?.[i]?.label ?? `A${i + 1}`,
    group: fixture.judges?.[i]?.group ?? null,
    conflicts: fixture.judges?.[i]?.conflicts ?? [],
  }));
  return {
    criteria: [{ id: 'total', name: '总分', weight: '1' }],
    groups: fixture.groups ?? [],
    judges,
    presentations: Object.keys(fixture.totals).map((unit) => ({ id: unit, presenterId: unit, unit })),
    scores: Object.entries(fixture.totals).flatMap(([unit, totals]) =>
      totals.flatMap((total, i) => (total === '-' ? [] : [{ presentationId: unit, judgeId: `j${i + 1}`, values: { total } }])),
    ),
  };
}
