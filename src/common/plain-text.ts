/** Zero-width characters and bidirectional controls: invisible, and never part of a real name. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/g;

/**
 * Text as Podium keeps it: without invisible or direction-changing characters, runs of white space
 * as one space, and no space around it. "红\u200B安县" and "红安县 " are 红安县.
 *
 * What identifies (a unit, a seat) is also folded to Unicode NFKC, so full-width letters and digits
 * are the ordinary ones. What is only shown (names, titles, topics) keeps NFC: NFKC would also turn
 * the full-width punctuation Chinese text uses on purpose (（）：，) into ASCII.
 */
export function plainText(value: string, identity = true): string {
  return value
    .normalize(identity ? 'NFKC' : 'NFC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
}
