import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { drawOrder } from './draw.js';
import { conflict, notFound } from '../common/api-error.js';
import { EventAccess } from '../events/event-access.service.js';
import { EventChanges } from '../state/event-changes.service.js';
import { presentationData, presenterData, roundData } from '../state/event-state.loader.js';
import type { EventState } from '../state/event-state.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import type {
  CreatePresentationDto,
  CreatePresenterDto,
  CreateRoundDto,
  UpdatePresentationDto,
  UpdatePresenterDto,
  UpdateRoundDto,
} from './dto/programme.dto.js';
import { Presentation } from './presentation.entity.js';
import { Presenter } from './presenter.entity.js';
import { Round } from './round.entity.js';
import { assertNotScoredYet, changedFields } from '../events/event-freeze.js';
import { assertRoomFor } from '../events/event-limits.js';
import { findInEvent } from '../events/event-owned.entity.js';

/** The programme of an event: its rounds (topics), presenters, and who speaks when in each round. */
@Injectable()
export class ProgrammeService {
  constructor(
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
  ) {}

  async addRound(actor: Organizer, eventId: string, dto: CreateRoundDto): Promise<EventState['rounds'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      await assertRoomFor(tx, Round, eventId, 'rounds');
      const position = ((await tx.maximum(Round, 'position', { eventId })) ?? 0) + 1;
      return roundData(await tx.save(tx.create(Round, { eventId, position, topic: dto.topic, lecturer: dto.lecturer ?? '' })));
    });
  }

  async updateRound(actor: Organizer, eventId: string, roundId: string, dto: UpdateRoundDto): Promise<EventState['rounds'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      const round = await findInEvent(tx, Round, eventId, roundId, 'round');
      return roundData(await tx.save(Object.assign(round, dto)));
    });
  }

  async addPresenter(actor: Organizer, eventId: string, dto: CreatePresenterDto): Promise<EventState['presenters'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      await assertRoomFor(tx, Presenter, eventId, 'presenters');
      return presenterData(await tx.save(tx.create(Presenter, { eventId, title: dto.title, unit: dto.unit, name: dto.name ?? '' })));
    });
  }

  async updatePresenter(
    actor: Organizer,
    eventId: string,
    presenterId: string,
    dto: UpdatePresenterDto,
  ): Promise<EventState['presenters'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      const presenter = await findInEvent(tx, Presenter, eventId, presenterId, 'presenter');
      // Who stands where on a published board: frozen once scoring has started on a talk of theirs.
      if (changedFields(presenter, dto).length > 0)
        await assertNotScoredYet(tx, eventId, "a presenter's name, title and unit", presenterId);
      return presenterData(await tx.save(Object.assign(presenter, dto)));
    });
  }

  /**
   * Draws the speaking order of a round that has not started, from a seed (given, or random and
   * recorded), so the draw can be redone by anyone: see draw.ts.
   */
  async draw(
    actor: Organizer,
    eventId: string,
    roundId: string,
    seed: number | undefined,
  ): Promise<{ seed: number; order: EventState['presentations'] }> {
    await this.access.manage(actor, eventId);
    const used = seed ?? randomInt(0, 2 ** 31);
    const order = await this.changes.apply(eventId, 'setup', async (tx) => {
      const round = await findInEvent(tx, Round, eventId, roundId, 'round');
      if (round.status !== 'pending')
        throw conflict('round_started', 'the speaking order of a round that has started cannot be drawn again');
      const presentations = await tx.findBy(Presentation, { roundId });
      const units = new Map((await tx.findBy(Presenter, { eventId })).map((p) => [p.id, p.unit]));
      const drawn = drawOrder(
        presentations.map((p) => ({ id: p.presenterId, unit: units.get(p.presenterId)!, presentation: p })),
        used,
      );
      for (const [i, entry] of drawn.entries()) await tx.update(Presentation, { id: entry.presentation.id }, { position: i + 1 });
      await tx.update(Round, { id: roundId }, { drawSeed: used });
      return drawn.map((entry, i) => presentationData({ ...entry.presentation, position: i + 1 }));
    });
    return { seed: used, order };
  }

  async addPresentation(
    actor: Organizer,
    eventId: string,
    roundId: string,
    dto: CreatePresentationDto,
  ): Promise<EventState['presentations'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx, event) => {
      const round = await findInEvent(tx, Round, eventId, roundId, 'round');
      if (round.status === 'done') throw conflict('round_done', 'this round is finished; talks cannot be added to it');
      if (!(await tx.existsBy(Presenter, { id: dto.presenterId, eventId }))) throw notFound('presenter');
      if (await tx.existsBy(Presentation, { roundId, presenterId: dto.presenterId }))
        throw conflict('already_in_round', 'this presenter already speaks in this round');
      await assertRoomFor(tx, Presentation, eventId, 'presentations');
      const position = dto.position ?? ((await tx.maximum(Presentation, 'position', { roundId })) ?? 0) + 1;
      const presentation = tx.create(Presentation, {
        eventId,
        roundId,
        presenterId: dto.presenterId,
        position,
        timeLimitSeconds: dto.timeLimitSeconds ?? event.defaultTimeLimitSeconds,
        state: 'pending',
      });
      return presentationData(await tx.save(presentation));
    });
  }

  async updatePresentation(
    actor: Organizer,
    eventId: string,
    presentationId: string,
    dto: UpdatePresentationDto,
  ): Promise<EventState['presentations'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      const presentation = await findInEvent(tx, Presentation, eventId, presentationId, 'presentation');
      if (presentation.state !== 'pending') throw conflict('presentation_started', 'a talk that has started cannot be moved or re-timed');
      return presentationData(await tx.save(Object.assign(presentation, dto)));
    });
  }
}
