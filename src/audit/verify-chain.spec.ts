import { type AuditRecord, recordHash, verifyChains } from './verify-chain.js';

function chainOf(chain: string, payloads: string[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = '0'.repeat(64);
  payloads.forEach((payload, i) => {
    const hash = recordHash(prev, payload);
    records.push({ id: `${chain}-${i + 1}`, chain, seq: i + 1, payload, prevHash: prev, hash });
    prev = hash;
  });
  return records;
}

describe('verifyChains', () => {
  it('accepts intact chains', () => {
    expect(verifyChains([...chainOf('a', ['{"x": 1}', '{"x": 2}']), ...chainOf('b', ['{"y": 1}'])])).toEqual([]);
  });

  it('names the first altered record', () => {
    const records = chainOf('a', ['{"x": 1}', '{"x": 2}', '{"x": 3}']);
    records[1] = { ...records[1], payload: '{"x": 20}' };
    expect(verifyChains(records)).toMatchObject([{ id: 'a-2', problem: 'altered' }]);
  });

  it('names the record after a removed one', () => {
    const records = chainOf('a', ['{"x": 1}', '{"x": 2}', '{"x": 3}']);
    expect(verifyChains([records[0], records[2]])).toMatchObject([{ id: 'a-3', problem: 'removed_before' }]);
  });

  it('catches a record altered together with its own hash, at the next record', () => {
    const records = chainOf('a', ['{"x": 1}', '{"x": 2}', '{"x": 3}']);
    const forged = { ...records[1], payload: '{"x": 20}', hash: recordHash(records[1].prevHash, '{"x": 20}') };
    expect(verifyChains([records[0], forged, records[2]])).toMatchObject([{ id: 'a-3', problem: 'removed_before' }]);
  });
});
