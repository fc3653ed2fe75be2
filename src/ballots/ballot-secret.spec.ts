import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { BALLOT_CODE_LENGTH, BallotSecret, looksLikeCode, normalCode } from './ballot-secret.js';

describe(BallotSecret.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podium-ballot-secret-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without PODIUM_BALLOT_SECRET, keeps a random one in the data directory, readable by its owner only, and derives the same codes from it', () => {
    const data = join(dir, 'data');
    const first = new BallotSecret(loadConfig({ PODIUM_DATA_DIR: data }, []));
    const code = first.code('e', '主会场', 1);
    expect(code).toHaveLength(BALLOT_CODE_LENGTH);
    expect(looksLikeCode(code)).toBe(true);
    expect(statSync(join(data, 'ballot-secret')).mode & 0o777).toBe(0o600);
    // Another start (or instance) of the same data directory derives the same codes.
    expect(new BallotSecret(loadConfig({ PODIUM_DATA_DIR: data }, [])).code('e', '主会场', 1)).toBe(code);
    expect(first.code('e', '主会场', 2)).not.toBe(code);
    expect(first.code('e', '分会场', 1)).not.toBe(code);
  });

  it('with PODIUM_BALLOT_SECRET, derives codes and voter keys from it alone and writes nothing', () => {
    const config = (secret: string) => loadConfig({ PODIUM_DATA_DIR: join(dir, 'none'), PODIUM_BALLOT_SECRET: secret }, []);
    const a = new BallotSecret(config('a'.repeat(32)));
    const b = new BallotSecret(config('b'.repeat(32)));
    expect(a.code('e', 'h', 1)).toBe(new BallotSecret(config('a'.repeat(32))).code('e', 'h', 1));
    expect(a.code('e', 'h', 1)).not.toBe(b.code('e', 'h', 1));
    expect(a.voterKey('poll', 'hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(a.voterKey('poll', 'hash')).not.toBe(b.voterKey('poll', 'hash'));
    expect(a.voterKey('poll', 'hash')).not.toBe(a.voterKey('other poll', 'hash'));
    expect(() => statSync(join(dir, 'none'))).toThrow();
  });

  it('reads a code as typed: any case, spaces and dashes left out; look-alikes are not codes', () => {
    expect(normalCode(' abcd-efgh jkmn ')).toBe('ABCDEFGHJKMN');
    expect(looksLikeCode('ABCDEFGHJKMN')).toBe(true);
    expect(looksLikeCode('ABCDEFGHJKM0')).toBe(false);
    expect(looksLikeCode('ABCDEFGHJKM')).toBe(false);
  });
});
