import type { BallotPageDto } from '@contracts';
import { outboxName } from '../live/ids.js';

/**
 * The last page the server gave this ballot code, kept in localStorage beside the outbox
 * (IndexedDB): a phone reloaded while the Wi-Fi is down still shows the card and its waiting
 * ballot. And whether a poll was ever seen open here, so that between two lectures the page says
 * 本轮测评已结束 rather than 尚未开始. An unknown or voided code drops both.
 */
const key = (code: string) => `podium.ballot-page.${outboxName(code)}`;
const seenKey = (code: string) => `podium.ballot-seen.${outboxName(code)}`;

export function loadPage(code: string): BallotPageDto | null {
  try {
    const stored = localStorage.getItem(key(code));
    const page = stored ? (JSON.parse(stored) as BallotPageDto) : null;
    return page && Array.isArray(page.card?.indicators) ? page : null;
  } catch {
    return null; // storage disabled or a damaged copy: the server will send a fresh page
  }
}

export function savePage(code: string, page: BallotPageDto): void {
  try {
    localStorage.setItem(key(code), JSON.stringify(page));
    if (page.poll) localStorage.setItem(seenKey(code), page.poll.id);
  } catch {
    // Storage full or disabled: only an offline reload loses its page, never a ballot.
  }
}

export function seenPoll(code: string): boolean {
  try {
    return localStorage.getItem(seenKey(code)) !== null;
  } catch {
    return false;
  }
}

export function forgetPage(code: string): void {
  try {
    localStorage.removeItem(key(code));
    localStorage.removeItem(seenKey(code));
  } catch {
    // nothing kept
  }
}
