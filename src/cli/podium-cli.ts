import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPodiumFile } from '../podium-file/read-podium-file.js';
import pg from 'pg';
import { AnchorFormatError, type AuditAnchor, anchorsIn, formatAnchor, parseAnchor } from '../audit/audit-anchor.js';
import { describeProblem, verifyAuditLog } from '../audit/audit.service.js';
import { computeReport, parseRuleSpec } from '../scoring/index.js';

const USAGE = `Usage: podium compute <file.json> [options]
       podium audit verify [--anchor <chain>:<seq>:<hash>]... [--anchors-from <export.json>]...
                                  (with DATABASE_URL set to Podium's database, as its owner)

Recomputes every result of a Podium file (docs/podium-file.md) and prints them as JSON: per
talk the result, the rank and the trace; the standings; the statistics of each round.

Options:
  --compare <rules>        also rank each round under these rules, e.g. mean,trimmed:1,median
  --seed <n>               seed of the rank-confidence bootstrap (default 1)
  --resamples <n>          bootstrap resamples (default 1000)
  --outlier-distance <d>   flag totals further than this from the panel median (default 10)

podium audit verify recomputes the audit log's hash chains, checks that every audited row equals
its last audit record and that the audit triggers are on, and that each chain head given (printed
on the console or in an export, "审计链头") is still in its chain with the same hash.
  --anchor <chain>:<seq>:<hash>   a chain head as printed (repeatable)
  --anchors-from <file.json>      the chain head (auditHead) of an exported file (repeatable)
`;

/** The command line; returns the exit code (0 done, 1 bad file, 2 bad usage). */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        compare: { type: 'string' },
        seed: { type: 'string', default: '1' },
        resamples: { type: 'string', default: '1000' },
        'outlier-distance': { type: 'string', default: '10' },
        anchor: { type: 'string', multiple: true },
        'anchors-from': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const [command, file] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    out(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (command === 'audit') return auditVerify(file, parsed.values.anchor ?? [], parsed.values['anchors-from'] ?? [], out, err);
  if (command !== 'compute' || !file) {
    err(`unknown command "${command}"${command === 'compute' ? ': name the file to compute' : ''}\n\n${USAGE}`);
    return 2;
  }
  const seed = Number(parsed.values.seed);
  const resamples = Number(parsed.values.resamples);
  const outlierDistance = Number(parsed.values['outlier-distance']);
  if (!Number.isInteger(seed) || !Number.isInteger(resamples) || resamples < 1 || !(outlierDistance >= 0)) {
    err('--seed and --resamples take whole numbers (resamples at least 1), --outlier-distance a number\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    err(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const read = readPodiumFile(text);
  if (!read.ok) {
    err(`${file} is not a valid Podium file:\n${read.problems.map((p) => `  ${p.path || '(file)'}: ${p.message}`).join('\n')}\n`);
    return 1;
  }
  const compare = parsed.values.compare
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    compare?.forEach((spec) => parseRuleSpec(spec, read.document.event.rule));
  } catch (error) {
    err(`--compare: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  out(`${JSON.stringify(computeReport(read.document, { compare, seed, resamples, outlierDistance }), null, 2)}\n`);
  return 0;
}

/** Verifies the audit log (src/audit/audit.service.ts); exit 1 names every problem found. */
async function auditVerify(
  subcommand: string | undefined,
  anchorTexts: string[],
  anchorFiles: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  if (subcommand !== 'verify') {
    err(`unknown audit command "${subcommand ?? ''}": use podium audit verify\n`);
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    err('set DATABASE_URL to the database Podium uses (podium audit verify reads its audit log)\n');
    return 2;
  }
  const anchors: AuditAnchor[] = [];
  try {
    anchors.push(...anchorTexts.map(parseAnchor));
    for (const file of anchorFiles) {
      const found = anchorsIn(JSON.parse(readFileSync(file, 'utf8')));
      if (found.length === 0) throw new AnchorFormatError(`${file} holds no audit chain head (auditHead): export it again from Podium`);
      anchors.push(...found);
    }
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const result = await verifyAuditLog(async (sql, params) => (await client.query(sql, params)).rows, anchors);
    const summary = `${result.records} records in ${result.chains} chain(s)${anchors.length ? `, ${anchors.length} chain head(s) checked` : ''}`;
    if (result.problems.length === 0) {
      out(`audit log intact: ${summary}\n${result.heads.map((h) => `  chain head ${formatAnchor(h)}`).join('\n')}\n`);
      return 0;
    }
    err(`audit log NOT intact (${summary}):\n${result.problems.map((p) => `  ${describeProblem(p)}`).join('\n')}\n`);
    return 1;
  } catch (error) {
    err(`cannot read the audit log: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}
