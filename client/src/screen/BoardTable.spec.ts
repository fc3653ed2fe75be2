import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { BoardEntryView } from '@contracts';
import { i18n } from '../i18n/index.js';
import BoardTable from './BoardTable.vue';

const entry = (unit: string, rank: number, tiedWithNext: boolean): BoardEntryView => ({
  presentationId: unit,
  presenter: { id: unit, name: '', title: '县委书记', unit },
  final: '80.00',
  rank,
  provisional: false,
  corrected: false,
  tiedWithNext,
});

describe('BoardTable with rank honesty', () => {
  const honesty = { confidence: 95, resamples: 200, seed: 1 };
  const board = [entry('黄州区', 1, true), entry('团风县', 2, false), entry('红安县', 3, false)];
  const render = (props: object) => mount(BoardTable, { props, global: { plugins: [i18n] } });

  it('marks the rows tied with the next one and says what the mark means, with the declared confidence', () => {
    const table = render({ board, honesty });
    const rows = table.findAll('[data-testid="board-row"]');
    expect(rows.map((r) => r.find('[data-testid="tied-with-next"]').exists())).toEqual([true, false, false]);
    expect(table.get('[data-testid="tie-legend"]').text()).toContain('95%');
    expect(table.get('[data-testid="tie-legend"]').text()).toContain('200');
  });

  it('shows neither mark nor legend without a declaration, or when no row is marked', () => {
    for (const props of [{ board }, { board: board.map((e) => ({ ...e, tiedWithNext: false })), honesty }]) {
      const table = render(props);
      expect(table.find('[data-testid="tied-with-next"]').exists()).toBe(false);
      expect(table.find('[data-testid="tie-legend"]').exists()).toBe(false);
    }
  });
});
