import { afterEach, describe, expect, it } from 'vitest';
import { fieldErrors, i18n, problemText } from './index.js';

describe('fieldErrors', () => {
  afterEach(() => (i18n.global.locale.value = 'zh-CN'));

  it('words each field the server named in the user’s language, by the field’s own name', () => {
    const refusal = {
      fields: [
        { field: 'weight', kinds: ['isDecimalText'] },
        { field: 'rule.rounding.decimals', kinds: ['isInt', 'max'] },
        { field: 'conflictUnits.3', kinds: ['maxLength'] },
        { field: 'name', kinds: ['somethingNew'] },
      ],
    };
    expect(fieldErrors(refusal)).toEqual({
      weight: '须为数字，最多 4 位小数，如 30 或 8.5',
      decimals: '须为整数；太大了',
      conflictUnits: '太长了',
      name: '不正确',
    });
    i18n.global.locale.value = 'en';
    expect(fieldErrors(refusal).decimals).toBe('must be a whole number; is too large');
  });

  it('words a workbook problem by its kind: its own message, an API code’s, or a field kind’s', () => {
    expect(problemText({ kind: 'unknown_units', params: { units: '红安' } })).toBe('不是任何汇报人的单位：红安');
    expect(problemText({ kind: 'refused', params: { code: 'seat_taken' } })).toBe('该席位已有评委。');
    expect(problemText({ kind: 'invalid_field', params: { kind: 'isDecimalText' } })).toBe('须为数字，最多 4 位小数，如 30 或 8.5');
    i18n.global.locale.value = 'en';
    expect(problemText({ kind: 'missing_column', params: { header: '姓名' } })).toBe('The column “姓名” is missing');
  });
});
