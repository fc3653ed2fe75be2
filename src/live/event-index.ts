import type { EventState } from './event-state.js';

type Item<K extends keyof EventState> = EventState[K] extends (infer T)[] ? T : never;

export interface EventIndex {
  presenters: Map<string, Item<'presenters'>>;
  judges: Map<string, Item<'judges'>>;
  rounds: Map<string, Item<'rounds'>>;
  presentations: Map<string, Item<'presentations'>>;
  groupNames: Map<string, string>;
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
    };
    indexes.set(state, index);
  }
  return index;
}
