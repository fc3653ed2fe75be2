import { createHash } from 'node:crypto';
import type { SignoffView } from '../contracts/live.js';
import { signoffStanding, type SignoffStanding } from '../model/signoff-gate.js';
import { indexOf } from './event-index.js';
import type { EventState } from './event-state.js';
import { currentScores } from './round-results.js';

type Signoff = EventState['signoffs'][number];

/**
 * What a sign-off confirms: SHA-256 over the talk's current score revisions (each judge's latest
 * line that counts, by its stored id, revision and total) and the attendees' ballots an audience
 * group counts on it. Any new revision (an amendment after
 * scoring was reopened, an organizer's 代录/更正/作废) changes it, so a sign-off given before no longer counts.
 */
export function scoresDigest(state: EventState, presentationId: string): string {
  const lines = currentScores(state, presentationId)
    .map((s) => `${s.judgeId}:${s.id}:${s.revision}:${s.total}`)
    .sort();
  // The attendees' ballots an audience group counts (大众评委) are part of the result too: closing
  // the talk's poll changes the result, and a sign-off given before it no longer counts.
  const audience = state.groups.some((g) => g.audience)
    ? state.audience.ballots
        .filter((b) => b.presentationId === presentationId)
        .map((b) => `${b.hall}:${b.ballots}:${b.sum}`)
        .sort()
    : [];
  return createHash('sha256')
    .update(
      `${presentationId}|${lines.join(',')}${audience.length ? `|audience:${state.audience.cardMax}:${audience.join(',')}` : ''}`,
      'utf8',
    )
    .digest('hex');
}

/** Every sign-off given on a talk, oldest first. */
export function signoffsOf(state: EventState, presentationId: string): Signoff[] {
  return state.signoffs.filter((s) => s.presentationId === presentationId);
}

/** Where each role the event requires stands on the talk's current scores. */
export function talkSignoffs(state: EventState, presentationId: string): SignoffStanding<Signoff> & { digest: string } {
  const digest = scoresDigest(state, presentationId);
  return { ...signoffStanding(state.event.requiredSignoffs, signoffsOf(state, presentationId), digest), digest };
}

/** The signer of a sign-off, by id (a signer who signed off is never removed). */
export const signerOf = (state: EventState, signerId: string) => indexOf(state).signers.get(signerId);

/** Every sign-off given on a talk, oldest first, as the console, the signers and the report show them. */
export function signoffViews(state: EventState, presentationId: string): SignoffView[] {
  const digest = scoresDigest(state, presentationId);
  return signoffsOf(state, presentationId).map((s) => ({
    id: s.id,
    signerId: s.signerId,
    displayName: signerOf(state, s.signerId)?.displayName ?? '',
    role: s.role,
    verdict: s.verdict,
    reason: s.reason,
    at: s.at.toISOString(),
    current: s.digest === digest,
  }));
}
