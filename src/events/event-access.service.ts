import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/api-error.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { ContestEvent } from './event.entity.js';

/** Organizers manage their own events; admins manage all. Others are told the event does not exist. */
@Injectable()
export class EventAccess {
  constructor(@InjectRepository(ContestEvent) private readonly events: Repository<ContestEvent>) {}

  async manage(actor: Organizer, eventId: string): Promise<ContestEvent> {
    const event = await this.events.findOneBy({ id: eventId });
    if (!event || (actor.role !== 'admin' && event.ownerId !== actor.id)) throw notFound('event');
    return event;
  }
}
