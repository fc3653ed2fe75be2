import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AuditAnchor, checkAnchors } from './audit-anchor.js';
import { type StateProblem, reconcileState } from './reconcile-state.js';
import { type AuditRecord, type ChainProblem, verifyChains } from './verify-chain.js';

export type AuditProblem = ChainProblem | { problem: 'anchor'; chain: string; seq: number; detail: string } | StateProblem;

export interface AuditVerification {
  records: number;
  chains: number;
  /** The last record of every chain: print or keep one, and a later verify proves nothing was cut or rewritten up to it. */
  heads: AuditAnchor[];
  /** How many anchors (printed or exported chain heads) were checked. */
  anchors: number;
  problems: AuditProblem[];
}

interface AuditRow {
  id: string;
  chain: string;
  seq: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * Everything `podium audit verify` checks: every hash chain recomputed; every anchor (a chain head
 * printed or exported earlier) still in its chain with the same hash; every audit trigger enabled;
 * and every audited row equal to its last audit record, so a change made without the trigger
 * (triggers disabled, session_replication_role = replica, TRUNCATE, records deleted) shows.
 */
export async function verifyAuditLog(query: Query, anchors: readonly AuditAnchor[] = []): Promise<AuditVerification> {
  const records = await readRecords(query);
  const heads = new Map<string, AuditAnchor>();
  for (const r of records) heads.set(r.chain, { chain: r.chain, seq: r.seq, hash: r.hash });
  const problems: AuditProblem[] = [...verifyChains(records), ...checkAnchors(records, anchors), ...(await reconcileState(query))];
  return { records: records.length, chains: heads.size, heads: [...heads.values()], anchors: anchors.length, problems };
}

/** The audit log's records in chain, seq order: all of them, or one chain's. */
async function readRecords(query: Query, chain?: string): Promise<AuditRecord[]> {
  const rows = await query<AuditRow>(
    `SELECT id::text, chain, seq::text, payload::text AS payload, prev_hash, hash FROM audit_log
      ${chain === undefined ? '' : 'WHERE chain = $1'} ORDER BY chain, seq::bigint`,
    chain === undefined ? [] : [chain],
  );
  return rows.map((r) => ({ id: r.id, chain: r.chain, seq: Number(r.seq), payload: r.payload, prevHash: r.prev_hash, hash: r.hash }));
}

/**
 * One chain checked against a head printed earlier (a signed report's 扫码验真): the chain's
 * hashes recomputed, and the printed head still in it. The problems in words; none: it holds.
 */
export async function verifyPrintedHead(query: Query, anchor: AuditAnchor): Promise<string[]> {
  const records = await readRecords(query, anchor.chain);
  return [...verifyChains(records), ...checkAnchors(records, [anchor])].map(describeProblem);
}

/** One line per problem, for the command line and the console. */
export function describeProblem(p: AuditProblem): string {
  switch (p.problem) {
    case 'altered':
      return `record ${p.id} (chain ${p.chain}, #${p.seq}): altered: ${p.detail}`;
    case 'removed_before':
      return `record ${p.id} (chain ${p.chain}, #${p.seq}): a record before it was removed: ${p.detail}`;
    default:
      return p.detail;
  }
}

/** The last record of a chain ('global' or an event's id), or null while it has none. */
export async function readAuditHead(query: Query, chain: string): Promise<AuditAnchor | null> {
  const [head] = await query<{ seq: string; hash: string }>(
    'SELECT seq::text, hash FROM audit_log WHERE chain = $1 ORDER BY audit_log.seq DESC LIMIT 1',
    [chain],
  );
  return head ? { chain, seq: Number(head.seq), hash: head.hash } : null;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  verify(anchors: AuditAnchor[] = []): Promise<AuditVerification> {
    return verifyAuditLog((sql, params) => this.dataSource.query(sql, params), anchors);
  }

  head(chain: string): Promise<AuditAnchor | null> {
    return readAuditHead((sql, params) => this.dataSource.query(sql, params), chain);
  }
}
