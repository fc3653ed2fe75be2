import { checkCriterionValue, checkRange } from './criterion-value.js';

const range = (minScore: string, maxScore: string, step: string) => ({ minScore, maxScore, step });

describe('checkCriterionValue', () => {
  const tenthsUpTo30 = range('0', '30', '0.5');

  it.each([['0'], ['30'], ['27.5'], ['0.5'], ['27.50']])('accepts %s on a 0-30 criterion with step 0.5', (value) => {
    expect(checkCriterionValue(value, tenthsUpTo30)).toBeNull();
  });

  it.each([
    ['30.5', 'above_maximum'],
    ['-0.5', 'below_minimum'],
    ['27.3', 'off_step'],
    ['27.25', 'off_step'],
    ['abc', 'not_decimal'],
    ['1e1', 'not_decimal'],
    ['', 'not_decimal'],
    [27.5, 'not_decimal'],
    ['NaN', 'not_decimal'],
    ['Infinity', 'not_decimal'],
  ])('refuses %p as %s', (value, problem) => {
    expect(checkCriterionValue(value, tenthsUpTo30)).toBe(problem);
  });

  it('checks steps exactly with step 0.1, where binary floats fail (0.3 % 0.1 != 0)', () => {
    expect(checkCriterionValue('0.3', range('0', '10', '0.1'))).toBeNull();
    expect(checkCriterionValue('8.95', range('0', '10', '0.05'))).toBeNull();
    expect(checkCriterionValue('8.95', range('0', '10', '0.1'))).toBe('off_step');
  });
});

describe('checkRange', () => {
  it('accepts a usual rubric line', () => {
    expect(checkRange(range('0', '30', '0.5'))).toBeNull();
  });

  it.each([
    [range('0', '0', '1'), 'maxScore must be greater than minScore'],
    [range('0', '10', '0'), 'step must be greater than 0'],
    [range('0', '10', '3'), 'maxScore must be reachable from minScore in whole steps'],
    [range('-1', '10', '1'), 'minScore must not be negative'],
  ])('refuses %p', (r, message) => {
    expect(checkRange(r)).toBe(message);
  });
});
