import type { EventState } from './event-state.js';

type Item<K extends keyof EventState> = EventState[K] extends (infer T)[] ? T : never;

export interface EventIndex {
  presenters: Map<string, Item<'presenters'>>;
  judges: Map<string, Item<'judges'>>;
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
