import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { type DocumentProblem, documentProblems, type PodiumDocument } from '../scoring/index.js';

const schema = JSON.parse(readFileSync(join(projectRoot(), 'docs', 'podium-file.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile<PodiumDocument>(schema);

export type ReadResult = { ok: true; document: PodiumDocument } | { ok: false; problems: DocumentProblem[] };

/**
 * Reads a Podium file: JSON, then the documented JSON Schema (docs/podium-file.schema.json), then
 * the references and values inside. Every problem names its place in the file.
 */
export function readPodiumFile(text: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const at = position ? lineAndColumn(text, Number(position[1])) : '';
    return { ok: false, problems: [{ path: '', message: `not valid JSON${at}: ${message}` }] };
  }
  if (!validate(data)) {
    return { ok: false, problems: (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: describe(e) })) };
  }
  const problems = documentProblems(data);
  return problems.length ? { ok: false, problems } : { ok: true, document: data };
}

function describe(error: { message?: string; keyword: string; params: Record<string, unknown> }): string {
  if (error.keyword === 'additionalProperties') return `unknown property "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum')
    return `${error.message}: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return error.message ?? error.keyword;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
