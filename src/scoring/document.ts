import type { ScoringRule, StandingsRule } from './rule.js';
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
  groups: { name: string; weight: string }[];
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
      scores: { judge: string; values: Record<string, string> }[];
    }[];
  }[];
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
    presentations: [...round.presentations].sort((a, b) => a.order - b.order).map((p) => ({ id: p.id, presenterId: p.presenter, unit: presenters.get(p.presenter)?.unit ?? '' })),
    scores: round.presentations.flatMap((p) => p.scores.map((s) => ({ presentationId: p.id, judgeId: s.judge, values: s.values }))),
  };
}

/** Every round of the document under its declared rule (or another rule, for comparisons), and the standings. */
export function computeEvent(document: PodiumDocument, rule: ScoringRule = document.event.rule): EventComputation {
  const rounds = document.rounds.map((r) => ({ roundId: r.id, topic: r.topic, result: computeRound(roundInput(document, r.id), rule, { complete: r.complete ?? true }) }));
  return { rounds, standings: computeStandings(rounds.map(({ roundId, result }) => ({ roundId, result })), document.event.standings) };
}
