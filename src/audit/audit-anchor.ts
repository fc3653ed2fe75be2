import type { AuditRecord } from './verify-chain.js';

import type { AuditAnchor } from '../contracts/rest.js';

export type { AuditAnchor };

const FORM = /^([^:\s]+):(\d+):([0-9a-f]{64})$/;

/** Reads "<chain>:<seq>:<hash>", as printed; throws a message saying what is wrong. */
export function parseAnchor(text: string): AuditAnchor {
  const match = FORM.exec(text.trim().toLowerCase());
  if (!match)
    throw new AnchorFormatError(`"${text}" is not an audit chain head: write <chain>:<record number>:<64 hex digits>, as printed`);
  return { chain: match[1], seq: Number(match[2]), hash: match[3] };
}

export class AnchorFormatError extends Error {}

export function formatAnchor(anchor: AuditAnchor): string {
  return `${anchor.chain}:${anchor.seq}:${anchor.hash}`;
}

/** Every chain head of an exported file (an export, a round export or a report): the event's and the global one. */
export function anchorsIn(document: unknown): AuditAnchor[] {
  const file = document as { auditHead?: unknown; globalAuditHead?: unknown } | null;
  return [file?.auditHead, file?.globalAuditHead].flatMap((value) => {
    const head = value as Partial<AuditAnchor> | null | undefined;
    if (!head || typeof head.chain !== 'string' || typeof head.seq !== 'number' || typeof head.hash !== 'string') return [];
    return [parseAnchor(formatAnchor(head as AuditAnchor))];
  });
}

/** Records in chain, seq order; a problem for each anchor its chain no longer holds. */
export function checkAnchors(
  records: readonly AuditRecord[],
  anchors: readonly AuditAnchor[],
): { problem: 'anchor'; chain: string; seq: number; detail: string }[] {
  const problems: { problem: 'anchor'; chain: string; seq: number; detail: string }[] = [];
  for (const anchor of anchors) {
    const chain = records.filter((r) => r.chain === anchor.chain);
    const record = chain.find((r) => r.seq === anchor.seq);
    const named = `the chain head ${formatAnchor(anchor)}`;
    let detail: string | null = null;
    if (chain.length === 0)
      detail = `chain ${anchor.chain} has no records, but ${named} names record #${anchor.seq}: the whole chain was deleted`;
    else if (chain[chain.length - 1].seq < anchor.seq)
      detail = `chain ${anchor.chain} ends at #${chain[chain.length - 1].seq}, but ${named} names #${anchor.seq}: records were cut from the tail`;
    else if (!record) detail = `chain ${anchor.chain} has no record #${anchor.seq}, which ${named} names: records were removed`;
    else if (record.hash !== anchor.hash)
      detail = `record #${anchor.seq} of chain ${anchor.chain} has hash ${record.hash}, but ${named} names ${anchor.hash}: the chain was rewritten up to there (hashes recomputed)`;
    if (detail) problems.push({ problem: 'anchor', chain: anchor.chain, seq: anchor.seq, detail });
  }
  return problems;
}
