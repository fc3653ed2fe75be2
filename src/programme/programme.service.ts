import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { DrawnOrderDto, PresentationDto, PresenterDto, ProgrammeFillDto, RoundDto } from '../contracts/rest.js';
import type { Organizer } from '../model/organizer.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import type {
  CreatePresentationDto,
  CreatePresenterDto,
  CreateRoundDto,
  UpdatePresentationDto,
  UpdatePresenterDto,
  UpdateRoundDto,
} from './dto/programme.dto.js';
import {
  addPresentation,
  addPresenter,
  addRound,
  drawRound,
  fillProgramme,
  moveRound,
  removePresentation,
  removePresenter,
  removeRound,
  extendPresentation,
  updatePresentation,
  updatePresenter,
  updateRound,
} from './programme-operations.js';

/** The programme of an event: its rounds (topics), presenters, and who speaks when in each round. */
@Injectable()
export class ProgrammeService {
  constructor(private readonly access: EventAccess) {}

  addRound(actor: Organizer, eventId: string, dto: CreateRoundDto): Promise<RoundDto> {
    return this.access.setup(actor, eventId, addRound(dto));
  }

  updateRound(actor: Organizer, eventId: string, roundId: string, dto: UpdateRoundDto): Promise<RoundDto> {
    return this.access.setup(actor, eventId, updateRound(roundId, dto));
  }

  addPresenter(actor: Organizer, eventId: string, dto: CreatePresenterDto): Promise<PresenterDto> {
    return this.access.setup(actor, eventId, addPresenter(dto));
  }

  updatePresenter(actor: Organizer, eventId: string, presenterId: string, dto: UpdatePresenterDto): Promise<PresenterDto> {
    return this.access.setup(actor, eventId, updatePresenter(presenterId, dto));
  }

  /**
   * Draws the speaking order of a round that has not started, from a seed (given, or random and
   * recorded), so the draw can be redone by anyone: see draw.ts.
   */
  async draw(actor: Organizer, eventId: string, roundId: string, seed: number | undefined): Promise<DrawnOrderDto> {
    const used = seed ?? randomInt(0, 2 ** 31);
    return { seed: used, order: await this.access.setup(actor, eventId, drawRound(roundId, used)) };
  }

  addPresentation(actor: Organizer, eventId: string, roundId: string, dto: CreatePresentationDto): Promise<PresentationDto> {
    return this.access.setup(actor, eventId, addPresentation(roundId, dto));
  }

  updatePresentation(actor: Organizer, eventId: string, presentationId: string, dto: UpdatePresentationDto): Promise<PresentationDto> {
    return this.access.setup(actor, eventId, updatePresentation(presentationId, dto));
  }

  extendPresentation(actor: Organizer, eventId: string, presentationId: string, seconds: number): Promise<PresentationDto> {
    return this.access.setup(actor, eventId, extendPresentation(presentationId, seconds));
  }

  removeRound(actor: Organizer, eventId: string, roundId: string): Promise<void> {
    return this.access.setup(actor, eventId, removeRound(roundId));
  }

  moveRound(actor: Organizer, eventId: string, roundId: string, position: number): Promise<RoundDto[]> {
    return this.access.setup(actor, eventId, moveRound(roundId, position));
  }

  removePresenter(actor: Organizer, eventId: string, presenterId: string): Promise<void> {
    return this.access.setup(actor, eventId, removePresenter(presenterId));
  }

  removePresentation(actor: Organizer, eventId: string, presentationId: string): Promise<void> {
    return this.access.setup(actor, eventId, removePresentation(presentationId));
  }

  /** Every presenter into every topic that has not finished, optionally drawn: one change. */
  fill(actor: Organizer, eventId: string, draw: boolean): Promise<ProgrammeFillDto> {
    return this.access.setup(
      actor,
      eventId,
      fillProgramme(draw, () => randomInt(0, 2 ** 31)),
    );
  }
}
