import { Column, type EntityManager, type EntityTarget, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { notFound } from '../common/api-error.js';
import { ContestEvent } from './event.entity.js';

/** What every part of an event's setup has: its id and the event it belongs to (deleted with it). */
export abstract class EventOwned {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => ContestEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<ContestEvent>;
}

/** Loads a part of one event by id, or answers 404 naming it: ids of other events are never found. */
export async function findInEvent<T extends { id: string; eventId: string }>(
  tx: EntityManager,
  target: EntityTarget<T>,
  eventId: string,
  id: string,
  what: string,
): Promise<T> {
  const found = await tx.findOneBy(target, { id, eventId } as never);
  if (!found) throw notFound(what);
  return found;
}
