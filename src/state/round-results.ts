import { createHash } from 'node:crypto';
import { indexOf } from './event-index.js';
import type { EventState } from './event-state.js';
import { computeRound, computeStandings, roundInput, type RoundResult, type Standings } from '../scoring/index.js';
import { toDocument } from './event-document.js';

type Presentation = EventState['presentations'][number];
type Judge = EventState['judges'][number];

/** Judges who may score a presentation: everyone but those in conflict with the presenter's unit. */
export function eligibleJudges(state: EventState, presentation: Presentation): Judge[] {
  const unit = presenterOf(state, presentation).unit;
  return state.judges.filter((judge) => !judge.conflictUnits.includes(unit));
}

export function presenterOf(state: EventState, presentation: Presentation): EventState['presenters'][number] {
  const presenter = indexOf(state).presenters.get(presentation.presenterId);
  if (!presenter) throw new Error(`presentation ${presentation.id} has no presenter`);
  return presenter;
}

/** A talk whose result is public: revealed, in a contest round (a calibration round's 试评 is never published). */
export function isPublished(state: EventState, presentation: Presentation): boolean {
  return presentation.state === 'revealed' && indexOf(state).rounds.get(presentation.roundId)?.kind === 'contest';
}

export function currentScores(state: EventState, presentationId: string): EventState['scores'] {
  return indexOf(state).scoresByPresentation.get(presentationId) ?? [];
}

/**
 * A round's results under the event's declared rule, computed by the engine from the event's
 * document. With `revealedOnly`, as on every public screen, talks not yet revealed are left out.
 */
export function roundResult(state: EventState, roundId: string, revealedOnly: boolean): RoundResult {
  if (!revealedOnly) return computeRoundOf(state, roundId, false);
  // The published results change only when a talk is revealed or closed, a revealed score is
  // corrected, or the setup changes, not with every score: remember them by what they depend on.
  const key = publishedInputKey(state, roundId);
  const slot = `${state.event.id}:${roundId}`;
  const known = published.get(slot);
  if (known?.key === key) return known.result;
  const result = computeRoundOf(state, roundId, true);
  published.delete(slot);
  published.set(slot, { key, result });
  if (published.size > KEPT_ROUNDS) published.delete(published.keys().next().value!);
  return result;
}

/**
 * Every contest round's published results and the overall standings over them (a calibration round,
 * 试评, publishes nothing). A state that is only supposed (a correction's preview) is computed
 * afresh: `remember: false` keeps it out of the memory of published results.
 */
export function publishedResults(
  state: EventState,
  remember = true,
): { rounds: { roundId: string; topic: string; result: RoundResult }[]; standings: Standings } {
  const rounds = state.rounds
    .filter((r) => r.kind === 'contest')
    .map((r) => ({
      roundId: r.id,
      topic: r.topic,
      result: remember ? roundResult(state, r.id, true) : computeRoundOf(state, r.id, true),
    }));
  return { rounds, standings: computeStandings(rounds, state.event.standings) };
}

/** A round's result computed now, never from the remembered ones (扫码验真 recomputes from what is stored). */
export function computeRoundOf(state: EventState, roundId: string, revealedOnly: boolean): RoundResult {
  const document = toDocument(state, { revealedOnly, roundId });
  return computeRound(roundInput(document, roundId), state.event.rule, { complete: document.rounds[0].complete });
}

/** Published round results remembered (the least recently computed are forgotten first). */
const KEPT_ROUNDS = 1_000;
const published = new Map<string, { key: string; result: RoundResult }>();

const inputKeys = new WeakMap<EventState, Map<string, string>>();

/** Everything a round's published results depend on, as one string: once per state and round (the digest reuses it). */
function publishedInputKey(state: EventState, roundId: string): string {
  let keys = inputKeys.get(state);
  if (!keys) inputKeys.set(state, (keys = new Map()));
  let key = keys.get(roundId);
  if (key === undefined) keys.set(roundId, (key = computeInputKey(state, roundId)));
  return key;
}

function computeInputKey(state: EventState, roundId: string): string {
  const { presenters, scoresByPresentation } = indexOf(state);
  const talks = state.presentations
    .filter((p) => p.roundId === roundId)
    .map((p) => [
      p.id,
      p.position,
      p.state,
      presenters.get(p.presenterId)?.unit,
      p.state === 'revealed' ? (scoresByPresentation.get(p.id) ?? []).map((s) => s.id) : null,
    ]);
  const judges = state.judges.map((j) => [j.id, j.seatLabel, j.groupId, j.conflictUnits]);
  return JSON.stringify([state.event.rule, state.criteria, state.groups, judges, talks, state.audience]);
}

const publishedDigests = new WeakMap<EventState, string>();

/**
 * A digest of everything an event's published figures are computed from: its name, rule and
 * standings rule, and per contest round what its published results depend on (the revealed talks'
 * score rows, the panel, the rubric), with the organizer's entries. Two states with the same digest
 * publish the same results, ranks and bootstraps; a judge's sealed score leaves it as it was. Cheap
 * beside the results themselves: ids, not values (a score row is never changed, a new revision is a new row).
 */
export function publishedDigest(state: EventState): string {
  let digest = publishedDigests.get(state);
  if (digest === undefined) {
    const rounds = state.rounds.filter((r) => r.kind === 'contest').map((r) => publishedInputKey(state, r.id));
    const entries = state.entries.map((e) => [e.presentationId, e.judgeId, e.mark, e.at.getTime()]);
    digest = createHash('sha256')
      .update(JSON.stringify([state.event.name, state.event.standings, rounds, entries]))
      .digest('base64url');
    publishedDigests.set(state, digest);
  }
  return digest;
}
