import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exact, round, type PodiumDocument, type Report } from '../scoring/index.js';
import { main } from './podium-cli.js';

const example = readFileSync('docs/example-huanggang.json', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'podium-cli-'));

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    (t) => (stdout += t),
    (t) => (stderr += t),
  );
  return { code, stdout, stderr };
}

function fileWith(change: (doc: PodiumDocument) => unknown, name = 'changed.json'): string {
  const doc = JSON.parse(example) as PodiumDocument;
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(change(doc) ?? doc));
  return path;
}

describe('podium compute', () => {
  it('prints every result with its rank and trace, the standings and the statistics of the worked example', async () => {
    const { code, stdout } = await run('compute', 'docs/example-huanggang.json', '--resamples', '50');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.rounds).toHaveLength(2);
    expect(report.standings.entries).toHaveLength(10);
    for (const result of report.rounds.flatMap((r) => r.results)) {
      // The trace's arithmetic, rounded as declared, is the published result.
      const arithmetic = result.trace.find((s) => s.step === 'arithmetic');
      expect(arithmetic && arithmetic.step === 'arithmetic' && round(exact(arithmetic.arithmetic.result), 2, 'half_up')).toBe(
        result.rounded,
      );
    }
    const hongan = report.rounds[0].results.find((r) => r.presenter.unit === '红安县')!;
    expect(hongan.judges.find((j) => j.label === 'C1')?.status).toBe('recused');
    expect(report.rounds[0].statistics.icc?.raters).toBe(7);
  });

  it('adds the rule comparison when asked', async () => {
    const { code, stdout } = await run('compute', 'docs/example-huanggang.json', '--resamples', '10', '--compare', 'mean,trimmed:2');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).rounds[0].comparison?.rules).toEqual(['declared', 'mean', 'trimmed:2']);
  });

  it.each([
    [
      'a value given as a number',
      (d: PodiumDocument) => void ((d.rounds[0].presentations[0].scores[0].values as Record<string, unknown>).c1 = 20.5),
      '/rounds/0/presentations/0/scores/0/values/c1: must be string',
    ],
    [
      'an unknown property',
      (d: PodiumDocument) => void ((d.event as Record<string, unknown>).owner = 'x'),
      '/event: unknown property "owner"',
    ],
    [
      'a score from an unknown judge',
      (d: PodiumDocument) => void (d.rounds[0].presentations[1].scores[0].judge = 'j-Z9'),
      '/rounds/0/presentations/1/scores/0/judge: no judge has the id "j-Z9"',
    ],
    [
      'a value off the step',
      (d: PodiumDocument) => void (d.rounds[1].presentations[2].scores[3].values.c2 = '30.3'),
      '/rounds/1/presentations/2/scores/3/values/c2: 30.3 is not on the step',
    ],
    [
      'an unknown rounding mode',
      (d: PodiumDocument) => void ((d.event.rule.rounding as Record<string, unknown>).mode = 'banker'),
      '/event/rule/rounding/mode: must be equal to one of the allowed values',
    ],
  ])('refuses %s, naming the place in the file, and exits non-zero', async (_, change, message) => {
    const { code, stdout, stderr } = await run('compute', fileWith(change));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('says where a file stops being JSON', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{\n  "format": "podium",\n  "version": 1,,\n}');
    const { code, stderr } = await run('compute', path);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not valid JSON at line 3, column \d+/);
  });

  it('answers bad usage with the usage and exit code 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('compute')).stderr).toContain('name the file');
    expect((await run('compute', 'docs/example-huanggang.json', '--compare', 'best')).stderr).toContain('"best": unknown rule');
  });
});
