import { EventChanges } from '../../src/state/event-changes.service.js';
import { indexOf } from '../../src/state/event-index.js';
import { computeScreenView, controlView, judgeView } from '../../src/live/views.js';
import type { TestApp } from './test-app.js';

/**
 * What the server keeps in memory for an event (derived change after change) against a fresh
 * read of the database: the state, its index and every role's view must be the same.
 */
export async function expectMemoryMatchesDatabase(t: TestApp, eventId: string): Promise<void> {
  const changes = t.app.get(EventChanges);
  const memory = await changes.current(eventId);
  const fresh = await changes.read(eventId);
  expect(memory).toEqual(fresh);
  for (const key of Object.keys(indexOf(fresh)) as (keyof ReturnType<typeof indexOf>)[]) {
    expect([key, indexOf(memory)[key]]).toStrictEqual([key, indexOf(fresh)[key]]);
  }
  const views = (state: typeof fresh) => ({
    screen: computeScreenView(state),
    control: controlView(state, computeScreenView(state)),
    judges: state.judges.map((j) => judgeView(state, j.id)),
  });
  expect(views(memory)).toEqual(views(fresh));
}
