import type { PresentationDto, PresenterDto, RoundDto } from '../contracts/rest.js';
import { type EntityManager, IsNull, Not } from 'typeorm';
import { conflict, notFound } from '../common/api-error.js';
import { chineseOrder } from '../common/collation.js';
import { assertNotScoredYet, changedFields } from '../model/event-freeze.js';
import { assertRoomFor } from '../model/event-limits.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { Poll } from '../model/poll.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { Presenter } from '../model/presenter.entity.js';
import { moveInList, renumber } from '../model/positions.js';
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
    await assertTopicFree(tx, eventId, dto.topic);
    await assertRoomFor(tx, Round, eventId, 'rounds');
    const position = ((await tx.maximum(Round, 'position', { eventId })) ?? 0) + 1;
    return roundData(
      await tx.save(tx.create(Round, { eventId, position, topic: dto.topic, lecturer: dto.lecturer ?? '', kind: dto.kind ?? 'contest' })),
    );
  };

export const updateRound =
  (roundId: string, dto: UpdateRoundDto): SetupOperation<RoundDto> =>
  async (tx, { id: eventId }) => {
    const round = await findInEvent(tx, Round, eventId, roundId, 'round');
    if (dto.topic !== undefined && dto.topic !== round.topic) await assertTopicFree(tx, eventId, dto.topic);
    // Whether a round counts is what its results depend on: fixed once it has started.
    if (dto.kind !== undefined && dto.kind !== round.kind && round.status !== 'pending')
      throw conflict('round_started', 'a topic that has started cannot become a calibration round, or stop being one');
    return roundData(await tx.save(Object.assign(round, dto)));
  };

export const addPresenter =
  (dto: CreatePresenterDto): SetupOperation<PresenterDto> =>
  async (tx, { id: eventId }) => {
    await assertPresenterFree(tx, eventId, { title: dto.title, unit: dto.unit, name: dto.name ?? '' });
    await assertRoomFor(tx, Presenter, eventId, 'presenters');
    return presenterData(await tx.save(tx.create(Presenter, { eventId, title: dto.title, unit: dto.unit, name: dto.name ?? '' })));
  };

export const updatePresenter =
  (presenterId: string, dto: UpdatePresenterDto): SetupOperation<PresenterDto> =>
  async (tx, { id: eventId }) => {
    const presenter = await findInEvent(tx, Presenter, eventId, presenterId, 'presenter');
    // Who stands where on a published board: frozen once scoring has started on a talk of theirs.
    if (changedFields(presenter, dto).length > 0) {
      await assertNotScoredYet(tx, eventId, "a presenter's name, title and unit", presenterId);
      await assertPresenterFree(tx, eventId, { ...presenter, ...dto }, presenterId);
    }
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
    const saved = await tx.save(presentation);
    if (round.drawSeed !== null) await forgetDraw(tx, roundId);
    return mapPresentation(presentationData(saved));
  };

export const updatePresentation =
  (presentationId: string, dto: UpdatePresentationDto): SetupOperation<PresentationDto> =>
  async (tx, { id: eventId }) => {
    const presentation = await findInEvent(tx, Presentation, eventId, presentationId, 'presentation');
    // A talk on stage keeps its place; its time may still be extended (or cut) while it is in front of the hall.
    const retimeOnly = dto.position === undefined || dto.position === presentation.position;
    const speaking = presentation.state === 'on_stage' || presentation.state === 'scoring_open';
    if (presentation.state !== 'pending' && !(speaking && retimeOnly))
      throw conflict(
        'presentation_started',
        'a talk that has started cannot be moved, and can be re-timed only while it is on stage or being scored',
      );
    if (!retimeOnly) {
      // The talks between the old place and the new one shift by one: the order stays 1, 2, 3, …,
      // and only talks that have not started change places. A drawn order changed by hand is no longer the draw.
      await moveInList(tx, Presentation, { roundId: presentation.roundId }, presentationId, dto.position!, 'presentation', (talk) => {
        if (talk.state !== 'pending') throw conflict('presentation_started', 'only talks that have not started can change places');
      });
      await forgetDraw(tx, presentation.roundId);
      presentation.position = (await tx.findOneByOrFail(Presentation, { id: presentationId })).position;
    }
    if (dto.timeLimitSeconds !== undefined) presentation.timeLimitSeconds = dto.timeLimitSeconds;
    return mapPresentation(presentationData(await tx.save(presentation)));
  };

/** More time for the talk in front of the hall (or less: `seconds` < 0), added to what it has now. */
export const extendPresentation =
  (presentationId: string, seconds: number): SetupOperation<PresentationDto> =>
  async (tx, { id: eventId }) => {
    const presentation = await findInEvent(tx, Presentation, eventId, presentationId, 'presentation');
    if (presentation.state !== 'on_stage' && presentation.state !== 'scoring_open')
      throw conflict('presentation_started', 'only the talk on stage or being scored can be given more time');
    presentation.timeLimitSeconds = Math.min(7200, Math.max(10, presentation.timeLimitSeconds + seconds));
    return mapPresentation(presentationData(await tx.save(presentation)));
  };

/** Removes a topic that has not started, with its talks; the topics after it move up. */
export const removeRound =
  (roundId: string): SetupOperation<void> =>
  async (tx, { id: eventId }) => {
    const round = await findInEvent(tx, Round, eventId, roundId, 'round');
    if (round.status !== 'pending') throw conflict('round_started', 'a topic that has started cannot be removed');
    const rest = (await tx.find(Round, { where: { eventId }, order: { position: 'ASC' } })).filter((r) => r.id !== roundId);
    // The topics after it move up: none of them may have started (a board already shown keeps its number).
    if (rest.some((r) => r.position > round.position && r.status !== 'pending'))
      throw conflict('round_started', 'a topic can be removed only while the topics after it have not started either');
    if (await tx.existsBy(Poll, { roundId }))
      throw conflict('has_ballots', 'attendees have rated this topic’s lecture in a poll; the topic and its poll stay on record');
    await tx.delete(Presentation, { roundId });
    await tx.delete(Round, { id: roundId });
    await renumber(
      tx,
      Round,
      rest.map((r) => r.id),
    );
  };

/** Moves a topic that has not started to `position`, among topics that have not started either. */
export const moveRound =
  (roundId: string, position: number): SetupOperation<RoundDto[]> =>
  async (tx, { id: eventId }) => {
    // Every topic whose place changes must not have started: a board already shown keeps its number.
    const order = await moveInList(tx, Round, { eventId }, roundId, position, 'round', (round) => {
      if (round.status !== 'pending') throw conflict('round_started', 'only topics that have not started can change places');
    });
    return order.map(roundData);
  };

/** Removes a presenter who has not spoken, with the talks planned for them. */
export const removePresenter =
  (presenterId: string): SetupOperation<void> =>
  async (tx, { id: eventId }) => {
    await findInEvent(tx, Presenter, eventId, presenterId, 'presenter');
    const talks = await tx.findBy(Presentation, { eventId, presenterId });
    if (talks.some((t) => t.state !== 'pending'))
      throw conflict('presentation_started', 'this presenter has already been on stage; their talks and results stay');
    for (const talk of talks) await removeTalk(tx, talk);
    await tx.delete(Presenter, { id: presenterId, eventId });
  };

/** Removes a talk that has not started. */
export const removePresentation =
  (presentationId: string): SetupOperation<void> =>
  async (tx, { id: eventId }) => {
    const talk = await findInEvent(tx, Presentation, eventId, presentationId, 'presentation');
    if (talk.state !== 'pending') throw conflict('presentation_started', 'a talk that has started cannot be removed');
    await removeTalk(tx, talk);
  };

/**
 * Puts every presenter into every topic that has not finished, in the order of their units (a
 * topic keeps the talks it has and gets the missing presenters after them); with `draw`, then
 * draws the speaking order of every topic that has not started, each from its own recorded seed.
 */
export const fillProgramme =
  (draw: boolean, seeds: () => number): SetupOperation<{ added: number; drawn: { roundId: string; seed: number }[] }> =>
  async (tx, event) => {
    const eventId = event.id;
    const rounds = await tx.find(Round, { where: { eventId }, order: { position: 'ASC' } });
    const presenters = (await tx.findBy(Presenter, { eventId })).sort(
      (a, b) => chineseOrder.compare(a.unit, b.unit) || chineseOrder.compare(a.title, b.title) || chineseOrder.compare(a.name, b.name),
    );
    let added = 0;
    const drawn: { roundId: string; seed: number }[] = [];
    // A calibration round (试评) keeps its own sample talk: it is not filled.
    for (const round of rounds.filter((r) => r.status !== 'done' && r.kind === 'contest')) {
      const speaking = new Set((await tx.findBy(Presentation, { roundId: round.id })).map((p) => p.presenterId));
      for (const presenter of presenters.filter((p) => !speaking.has(p.id))) {
        await addPresentation(round.id, { presenterId: presenter.id })(tx, event);
        added++;
      }
      if (draw && round.status === 'pending') {
        const seed = seeds();
        await drawRound(round.id, seed)(tx, event);
        drawn.push({ roundId: round.id, seed });
      }
    }
    return { added, drawn };
  };

/**
 * Deletes a talk. The topic's talks are numbered 1, 2, 3… again when no talk that has started would
 * change its number (a published speaking order stays as shown); else the gap stays. A drawn order
 * that lost a talk no longer follows from its seed: the seed is cleared.
 */
async function removeTalk(tx: EntityManager, talk: Presentation): Promise<void> {
  if (await tx.existsBy(Poll, { presentationId: talk.id }))
    throw conflict('has_ballots', 'attendees have rated this talk in a poll; the talk and its poll stay on record');
  await tx.delete(Presentation, { id: talk.id });
  const rest = await tx.find(Presentation, { where: { roundId: talk.roundId }, order: { position: 'ASC' } });
  if (rest.every((p, i) => p.position === i + 1 || p.state === 'pending'))
    await renumber(
      tx,
      Presentation,
      rest.map((p) => p.id),
    );
  await forgetDraw(tx, talk.roundId);
}

/** A round whose talks changed after its draw: the recorded seed would no longer give its order. */
async function forgetDraw(tx: EntityManager, roundId: string): Promise<void> {
  await tx.update(Round, { id: roundId, drawSeed: Not(IsNull()) }, { drawSeed: null });
}

async function assertTopicFree(tx: EntityManager, eventId: string, topic: string): Promise<void> {
  if (await tx.existsBy(Round, { eventId, topic }))
    throw conflict('already_exists', `a topic named "${topic}" already exists in this event`);
}

/** Two presenters with the same title, unit and name would be told apart by nobody in the hall. */
async function assertPresenterFree(
  tx: EntityManager,
  eventId: string,
  who: { title: string; unit: string; name: string },
  except?: string,
): Promise<void> {
  const same = await tx.findOneBy(Presenter, { eventId, title: who.title, unit: who.unit, name: who.name });
  if (same && same.id !== except)
    throw conflict('already_exists', `${who.unit} ${who.title}${who.name ? ` ${who.name}` : ''} is already a presenter of this event`);
}
