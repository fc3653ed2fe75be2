import type { EntityManager } from 'typeorm';
import { conflict, unauthorized } from '../common/api-error.js';
import type { SignerDto } from '../contracts/rest.js';
import type { SignoffView } from '../contracts/live.js';
import { assertRoomFor } from '../model/event-limits.js';
import { findInEvent } from '../model/event-owned.entity.js';
import { Presentation } from '../model/presentation.entity.js';
import { SignerLink } from '../model/signer-link.entity.js';
import { Signer } from '../model/signer.entity.js';
import { Signoff } from '../model/signoff.entity.js';
import type { Operation, SetupOperation } from '../state/event-changes.service.js';
import { signerData } from '../state/event-state.loader.js';
import { scoresDigest } from '../state/signoffs.js';
import type { CreateSignerDto } from './dto/signer.dto.js';
import type { SubmitSignoffDto } from './dto/submit-signoff.dto.js';

/** A secret link and its SHA-256 (newSecret). */
export interface LinkSecret {
  token: string;
  hash: string;
}

/** Who is signing: established from the signer's secret link at the socket handshake. */
export interface SignerSession {
  eventId: string;
  signerId: string;
  /** The link's hash at handshake; a re-issued or revoked link no longer matches. */
  linkHash: string;
}

/** Adds a 计分员, 复核员 or 监督员 with the secret link `link`. */
export const addSigner =
  (dto: CreateSignerDto, link: LinkSecret): SetupOperation<SignerDto> =>
  async (tx, { id: eventId }) => {
    await assertRoomFor(tx, Signer, eventId, 'signers');
    const signer = await tx.save(
      tx.create(Signer, { eventId, role: dto.role, displayName: dto.displayName, linkHash: link.hash, linkIssuedAt: new Date() }),
    );
    await keepLink(tx, signer.id, link);
    return signerData(signer);
  };

/** Gives a signer a new link, or none (`null`: revoked); the old link stops working. */
export const setSignerLink =
  (signerId: string, link: LinkSecret | null): SetupOperation<SignerDto> =>
  async (tx, { id: eventId }) => {
    const signer = await findInEvent(tx, Signer, eventId, signerId, 'signer');
    await keepLink(tx, signerId, link);
    return signerData(await tx.save(Object.assign(signer, link ? { linkHash: link.hash, linkIssuedAt: new Date() } : { linkHash: null })));
  };

/** Removes a signer who has not signed off on anything (one who has stays on record: revoke the link instead). */
export const removeSigner =
  (signerId: string): SetupOperation<void> =>
  async (tx, { id: eventId }) => {
    await findInEvent(tx, Signer, eventId, signerId, 'signer');
    if (await tx.existsBy(Signoff, { signerId }))
      throw conflict('has_signoffs', 'this signer has signed off on results; the sign-offs stay on record, so revoke the link instead');
    await tx.delete(Signer, { id: signerId, eventId });
  };

async function keepLink(tx: EntityManager, signerId: string, link: LinkSecret | null): Promise<void> {
  if (link) await tx.upsert(SignerLink, { signerId, token: link.token }, ['signerId']);
  else await tx.delete(SignerLink, { signerId });
}

/** The current links of an event's signers (those not revoked), to show their QR codes again. */
export async function currentSignerLinks(tx: EntityManager, eventId: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ signerId: string; token: string }[]>(
    `SELECT l.signer_id AS "signerId", l.token FROM signer_link l JOIN signer s ON s.id = l.signer_id
      WHERE s.event_id = $1 AND s.link_hash IS NOT NULL`,
    [eventId],
  );
  return new Map(rows.map((r) => [r.signerId, r.token]));
}

/**
 * Records a signer's word on the talk whose scoring is closed: only on the scores the signer was
 * shown (the digest they send back), so that nobody confirms numbers they did not see.
 */
export const recordSignoff =
  (session: SignerSession, dto: SubmitSignoffDto): Operation<SignoffView> =>
  async (tx, { id: eventId }, stateAtLock) => {
    const signer = await tx.findOneBy(Signer, { id: session.signerId, eventId });
    if (!signer || signer.linkHash !== session.linkHash)
      throw unauthorized('this sign-off link is no longer valid; ask the organizer for a new one', 'signer_link_invalid');
    const presentation = await findInEvent(tx, Presentation, eventId, dto.presentationId, 'presentation');
    if (presentation.state !== 'scoring_closed')
      throw conflict(
        'signoff_not_open',
        `a talk is signed off once its scoring is closed and before its reveal; this one is ${presentation.state.replaceAll('_', ' ')}`,
      );
    const state = await stateAtLock();
    if (dto.digest !== scoresDigest(state, presentation.id))
      throw conflict('signoff_stale', 'the scores changed after this page showed them; look at them again before signing off');
    const saved = await tx.save(
      tx.create(Signoff, {
        eventId,
        presentationId: presentation.id,
        signerId: signer.id,
        role: signer.role,
        verdict: dto.verdict,
        reason: dto.reason ?? null,
        digest: dto.digest,
      }),
    );
    return {
      id: saved.id,
      signerId: signer.id,
      displayName: signer.displayName,
      role: saved.role,
      verdict: saved.verdict,
      reason: saved.reason,
      at: saved.createdAt.toISOString(),
      current: true,
    };
  };
