import { plainText } from './plain-text.js';

describe(plainText.name, () => {
  it('makes look-alike units one and the same', () => {
    for (const lookAlike of ['红\u200B安县', ' 红安县 ', '\uFEFF红安县', '红\u2060安县', '红\u00AD安县'])
      expect(plainText(lookAlike)).toBe('红安县');
    expect(plainText('ＡＢＣ１２')).toBe('ABC12');
  });

  it('removes direction overrides, which would reverse neighbouring text on the big screen', () => {
    expect(plainText('\u202E县安红\u202C')).toBe('县安红');
    expect(plainText('A\u2066B\u2069C\u200FD')).toBe('ABCD');
  });

  it('keeps the full-width punctuation of Chinese text that is only shown', () => {
    expect(plainText('专题一：推动高质量发展（试行）', false)).toBe('专题一：推动高质量发展（试行）');
    expect(plainText('评委\u202E一', false)).toBe('评委一');
  });

  it('collapses runs of white space, full-width spaces included', () => {
    expect(plainText('县委\u3000\u3000书记\t 张三')).toBe('县委 书记 张三');
  });
});
