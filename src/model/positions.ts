import type { EntityManager, EntityTarget } from 'typeorm';
import { notFound } from '../common/api-error.js';

/**
 * Gives the rows `ids` the positions 1, 2, 3, … in that order, in two statements whatever their
 * number. Positions are unique per event (criteria, rounds), so the rows step aside to negative
 * positions first: a swap never meets itself halfway.
 */
export async function renumber(tx: EntityManager, target: EntityTarget<{ position: number }>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const table = tx.getRepository(target).metadata.tableName;
  await tx.query(`UPDATE "${table}" SET position = -position WHERE id = ANY($1::uuid[])`, [ids]);
  await tx.query(
    `UPDATE "${table}" AS t SET position = v.position FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, position) WHERE t.id = v.id`,
    [ids],
  );
}

/**
 * Moves row `id` of an ordered list (an event's criteria or topics, a topic's talks: the rows
 * matching `scope`) to the 1-based `position` (clamped) and numbers the list again. `check` sees each row that changes place before anything is written
 * (and may refuse). Returns the rows in their new order, their positions updated.
 */
export async function moveInList<T extends { id: string; position: number }>(
  tx: EntityManager,
  target: EntityTarget<T>,
  scope: { eventId: string } | { roundId: string },
  id: string,
  position: number,
  what: string,
  check: (row: T) => void = () => undefined,
): Promise<T[]> {
  const rows = (await tx.getRepository(target).find({ where: scope as never, order: { position: 'ASC' } as never })) as T[];
  if (!rows.some((row) => row.id === id)) throw notFound(what);
  const order = rows.filter((row) => row.id !== id);
  order.splice(
    Math.max(0, Math.min(order.length, position - 1)),
    0,
    rows.find((row) => row.id === id)!,
  );
  order.forEach((row, i) => i + 1 !== row.position && check(row));
  await renumber(
    tx,
    target,
    order.map((row) => row.id),
  );
  return order.map((row, i) => Object.assign(row, { position: i + 1 }));
}
