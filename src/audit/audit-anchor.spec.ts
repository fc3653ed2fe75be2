import { anchorsIn, checkAnchors, parseAnchor } from './audit-anchor.js';
import { type AuditRecord, recordHash } from './verify-chain.js';

function chain(name: string, n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= n; seq++) {
    const hash = recordHash(prev, `{"n": ${seq}}`);
    records.push({ id: `${name}-${seq}`, chain: name, seq, payload: `{"n": ${seq}}`, prevHash: prev, hash });
    prev = hash;
  }
  return records;
}

describe('chain heads', () => {
  const records = chain('global', 3);
  const head = { chain: 'global', seq: 3, hash: records[2].hash };

  it('reads a head as printed, and nothing else', () => {
    expect(parseAnchor(` global:3:${head.hash.toUpperCase()} `)).toEqual(head);
    expect(() => parseAnchor('global:3')).toThrow('"global:3" is not an audit chain head');
    expect(anchorsIn({ format: 'podium', auditHead: head })).toEqual([head]);
    expect(anchorsIn({ format: 'podium' })).toEqual([]);
  });

  it('accepts a head the chain still holds, names a cut tail, a rewrite and a deleted chain', () => {
    expect(checkAnchors(records, [head, { ...head, seq: 2, hash: records[1].hash }])).toEqual([]);
    expect(checkAnchors(records.slice(0, 2), [head])[0].detail).toContain('chain global ends at #2, but the chain head global:3:');
    expect(checkAnchors(records, [{ ...head, hash: 'f'.repeat(64) }])[0].detail).toContain('the chain was rewritten up to there');
    expect(checkAnchors([], [head])[0].detail).toContain('the whole chain was deleted');
  });
});
