import { judgeTotal } from './judge-total.js';

const criteria = (...weights: string[]) => weights.map((weight, i) => ({ id: `c${i + 1}`, weight }));
const values = (...v: string[]) => new Map(v.map((value, i) => [`c${i + 1}`, value]));

describe('judgeTotal', () => {
  it('sums criterion values', () => {
    expect(judgeTotal(values('27.5', '28', '18.5', '9'), criteria('1', '1', '1', '1'))).toBe('83');
  });

  it('applies criterion weights exactly', () => {
    expect(judgeTotal(values('8.95', '7.1'), criteria('0.6', '0.4'))).toBe('8.21');
  });

  it('sums 0.1 + 0.2 to exactly 0.3', () => {
    expect(judgeTotal(values('0.1', '0.2'), criteria('1', '1'))).toBe('0.3');
  });

  it('refuses a missing criterion value', () => {
    expect(() => judgeTotal(values('1'), criteria('1', '1'))).toThrow('no value for criterion c2');
  });
});
