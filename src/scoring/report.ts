import { compareRules, parseRuleSpec, type RuleComparison } from './compare.js';
import { computeEvent, type PodiumDocument, roundInput } from './document.js';
import type { PresentationResult } from './round.js';
import type { ScoringRule } from './rule.js';
import type { Standings } from './standings.js';
import {
  completeMatrix,
  icc,
  type IccResult,
  judgeStatistics,
  type JudgeStatistics,
  kendallW,
  type KendallResult,
  rankConfidence,
  type RankConfidence,
} from './statistics.js';

export interface ReportOptions {
  /** Short rule specs to compare with the declared rule (e.g. ['mean', 'trimmed:1']). */
  compare?: string[];
  seed: number;
  resamples: number;
  /** A score this far from the panel's median for the talk is flagged. */
  outlierDistance: number;
}

export interface RoundStatistics {
  /** Judges left out of ICC and W because they did not score every talk (recused or absent). */
  leftOut: string[];
  icc: IccResult | null;
  kendallW: KendallResult | null;
  judges: JudgeStatistics[];
  rankConfidence: RankConfidence;
}

export interface RoundReport {
  roundId: string;
  topic: string;
  results: (PresentationResult & {
    presenter: PodiumDocument['presenters'][number];
    /** The judges' lines an organizer entered (代录 proxy, 更正 corrected) or voided (作废), with why: as marked in the document. */
    entries: { judge: string; mark: 'proxy' | 'corrected' | 'voided'; reason: string }[];
  })[];
  statistics: RoundStatistics;
  comparison?: RuleComparison;
}

export interface Report {
  event: { id?: string; name: string; rule: ScoringRule };
  rounds: RoundReport[];
  standings: Standings;
}

/** Everything the engine says about a document: results with traces, standings, statistics, comparisons. */
export function computeReport(document: PodiumDocument, options: ReportOptions): Report {
  const computed = computeEvent(document);
  const presenters = new Map(document.presenters.map((p) => [p.id, p]));
  const talks = new Map(document.rounds.flatMap((r) => r.presentations).map((p) => [p.id, p]));
  const entriesOf = (presentationId: string): RoundReport['results'][number]['entries'] => {
    const talk = talks.get(presentationId);
    const entered = (talk?.scores ?? []).flatMap((s) => (s.entered ? [{ judge: s.judge, mark: s.entered, reason: s.reason ?? '' }] : []));
    return [...entered, ...(talk?.voided ?? []).map((v) => ({ judge: v.judge, mark: 'voided' as const, reason: v.reason }))];
  };
  const rule = document.event.rule;
  return {
    event: { id: document.event.id, name: document.event.name, rule },
    standings: computed.standings,
    rounds: computed.rounds.map(({ roundId, topic, result }) => {
      const input = roundInput(document, roundId);
      const matrix = completeMatrix(input);
      return {
        roundId,
        topic,
        results: result.presentations.map((p) => ({
          ...p,
          presenter: presenters.get(p.presenterId)!,
          entries: entriesOf(p.presentationId),
        })),
        statistics: {
          leftOut: matrix.leftOut,
          icc: icc(matrix),
          kendallW: kendallW(matrix),
          judges: judgeStatistics(input, { outlierDistance: options.outlierDistance }),
          rankConfidence: rankConfidence(input, rule, { seed: options.seed, resamples: options.resamples }),
        },
        ...(options.compare?.length
          ? {
              comparison: compareRules(input, [
                { label: 'declared', rule },
                ...options.compare.map((spec) => ({ label: spec, rule: parseRuleSpec(spec, rule) })),
              ]),
            }
          : {}),
      };
    }),
  };
}
