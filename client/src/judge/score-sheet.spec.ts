import { describe, expect, it } from 'vitest';
import type { CriterionView } from '@contracts';
import { fieldProblem, fitSheet, sameSheet, sheetTotal, stepValue, typeKey } from './score-sheet.js';

const criterion = (maxScore: string, step: string, id = 'c1'): CriterionView => ({
  id,
  position: 1,
  name: id,
  minScore: '0',
  maxScore,
  step,
  weight: '1',
});

describe('score sheet', () => {
  it('starts the stepper in the middle of the range, on the step', () => {
    expect(stepValue(null, criterion('35', '0.5'), 1)).toBe('17.5');
    expect(stepValue(null, criterion('25', '1'), -1)).toBe('12');
  });

  it('steps exactly and stays within the range', () => {
    expect(stepValue('8.9', criterion('10', '0.1'), 1)).toBe('9');
    expect(stepValue('9.95', criterion('10', '0.05'), 1)).toBe('10');
    expect(stepValue('10', criterion('10', '0.5'), 1)).toBe('10');
    expect(stepValue('0', criterion('10', '0.5'), -1)).toBe('0');
  });

  it('types on the keypad: one point, at most four decimals, no leading zeros', () => {
    const type = (...keys: string[]) => keys.reduce<string | null>((v, k) => typeKey(v, k), null);
    expect(type('2', '7', '.', '5')).toBe('27.5');
    expect(type('0', '8')).toBe('8');
    expect(type('.', '5')).toBe('0.5');
    expect(type('1', '.', '.', '2')).toBe('1.2');
    expect(type('1', '.', '1', '2', '3', '4', '5')).toBe('1.1234');
    expect(type('2', '7', 'back')).toBe('2');
    expect(type('2', 'clear')).toBeNull();
  });

  it('names what is wrong with a field', () => {
    expect(fieldProblem(null, criterion('30', '0.5'))).toBe('missing');
    expect(fieldProblem('30.5', criterion('30', '0.5'))).toBe('above_maximum');
    expect(fieldProblem('27.3', criterion('30', '0.5'))).toBe('off_step');
    expect(fieldProblem('27.', criterion('30', '0.5'))).toBe('not_decimal');
    expect(fieldProblem('27.5', criterion('30', '0.5'))).toBeNull();
  });

  it('shows the running total only when every field is valid, exactly', () => {
    const criteria = [criterion('25', '0.1', 'a'), criterion('35', '0.1', 'b')];
    expect(sheetTotal({ a: '8.1', b: null }, criteria)).toBeNull();
    // 0.1 + 0.2 is 0.3 here, not 0.30000000000000004.
    expect(sheetTotal({ a: '0.1', b: '0.2' }, criteria)).toBe('0.3');
  });

  it('tells an edited sheet from the saved one, and keeps entries across a rubric change', () => {
    expect(sameSheet({ c1: '8', c2: null }, { c1: '8' })).toBe(true);
    expect(sameSheet({ c1: '8', c2: null }, { c1: '8', c2: '3' })).toBe(false);
    expect(sameSheet({ c1: '8.' }, { c1: '8' })).toBe(false);
    expect(fitSheet({ c1: '8', c2: '3' }, [criterion('10', '1', 'c2'), criterion('10', '1', 'c3')])).toEqual({ c2: '3', c3: null });
  });
});
