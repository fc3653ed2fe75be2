import { exact } from '@scoring/decimal.js';
import type { PresentationResult } from '@scoring/round.js';
import type { ExplanationPart } from '../../screen/explain.js';

/** 一个, 两个 … as the host says them (ten at most are dropped: the rule allows k ≤ 10). */
const ZH_COUNT = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * The 唱分稿: the sentence the host reads aloud for a talk ("9 位评委评分，去掉一个最高分 95，去掉一个最低分
 * 76.5，最后得分 86.64 分，排名第 2。"), as message parts joined by the page. Every number comes from the
 * engine's trace and result; nothing is recomputed here.
 */
export function announcement(result: Pick<PresentationResult, 'rounded' | 'rank' | 'sharedWith' | 'trace'>): ExplanationPart[] {
  const parts: ExplanationPart[] = [];
  const eligible = result.trace.find((s) => s.step === 'eligible');
  if (eligible?.step === 'eligible') parts.push({ key: 'announce.scored', params: { count: eligible.counted } });
  for (const reason of ['highest', 'lowest'] as const) {
    // Read from the extreme inwards: the highest first among the highest, the lowest first among the lowest.
    const dropped = result.trace
      .flatMap((s) => (s.step === 'drop' && s.reason === reason ? [s.total] : []))
      .sort((a, b) => exact(a).comparedTo(exact(b)) * (reason === 'highest' ? -1 : 1));
    if (dropped.length)
      parts.push({
        key: `announce.${reason}`,
        params: { n: dropped.length, k: ZH_COUNT[dropped.length] ?? String(dropped.length), values: dropped.join('、') },
      });
  }
  if (result.trace.some((s) => s.step === 'fallback')) parts.push({ key: 'explain.fallback', params: {} });
  if (result.rounded === null) {
    parts.push({ key: 'announce.noResult', params: {} });
    return parts;
  }
  parts.push({ key: 'announce.final', params: { final: result.rounded } });
  if (result.rank !== null)
    parts.push({ key: result.sharedWith.length ? 'announce.rankTied' : 'announce.rank', params: { rank: result.rank } });
  return parts;
}
