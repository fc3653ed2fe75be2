import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PresentationResultView } from '@contracts';
import { computeRound } from '@scoring/round.js';
import { DEFAULT_RULE } from '@scoring/rule.js';
import { i18n } from '../i18n/index.js';
import RevealPanel from './RevealPanel.vue';

/** A reveal as the server sends it, built from the engine's real result. */
function revealOf(
  totals: Record<string, string>,
  conflicts: string[] = [],
  entries: PresentationResultView['scores'][number]['entry'][] = [],
  corrections: PresentationResultView['corrections'] = [],
): PresentationResultView {
  const seats = Object.keys(totals);
  const result = computeRound(
    {
      criteria: [{ id: 'c', name: '总分', weight: '1' }],
      groups: [],
      judges: seats.map((label) => ({ id: label, label, group: null, conflicts: conflicts.includes(label) ? ['红安县'] : [] })),
      presentations: [{ id: 'p', presenterId: 'p', unit: '红安县' }],
      scores: seats
        .filter((s, i) => !conflicts.includes(s) && entries[i] !== 'voided')
        .map((label) => ({ presentationId: 'p', judgeId: label, values: { c: totals[label] } })),
    },
    DEFAULT_RULE,
  ).presentations[0];
  return {
    presentationId: 'p',
    presenter: { id: 'p', name: '', title: '县委书记', unit: '红安县' },
    scores: result.judges.map((j, i) => ({
      judgeId: j.judgeId,
      seatLabel: j.label,
      groupName: null,
      total: j.total,
      status: j.status,
      entry: entries[i] ?? null,
    })),
    applied: result.applied,
    fellBack: result.fellBack,
    provisional: result.provisional,
    final: result.rounded,
    rank: result.rank,
    sharedWith: result.sharedWith,
    trace: result.trace,
    corrections,
  };
}

describe('RevealPanel', () => {
  it('strikes out the dropped highest and lowest and shows the result, the rank and why', () => {
    const panel = mount(RevealPanel, {
      props: { reveal: revealOf({ A1: '80', A2: '90', A3: '85.5', A4: '88' }) },
      global: { plugins: [i18n] },
    });
    expect(panel.findAll('li.dropped').map((li) => li.attributes('data-seat'))).toEqual(['A1', 'A2']);
    expect(panel.find('[data-testid=final]').text()).toBe('86.75');
    expect(panel.find('[data-testid=rank]').text()).toBe('1');
    expect(panel.find('[data-testid=explain]').text()).toBe('去掉最高分 90、最低分 80，其余 2 位评委平均，四舍五入保留 2 位小数');
    // Cards first, one after another, then the result, then the explanation.
    const delay = (el: { attributes: (name: string) => string | undefined }) =>
      Number(/animation-delay: (\d+)ms/.exec(el.attributes('style') ?? '')?.[1]);
    const cards = panel.findAll('li').map(delay);
    expect(delay(panel.find('.result'))).toBeGreaterThan(Math.max(...cards));
    expect(delay(panel.find('[data-testid=explain]'))).toBeGreaterThan(delay(panel.find('.result')));
  });

  it('leaves a recused judge off the screen', () => {
    const panel = mount(RevealPanel, {
      props: { reveal: revealOf({ A1: '80', A2: '90', A3: '85', C1: '99' }, ['C1']) },
      global: { plugins: [i18n] },
    });
    expect(panel.findAll('li').map((li) => li.attributes('data-seat'))).toEqual(['A1', 'A2', 'A3']);
  });

  it('says which lines the organizer entered, shows a voided score as 作废, and marks a corrected result 更正', () => {
    const corrections = [{ seatLabel: 'A4', mark: 'voided' as const, reason: '评委误触', at: '2026-11-22T10:00:00.000Z' }];
    const panel = mount(RevealPanel, {
      props: { reveal: revealOf({ A1: '80', A2: '90', A3: '85.5', A4: '88' }, [], [null, 'proxy', 'corrected', 'voided'], corrections) },
      global: { plugins: [i18n] },
    });
    expect(
      panel
        .findAll('li')
        .map((li) => [
          li.attributes('data-seat'),
          li.find('.value').text(),
          li.find('[data-testid=mark]').exists() ? li.find('[data-testid=mark]').text() : null,
        ]),
    ).toEqual([
      ['A1', '80', null],
      ['A2', '90', '代录'],
      ['A3', '85.5', '更正'],
      ['A4', '作废', null],
    ]);
    expect(panel.find('[data-testid=corrected]').text()).toBe('更正');
  });

  it('marks nothing on a result nobody corrected', () => {
    const panel = mount(RevealPanel, { props: { reveal: revealOf({ A1: '80', A2: '90', A3: '85' }) }, global: { plugins: [i18n] } });
    expect(panel.findAll('[data-testid=mark]')).toHaveLength(0);
    expect(panel.find('[data-testid=corrected]').exists()).toBe(false);
  });
});
