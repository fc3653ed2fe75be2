import { middleOf } from './aggregate.js';
import { exact, sum, toText, type Exact } from './decimal.js';

/** One judge's line on the sample talk of a calibration round (试评): the total and each criterion's value. */
export interface CalibrationLine {
  judgeId: string;
  total: string;
  values: readonly { criterionId: string; value: string }[];
}

/** Where one number of a judge sits among the other judges' numbers. */
export interface CalibrationComparison {
  mine: string;
  /** The median of the other judges' numbers (exact: the mean of the two middle ones when even). */
  othersMedian: string;
  othersLowest: string;
  othersHighest: string;
  /** mine - othersMedian: above the panel when positive. */
  difference: string;
}

/**
 * What a judge sees, privately, after a calibration round's sample talk: how far their marks sit from
 * the rest of the panel, in total and per criterion, and how many of the others marked higher or lower.
 */
export interface CalibrationFeedback {
  /** How many other judges scored the sample talk. */
  others: number;
  total: CalibrationComparison;
  /** How many of the others gave a higher total, and a lower one (the rest gave the same). */
  higher: number;
  lower: number;
  criteria: ({ criterionId: string } & CalibrationComparison)[];
}

const median = (values: readonly Exact[]): Exact => {
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const middle = middleOf(sorted.length);
  return sum(middle.map((i) => sorted[i])).dividedBy(middle.length);
};

function compare(mine: string, others: readonly string[]): CalibrationComparison {
  const values = others.map(exact);
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const centre = median(values);
  return {
    mine,
    othersMedian: toText(centre),
    othersLowest: toText(sorted[0]),
    othersHighest: toText(sorted.at(-1)!),
    difference: toText(exact(mine).minus(centre)),
  };
}

/**
 * The feedback of `judgeId` on a sample talk scored by `lines`, in the rubric's order of `criterionIds`;
 * null when this judge did not score it or nobody else did (there is nothing to compare with). Exact:
 * medians of decimals are decimals.
 */
export function calibrationFeedback(
  lines: readonly CalibrationLine[],
  judgeId: string,
  criterionIds: readonly string[],
): CalibrationFeedback | null {
  const mine = lines.find((l) => l.judgeId === judgeId);
  const others = lines.filter((l) => l.judgeId !== judgeId);
  if (!mine || others.length === 0) return null;
  const myTotal = exact(mine.total);
  const valueOf = (line: CalibrationLine, criterionId: string) => line.values.find((v) => v.criterionId === criterionId)?.value;
  return {
    others: others.length,
    total: compare(
      mine.total,
      others.map((l) => l.total),
    ),
    higher: others.filter((l) => exact(l.total).greaterThan(myTotal)).length,
    lower: others.filter((l) => exact(l.total).lessThan(myTotal)).length,
    criteria: criterionIds.flatMap((criterionId) => {
      const value = valueOf(mine, criterionId);
      const theirs = others.map((l) => valueOf(l, criterionId)).filter((v): v is string => v !== undefined);
      return value === undefined || theirs.length === 0 ? [] : [{ criterionId, ...compare(value, theirs) }];
    }),
  };
}
