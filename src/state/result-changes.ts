import type { EventState } from './event-state.js';
import { indexOf } from './event-index.js';
import type { ResultChange } from '../contracts/rest.js';

export type { ResultChange };
import { publishedResults } from './round-results.js';

type Published = Map<string, { final: string; rank: number }>;

/**
 * Every published result and rank that differs between an event's state and a supposed one, boards first (in
 * round order, then by the new rank), then the standings. What the organizer is asked to confirm
 * before a correction of a published result goes on the screens.
 */
export function resultChanges(before: EventState, after: EventState): ResultChange[] {
  const old = published(before, true);
  const now = published(after, false);
  const { presenters, rounds } = indexOf(after);
  const changes: ResultChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(key) ?? null;
    const is = now.get(key) ?? null;
    if (was?.final === is?.final && was?.rank === is?.rank) continue;
    const [scope, roundId, presenterId] = key.split(':') as ['round' | 'standings', string, string];
    const { id, name, title, unit } = presenters.get(presenterId)!;
    changes.push({
      scope,
      roundTopic: scope === 'round' ? rounds.get(roundId)!.topic : null,
      presenter: { id, name, title, unit },
      before: was,
      after: is,
    });
  }
  const order = (c: ResultChange) => (c.scope === 'round' ? 0 : 1);
  return changes.sort((a, b) => order(a) - order(b) || (a.after?.rank ?? Infinity) - (b.after?.rank ?? Infinity));
}

/** Every published result, keyed by where it is shown: "round:<round>:<presenter>" and "standings::<presenter>". */
function published(state: EventState, remember: boolean): Published {
  const shown: Published = new Map();
  const { rounds, standings } = publishedResults(state, remember);
  for (const { roundId, result } of rounds) {
    for (const p of result.presentations)
      if (p.status === 'result') shown.set(`round:${roundId}:${p.presenterId}`, { final: p.rounded!, rank: p.rank! });
  }
  for (const e of standings.entries)
    if (e.rounds.some((r) => r.result !== null)) shown.set(`standings::${e.presenterId}`, { final: e.rounded, rank: e.rank });
  return shown;
}
