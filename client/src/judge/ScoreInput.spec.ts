import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { CriterionView } from '@contracts';
import { i18n } from '../i18n/index.js';
import ScoreInput from './ScoreInput.vue';

const criterion: CriterionView = { id: 'c1', position: 1, name: '举措务实', minScore: '0', maxScore: '35', step: '0.5', weight: '1' };

function render(modelValue: string | null) {
  return mount(ScoreInput, { props: { criterion, modelValue }, global: { plugins: [i18n] } });
}

describe('ScoreInput', () => {
  it('steps by the rubric’s step, starting mid-range', async () => {
    const input = render(null);
    await input.findAll('button.step')[1].trigger('click');
    expect(input.emitted('update:modelValue')).toEqual([['17.5']]);
    const filled = render('34.5');
    await filled.findAll('button.step')[1].trigger('click');
    await filled.findAll('button.step')[0].trigger('click');
    expect(filled.emitted('update:modelValue')).toEqual([['35'], ['34']]);
  });

  it('types with the keypad', async () => {
    const input = render('2');
    await input.find('button.value').trigger('click');
    const key = (label: string) => input.findAll('.keypad button').find((b) => b.text() === label)!;
    await key('7').trigger('click');
    expect(input.emitted('update:modelValue')).toEqual([['27']]);
  });

  it('names what is wrong in the judge’s language', () => {
    expect(render('35.5').find('.problem').text()).toBe('不能高于 35');
    expect(render('27.3').find('.problem').text()).toBe('请按 0.5 分的步长打分');
    expect(render('27.5').find('.problem').exists()).toBe(false);
  });

  it('cannot be changed once the sheet is being confirmed', () => {
    const input = mount(ScoreInput, { props: { criterion, modelValue: '20', disabled: true }, global: { plugins: [i18n] } });
    expect(input.findAll('button').every((b) => b.attributes('disabled') !== undefined)).toBe(true);
  });
});
