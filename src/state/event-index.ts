import type { EventState } from './event-state.js';

type Item<K extends keyof EventState> = EventState[K] extends (infer T)[] ? T : never;

export interface EventIndex {
  presenters: Map<string, Item<'presenters'>>;
  judges: Map<string, Item<'judges'>>;
  signers: Map<string, Item<'signers'>>;
  rounds: Map<string, Item<'rounds'>>;
  presentations: Map<string, Item<'presentations'>>;
  groupNames: Map<string, string>;
  /** Each talk's current scores. */
  scoresByPresentation: Map<string, Item<'scores'>[]>;
  /** Each judge's current scores, by talk. */
  scoresByJudge: Map<string, Map<string, Item<'scores'>>>;
  /** Organizer entries (代录, 更正, 作废) by talk, then by judge. */
  entriesByPresentation: Map<string, Map<string, Item<'entries'>>>;
  /** Every talk in programme order: by round, then speaking order. */
  programme: Item<'presentations'>[];
}

const indexes = new WeakMap<EventState, EventIndex>();

/** Look-ups by id into one state, built once per state (a state is never changed after it is read). */
export function indexOf(state: EventState): EventIndex {
  let index = indexes.get(state);
  if (!index) {
    const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
    index = {
      presenters: byId(state.presenters),
      judges: byId(state.judges),
      signers: byId(state.signers),
      rounds: byId(state.rounds),
      presentations: byId(state.presentations),
      groupNames: new Map(state.groups.map((g) => [g.id, g.name])),
      scoresByPresentation: new Map(),
      scoresByJudge: new Map(),
      entriesByPresentation: new Map(),
      programme: [],
    };
    const rounds = index.rounds;
    index.programme = [...state.presentations].sort(
      (a, b) => rounds.get(a.roundId)!.position - rounds.get(b.roundId)!.position || a.position - b.position,
    );
    for (const score of state.scores) {
      const list = index.scoresByPresentation.get(score.presentationId);
      if (list) list.push(score);
      else index.scoresByPresentation.set(score.presentationId, [score]);
      let mine = index.scoresByJudge.get(score.judgeId);
      if (!mine) index.scoresByJudge.set(score.judgeId, (mine = new Map()));
      mine.set(score.presentationId, score);
    }
    for (const entry of state.entries) {
      let talk = index.entriesByPresentation.get(entry.presentationId);
      if (!talk) index.entriesByPresentation.set(entry.presentationId, (talk = new Map()));
      talk.set(entry.judgeId, entry);
    }
    indexes.set(state, index);
  }
  return index;
}

/**
 * The index of `next`, a state that differs from `before` only in one judge's line on one talk:
 * derived from `before`'s index (when it was built) by copying what that line touches, so a
 * score costs the same whatever the event's history. The result equals a fresh `indexOf(next)`.
 */
export function deriveIndex(before: EventState, next: EventState, line: { presentationId: string; judgeId: string }): void {
  const parent = indexes.get(before);
  if (!parent) return;
  const { presentationId, judgeId } = line;
  const score = next.scores.find((s) => s.presentationId === presentationId && s.judgeId === judgeId);
  const entry = next.entries.find((e) => e.presentationId === presentationId && e.judgeId === judgeId);
  const index: EventIndex = { ...parent };

  index.scoresByPresentation = new Map(parent.scoresByPresentation);
  const talk = (parent.scoresByPresentation.get(presentationId) ?? []).filter((s) => s.judgeId !== judgeId);
  if (score) talk.push(score);
  talk.sort((a, b) => (a.judgeId < b.judgeId ? -1 : a.judgeId > b.judgeId ? 1 : 0));
  setOrDelete(index.scoresByPresentation, presentationId, talk.length ? talk : undefined);

  index.scoresByJudge = new Map(parent.scoresByJudge);
  setOrDelete(index.scoresByJudge, judgeId, withKey(parent.scoresByJudge.get(judgeId), presentationId, score));

  index.entriesByPresentation = new Map(parent.entriesByPresentation);
  setOrDelete(index.entriesByPresentation, presentationId, withKey(parent.entriesByPresentation.get(presentationId), judgeId, entry));

  indexes.set(next, index);
}

function setOrDelete<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

/** A copy of `map` with `key` set to `value` (or removed), its keys in sorted order as a fresh build makes them; undefined when empty. */
function withKey<V>(map: Map<string, V> | undefined, key: string, value: V | undefined): Map<string, V> | undefined {
  const entries = [...(map ?? [])].filter(([k]) => k !== key);
  if (value !== undefined) entries.push([key, value]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? new Map(entries) : undefined;
}
