import type { TraceStep } from '@scoring/round.js';

export interface ExplanationPart {
  key: string;
  params: Record<string, string | number>;
}

/**
 * The engine's trace as the sentences the big screen shows under a result ("去掉一个最高分 95、
 * 一个最低分 76.5，其余 7 位评委平均 86.64"). Nothing is recomputed here: every number comes from the trace.
 */
export function explain(trace: readonly TraceStep[]): ExplanationPart[] {
  const parts: ExplanationPart[] = [];
  const highest = trace.filter((s) => s.step === 'drop' && s.reason === 'highest').map((s) => (s.step === 'drop' ? s.total : ''));
  const lowest = trace.filter((s) => s.step === 'drop' && s.reason === 'lowest').map((s) => (s.step === 'drop' ? s.total : ''));
  if (highest.length || lowest.length)
    parts.push({ key: 'explain.dropped', params: { highest: highest.join('、'), lowest: lowest.join('、'), n: highest.length } });
  for (const step of trace) {
    if (step.step === 'group' && step.arithmetic?.operation === 'audience') {
      const a = step.arithmetic;
      parts.push({
        key: 'explain.audience',
        params: { group: step.group, ballots: a.ballots, mean: a.mean, cardMax: a.cardMax, value: a.result, weight: step.weight },
      });
    }
    if (step.step === 'fallback') parts.push({ key: 'explain.fallback', params: {} });
    if (step.step === 'arithmetic') {
      const a = step.arithmetic;
      if (a.operation === 'mean') parts.push({ key: 'explain.mean', params: { count: a.count, sum: a.sum } });
      if (a.operation === 'sum') parts.push({ key: 'explain.sum', params: { count: a.count } });
      if (a.operation === 'median') parts.push({ key: 'explain.median', params: {} });
      if (a.operation === 'diving') parts.push({ key: 'explain.diving', params: { sum: a.sum, multiplier: a.multiplier } });
      if (a.operation === 'weighted_mean')
        parts.push({
          key: 'explain.weighted',
          params: { groups: a.terms.map((t) => `${t.group} ${t.value}×${t.weight}`).join('，'), weightSum: a.weightSum },
        });
    }
    if (step.step === 'round') parts.push({ key: `explain.round.${step.mode}`, params: { decimals: step.decimals } });
    if (step.step === 'rank' && step.decidedBy) parts.push({ key: `explain.tieBreak.${step.decidedBy}`, params: {} });
    if (step.step === 'provisional') parts.push({ key: `explain.provisional.${step.reason}`, params: {} });
  }
  return parts;
}
