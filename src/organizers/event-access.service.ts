import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/api-error.js';
import type { Organizer } from '../model/organizer.entity.js';
import { ContestEvent } from '../model/event.entity.js';
import { EventChanges, type Operation } from '../state/event-changes.service.js';

/** Organizers manage their own events; admins manage all. Others are told the event does not exist. */
@Injectable()
export class EventAccess {
  constructor(
    @InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>,
    private readonly changes: EventChanges,
  ) {}

  async manage(actor: Organizer, eventId: string): Promise<ContestEvent> {
    const event = await this.events.findOneBy({ id: eventId });
    if (!event || (actor.role !== 'admin' && event.ownerId !== actor.id)) throw notFound('event');
    return event;
  }

  /** An organizer's change to an event's setup: allowed only to whoever manages the event. */
  async setup<T>(actor: Organizer, eventId: string, operation: Operation<T>): Promise<T> {
    await this.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', operation);
  }
}
