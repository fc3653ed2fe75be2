import { computeRound } from '@scoring/round.js';
import { DEFAULT_RULE } from '@scoring/rule.js';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/index.js';
import { announcement } from './announce.js';

const { t } = i18n.global;
const say = (parts: ReturnType<typeof announcement>) =>
  parts.map((p) => t(p.key, p.params)).join(t('announce.separator')) + t('announce.end');

/** Six judges, A6 recused from 红安县; under k = 2 the two talks tie: what the host reads comes from the engine's own trace. */
function round(trim: number) {
  const values: Record<string, string[]> = { p1: ['90', '95', '80', '85.5', '88'], p2: ['88', '90', '85.5', '88', '90'] };
  return computeRound(
    {
      criteria: [{ id: 'c', name: '总分', weight: '1' }],
      groups: [],
      judges: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((label) => ({
        id: label,
        label,
        group: null,
        conflicts: label === 'A6' ? ['红安县'] : [],
      })),
      presentations: [
        { id: 'p1', presenterId: 'x', unit: '红安县' },
        { id: 'p2', presenterId: 'y', unit: '麻城市' },
      ],
      scores: Object.entries(values).flatMap(([presentationId, list]) =>
        list.map((v, i) => ({ presentationId, judgeId: `A${i + 1}`, values: { c: v } })),
      ),
    },
    { ...DEFAULT_RULE, aggregation: { method: 'trimmed_mean', trim } },
  );
}

describe('the 唱分稿', () => {
  it('says how many scored, what was dropped, the result and the rank, in the host’s words', () => {
    const result = round(1).presentations.find((p) => p.presentationId === 'p2')!;
    expect(say(announcement(result))).toBe('5 位评委评分，去掉一个最高分 90，去掉一个最低分 85.5，最后得分 88.67 分，排名第 1。');
  });

  it('names two dropped marks as 两个, and a shared rank as 并列', () => {
    const result = round(2).presentations.find((p) => p.presentationId === 'p1')!;
    expect(say(announcement(result))).toBe('5 位评委评分，去掉两个最高分 95、90，去掉两个最低分 80、85.5，最后得分 88.00 分，并列第 1。');
  });
});
