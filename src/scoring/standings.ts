import { Exact, exact, round, sum, toText } from './decimal.js';
import { rank } from './rank.js';
import type { RoundResult } from './round.js';
import type { StandingsRule } from './rule.js';

export interface StandingsEntry {
  presenterId: string;
  /** The presenter's contribution from each round, in round order (null: no result there). */
  rounds: { roundId: string; result: string | null; rank: number | null; contribution: string | null }[];
  exact: string;
  rounded: string;
  rank: number;
  sharedWith: string[];
}

export interface Standings {
  rule: StandingsRule;
  entries: StandingsEntry[];
}

/**
 * Standings across rounds: the total or mean of each presenter's round results, or points by
 * round rank. With `normalise`, each round's results are first turned into z-scores over that
 * round, so rounds judged by different panels weigh the same.
 */
export function computeStandings(rounds: readonly { roundId: string; result: RoundResult }[], rule: StandingsRule): Standings {
  const contributions = new Map<string, StandingsEntry['rounds']>();
  for (const { roundId, result } of rounds) {
    const ranked = result.presentations.filter((p) => p.status === 'result');
    const values = ranked.map((p) => exact(p.rounded!));
    const m = values.length ? sum(values).dividedBy(values.length) : new Exact(0);
    const s = values.length
      ? sum(values.map((v) => v.minus(m).pow(2)))
          .dividedBy(values.length)
          .sqrt()
      : new Exact(0);
    for (const p of result.presentations) {
      let contribution: Exact | null = null;
      if (p.status === 'result') {
        if (rule.method === 'rank_points') contribution = exact(rule.points[p.rank! - 1] ?? '0');
        else if (rule.normalise) contribution = s.isZero() ? new Exact(0) : exact(p.rounded!).minus(m).dividedBy(s);
        else contribution = exact(p.rounded!);
      }
      const list = contributions.get(p.presenterId) ?? [];
      list.push({ roundId, result: p.rounded, rank: p.rank, contribution: contribution && toText(contribution) });
      contributions.set(p.presenterId, list);
    }
  }
  const totals = [...contributions].map(([presenterId, list]) => {
    const given = list.filter((r) => r.contribution !== null).map((r) => exact(r.contribution!));
    const total = sum(given);
    const value = rule.method === 'mean' && given.length > 0 ? total.dividedBy(given.length) : total;
    return { presenterId, rounds: list, value };
  });
  const placings = rank(
    totals.map((t) => ({ id: t.presenterId, value: exact(round(t.value, rule.rounding.decimals, rule.rounding.mode)) })),
    rule.ranking,
  );
  return {
    rule,
    entries: placings.map((p) => {
      const t = totals.find((x) => x.presenterId === p.id)!;
      return {
        presenterId: p.id,
        rounds: t.rounds,
        exact: toText(t.value),
        rounded: round(t.value, rule.rounding.decimals, rule.rounding.mode),
        rank: p.rank,
        sharedWith: p.sharedWith,
      };
    }),
  };
}

export interface SeriesEntry {
  /** Presenters are matched across events by unit. */
  unit: string;
  events: { eventId: string; label: string; rank: number | null; value: string | null }[];
  /** Rank change from the first to the last event the unit took part in (positive: moved up). */
  trend: number | null;
}

/** A ranking over several events (每月一排名): each unit's rank and value per event, and its trend. */
export function computeSeries(
  events: readonly { eventId: string; label: string; standings: Standings; units: ReadonlyMap<string, string> }[],
): SeriesEntry[] {
  const units = [...new Set(events.flatMap((e) => [...e.units.values()]))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  return units.map((unit) => {
    const perEvent = events.map((e) => {
      const entry = e.standings.entries.find((s) => e.units.get(s.presenterId) === unit);
      return { eventId: e.eventId, label: e.label, rank: entry?.rank ?? null, value: entry?.rounded ?? null };
    });
    const ranks = perEvent.filter((e) => e.rank !== null).map((e) => e.rank!);
    return { unit, events: perEvent, trend: ranks.length >= 2 ? ranks[0] - ranks[ranks.length - 1] : null };
  });
}
