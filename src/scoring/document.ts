import { checkCriterionValue, checkRange } from './criterion-value.js';
import type { AudienceBallots } from './aggregate.js';
import { exact } from './decimal.js';
import { ruleProblems, type ScoringRule, type StandingsRule } from './rule.js';
import { computeRound, type RoundInput, type RoundResult } from './round.js';
import { computeStandings, type Standings } from './standings.js';

/**
 * The Podium file: a round or a whole event with its declared rule and every raw score, enough
 * for anyone to recompute the results. Versioned; the JSON Schema is docs/podium-file.schema.json.
 */
export interface PodiumDocument {
  format: 'podium';
  version: 1;
  event: { id?: string; name: string; rule: ScoringRule; standings: StandingsRule };
  criteria: { id: string; name: string; minScore: string; maxScore: string; step: string; weight: string }[];
  /** `audience`: a 大众评委 group, without judges; its value on a talk comes from the talk's `audience` ballots. */
  groups: { name: string; weight: string; audience?: boolean }[];
  judges: { id: string; label: string; group: string | null; conflicts: string[] }[];
  presenters: { id: string; title: string; unit: string; name?: string }[];
  rounds: {
    id: string;
    topic: string;
    lecturer?: string;
    /** False while talks of the round are still to come; normalised results are then provisional. */
    complete?: boolean;
    presentations: {
      id: string;
      presenter: string;
      order: number;
      /** `entered`: an organizer entered this line, not the judge (代录 proxy, 更正 corrected), and why. */
      scores: { judge: string; values: Record<string, string>; entered?: 'proxy' | 'corrected'; reason?: string }[];
      /** Judges whose score an organizer voided (作废): they count as not having scored. */
      voided?: { judge: string; reason: string }[];
      /** The attendees' ballots counted for each audience group on this talk (大众评委). */
      audience?: AudienceBallots[];
    }[];
  }[];
  /** In a server export: the head of the event's audit chain when it was exported (docs/reliability.md); ignored by the engine. */
  auditHead?: { chain: string; seq: number; hash: string } | null;
  /** In a server export: the head of the global chain (accounts, sign-ins) at export time. */
  globalAuditHead?: { chain: string; seq: number; hash: string } | null;
}

export interface EventComputation {
  rounds: { roundId: string; topic: string; result: RoundResult }[];
  standings: Standings;
}

export function roundInput(document: PodiumDocument, roundId: string): RoundInput {
  const round = document.rounds.find((r) => r.id === roundId);
  if (!round) throw new RangeError(`no round ${roundId} in the document`);
  const presenters = new Map(document.presenters.map((p) => [p.id, p]));
  return {
    criteria: document.criteria,
    groups: document.groups,
    judges: document.judges,
    presentations: [...round.presentations]
      .sort((a, b) => a.order - b.order)
      .map((p) => ({
        id: p.id,
        presenterId: p.presenter,
        unit: presenters.get(p.presenter)?.unit ?? '',
        ...(p.audience ? { audience: p.audience } : {}),
      })),
    scores: round.presentations.flatMap((p) => p.scores.map((s) => ({ presentationId: p.id, judgeId: s.judge, values: s.values }))),
  };
}

/** Every round of the document under its declared rule (or another rule, for comparisons), and the standings. */
export function computeEvent(document: PodiumDocument, rule: ScoringRule = document.event.rule): EventComputation {
  const rounds = document.rounds.map((r) => ({
    roundId: r.id,
    topic: r.topic,
    result: computeRound(roundInput(document, r.id), rule, { complete: r.complete ?? true }),
  }));
  return {
    rounds,
    standings: computeStandings(
      rounds.map(({ roundId, result }) => ({ roundId, result })),
      document.event.standings,
    ),
  };
}

export interface DocumentProblem {
  /** JSON Pointer to the offending place in the file, e.g. /rounds/0/presentations/2/scores/1/values/c1. */
  path: string;
  message: string;
}

/**
 * What a well-formed document can still get wrong: references that lead nowhere, duplicate ids,
 * values outside the rubric, a score from a judge in conflict. The JSON Schema covers the shape.
 */
export function documentProblems(document: PodiumDocument): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const unique = (items: { id: string }[], path: string, what: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) add(`${path}/${i}/id`, `${what} id "${item.id}" is used twice`);
      seen.add(item.id);
    });
  };
  unique(document.criteria, '/criteria', 'criterion');
  unique(document.judges, '/judges', 'judge');
  unique(document.presenters, '/presenters', 'presenter');
  unique(document.rounds, '/rounds', 'round');
  unique(
    document.rounds.flatMap((r) => r.presentations),
    '/rounds/*/presentations',
    'presentation',
  );
  document.criteria.forEach((c, i) => {
    const problem = checkRange(c);
    if (problem) add(`/criteria/${i}`, problem);
  });
  document.judges.forEach((j, i) => {
    const group = document.groups.find((g) => g.name === j.group);
    if (j.group !== null && !group) add(`/judges/${i}/group`, `"${j.group}" is not one of the groups`);
    if (group?.audience) add(`/judges/${i}/group`, `"${j.group}" is an audience group (大众评委): it has no judges`);
  });
  ruleProblems(document.event.rule, document).forEach((message) => add('/event/rule', message));
  const presenters = new Map(document.presenters.map((p) => [p.id, p]));
  const judges = new Map(document.judges.map((j) => [j.id, j]));
  document.rounds.forEach((round, r) => {
    round.presentations.forEach((presentation, p) => {
      const at = `/rounds/${r}/presentations/${p}`;
      const presenter = presenters.get(presentation.presenter);
      if (!presenter) add(`${at}/presenter`, `no presenter has the id "${presentation.presenter}"`);
      const scored = new Set<string>();
      presentation.scores.forEach((score, s) => {
        const judge = judges.get(score.judge);
        if (!judge) add(`${at}/scores/${s}/judge`, `no judge has the id "${score.judge}"`);
        else if (presenter && judge.conflicts.includes(presenter.unit))
          add(`${at}/scores/${s}/judge`, `judge ${judge.label} is in conflict with ${presenter.unit} and may not score this talk`);
        if (scored.has(score.judge)) add(`${at}/scores/${s}/judge`, `judge "${score.judge}" scores this talk twice`);
        scored.add(score.judge);
        for (const criterion of document.criteria) {
          const value = score.values[criterion.id];
          const place = `${at}/scores/${s}/values/${criterion.id}`;
          if (value === undefined) add(`${at}/scores/${s}/values`, `no value for criterion "${criterion.name}" (${criterion.id})`);
          else {
            const problem = checkCriterionValue(value, criterion);
            if (problem)
              add(
                place,
                `${value} ${PROBLEMS[problem]} for "${criterion.name}" (${criterion.minScore}-${criterion.maxScore}, step ${criterion.step})`,
              );
          }
        }
        for (const id of Object.keys(score.values)) {
          if (!document.criteria.some((c) => c.id === id)) add(`${at}/scores/${s}/values/${id}`, `"${id}" is not a criterion`);
        }
      });
      presentation.audience?.forEach((a, i) => {
        if (!document.groups.some((g) => g.name === a.group && g.audience))
          add(`${at}/audience/${i}/group`, `"${a.group}" is not an audience group`);
        if (!exact(a.cardMax).greaterThan(0)) add(`${at}/audience/${i}/cardMax`, `the card's most must be above 0`);
      });
      presentation.voided?.forEach((v, i) => {
        if (!judges.has(v.judge)) add(`${at}/voided/${i}/judge`, `no judge has the id "${v.judge}"`);
        else if (scored.has(v.judge))
          add(`${at}/voided/${i}/judge`, `judge "${v.judge}" has a score for this talk that counts, and a voided one`);
      });
    });
  });
  return problems;
}

const PROBLEMS = {
  not_decimal: 'is not a decimal',
  below_minimum: 'is below the minimum',
  above_maximum: 'is above the maximum',
  off_step: 'is not on the step',
} as const;
