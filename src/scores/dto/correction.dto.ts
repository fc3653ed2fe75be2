import type { OrganizerMark } from '../../live/live-events.js';
import type { ResultChange } from '../../results/result-changes.js';

/** What an organizer's entry would change (POST …/override/preview, …/void/preview). */
export interface CorrectionPreview {
  /** How the line will be marked: 代录, 更正 or 作废. */
  mark: OrganizerMark;
  /** The talk is revealed: its result is public, and the entry must be confirmed. */
  published: boolean;
  /** Every published result and rank the entry alters (empty before the reveal: nothing is public yet). */
  changes: ResultChange[];
  /** For a published result: send this back as `confirmation` to store exactly this entry with exactly these changes. Null before the reveal (nothing to confirm). */
  confirmation: string | null;
}

/** The answer to a stored organizer entry (POST …/override, …/void). */
export interface CorrectionReceipt {
  scoreId: string;
  presentationId: string;
  judgeId: string;
  revision: number;
  mark: OrganizerMark;
  /** The stored total once the talk is revealed; null before, while scores are sealed. */
  total: string | null;
  receivedAt: string;
  /** The published results and ranks this entry changed. */
  changes: ResultChange[];
}
