/** Calendar dates as Podium writes them, YYYY-MM-DD (they compare as text). */

/** The calendar date at `now` in `timeZone` (an IANA zone such as Asia/Shanghai). */
export function dateIn(timeZone: string, now: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whether `text` is a real calendar date written YYYY-MM-DD (not 2026-02-30), between 2000 and 2099. */
export function isCalendarDate(text: string): boolean {
  const match = /^(20\d\d)-(\d\d)-(\d\d)$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether Intl knows the zone (Node ships the full time zone data). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
