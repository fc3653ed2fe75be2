import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AuditRecord, type ChainProblem, verifyChains } from './verify-chain.js';

export interface AuditVerification {
  records: number;
  chains: number;
  problems: ChainProblem[];
}

interface AuditRow {
  id: string;
  chain: string;
  seq: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** Reads the whole audit log in chain order and recomputes every hash. */
export async function verifyAuditLog(query: (sql: string) => Promise<AuditRow[]>): Promise<AuditVerification> {
  const rows = await query('SELECT id::text, chain, seq::text, payload::text AS payload, prev_hash, hash FROM audit_log ORDER BY chain, seq::bigint');
  const records: AuditRecord[] = rows.map((r) => ({ id: r.id, chain: r.chain, seq: Number(r.seq), payload: r.payload, prevHash: r.prev_hash, hash: r.hash }));
  return { records: records.length, chains: new Set(records.map((r) => r.chain)).size, problems: verifyChains(records) };
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  verify(): Promise<AuditVerification> {
    return verifyAuditLog((sql) => this.dataSource.query<AuditRow[]>(sql));
  }
}
