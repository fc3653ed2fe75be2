/** Zero-width characters and bidirectional controls: invisible, and never part of a real name. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/g;

/**
 * A name, unit, title or seat as Podium keeps and compares it: Unicode NFKC (full-width letters
 * and digits become ordinary ones), without invisible or direction-changing characters, runs of
 * white space as one space, and no space around it. "红\u200B安县" and "红安县 " are 红安县.
 */
export function plainText(value: string): string {
  return value.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}
