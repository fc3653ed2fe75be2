import type { PresentationDto, PresenterDto, RoundDto } from '../contracts/rest.js';
import { conflict, notFound } from '../common/api-error.js';
import { assertNotScoredYet, changedFields } from '../model/event-freeze.js';
import { assertRoomFor } from '../model/event-limits.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { Presenter } from '../model/presenter.entity.js';
import { Round } from '../model/round.entity.js';
import type { SetupOperation } from '../state/event-changes.service.js';
import { mapPresentation } from '../state/event-detail.js';
import { presentationData, presenterData, roundData } from '../state/event-state.loader.js';
import { drawOrder } from './draw.js';
import type {
  CreatePresentationDto,
  CreatePresenterDto,
  CreateRoundDto,
  UpdatePresentationDto,
  UpdatePresenterDto,
  UpdateRoundDto,
} from './dto/programme.dto.js';

/** The programme's changes, as operations on an event's transaction (EventChanges.apply); they compose. */

export const addRound =
  (dto: CreateRoundDto): SetupOperation<RoundDto> =>
  async (tx, { id: eventId }) => {
    await assertRoomFor(tx, Round, eventId, 'rounds');
    const position = ((await tx.maximum(Round, 'position', { eventId })) ?? 0) + 1;
    return roundData(await tx.save(tx.create(Round, { eventId, position, topic: dto.topic, lecturer: dto.lecturer ?? '' })));
  };

export const updateRound =
  (roundId: string, dto: UpdateRoundDto): SetupOperation<RoundDto> =>
  async (tx, { id: eventId }) => {
    const round = await findInEvent(tx, Round, eventId, roundId, 'round');
    return roundData(await tx.save(Object.assign(round, dto)));
  };

export const addPresenter =
  (dto: CreatePresenterDto): SetupOperation<PresenterDto> =>
  async (tx, { id: eventId }) => {
    await assertRoomFor(tx, Presenter, eventId, 'presenters');
    return presenterData(await tx.save(tx.create(Presenter, { eventId, title: dto.title, unit: dto.unit, name: dto.name ?? '' })));
  };

export const updatePresenter =
  (presenterId: string, dto: UpdatePresenterDto): SetupOperation<PresenterDto> =>
  async (tx, { id: eventId }) => {
    const presenter = await findInEvent(tx, Presenter, eventId, presenterId, 'presenter');
    // Who stands where on a published board: frozen once scoring has started on a talk of theirs.
    if (changedFields(presenter, dto).length > 0) await assertNotScoredYet(tx, eventId, "a presenter's name, title and unit", presenterId);
    return presenterData(await tx.save(Object.assign(presenter, dto)));
  };

/** Draws the speaking order of a round that has not started from `seed` (see draw.ts). */
export const drawRound =
  (roundId: string, seed: number): SetupOperation<PresentationDto[]> =>
  async (tx, { id: eventId }) => {
    const round = await findInEvent(tx, Round, eventId, roundId, 'round');
    if (round.status !== 'pending') throw conflict('round_started', 'the speaking order of a round that has started cannot be drawn again');
    const presentations = await tx.findBy(Presentation, { roundId });
    const units = new Map((await tx.findBy(Presenter, { eventId })).map((p) => [p.id, p.unit]));
    const drawn = drawOrder(
      presentations.map((p) => ({ id: p.presenterId, unit: units.get(p.presenterId)!, presentation: p })),
      seed,
    );
    for (const [i, entry] of drawn.entries()) await tx.update(Presentation, { id: entry.presentation.id }, { position: i + 1 });
    await tx.update(Round, { id: roundId }, { drawSeed: seed });
    return drawn.map((entry, i) => mapPresentation(presentationData({ ...entry.presentation, position: i + 1 })));
  };

export const addPresentation =
  (roundId: string, dto: CreatePresentationDto): SetupOperation<PresentationDto> =>
  async (tx, event) => {
    const eventId = event.id;
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
    return mapPresentation(presentationData(await tx.save(presentation)));
  };

export const updatePresentation =
  (presentationId: string, dto: UpdatePresentationDto): SetupOperation<PresentationDto> =>
  async (tx, { id: eventId }) => {
    const presentation = await findInEvent(tx, Presentation, eventId, presentationId, 'presentation');
    if (presentation.state !== 'pending') throw conflict('presentation_started', 'a talk that has started cannot be moved or re-timed');
    return mapPresentation(presentationData(await tx.save(Object.assign(presentation, dto))));
  };
