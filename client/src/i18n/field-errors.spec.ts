import { afterEach, describe, expect, it } from 'vitest';
import { fieldErrors, i18n } from './index.js';

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
});
