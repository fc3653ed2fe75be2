import { createHash } from 'node:crypto';

export interface AuditRecord {
  id: string;
  chain: string;
  seq: number;
  /** The payload exactly as PostgreSQL renders the stored jsonb (payload::text). */
  payload: string;
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | { id: string; chain: string; seq: number; problem: 'altered'; detail: string }
  | { id: string; chain: string; seq: number; problem: 'removed_before'; detail: string };

const GENESIS = '0'.repeat(64);

export function recordHash(prevHash: string, payload: string): string {
  return createHash('sha256')
    .update(prevHash + payload, 'utf8')
    .digest('hex');
}

/**
 * Recomputes every chain (records in chain, seq order) and returns the first record, per chain,
 * that was altered (its hash does not match its content) or that follows a removed one (a gap in
 * the sequence, or a previous hash that is not the previous record's).
 */
export function verifyChains(records: readonly AuditRecord[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let chain: string | null = null;
  let previous: AuditRecord | null = null;
  let broken = false;
  for (const record of records) {
    if (record.chain !== chain) {
      chain = record.chain;
      previous = null;
      broken = false;
    }
    if (broken) continue;
    const expectedSeq = (previous?.seq ?? 0) + 1;
    const expectedPrev = previous?.hash ?? GENESIS;
    if (record.seq !== expectedSeq || record.prevHash !== expectedPrev) {
      problems.push({
        id: record.id,
        chain: record.chain,
        seq: record.seq,
        problem: 'removed_before',
        detail: `expected record ${expectedSeq} of chain ${record.chain} before this one, linked to the previous hash`,
      });
      broken = true;
    } else if (recordHash(record.prevHash, record.payload) !== record.hash) {
      problems.push({
        id: record.id,
        chain: record.chain,
        seq: record.seq,
        problem: 'altered',
        detail: 'its content does not match its hash',
      });
      broken = true;
    }
    previous = record;
  }
  return problems;
}
