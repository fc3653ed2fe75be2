import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashSecret, newSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import type { SignoffView } from '../contracts/live.js';
import type { SignerDto, SignerWithLinkDto } from '../contracts/rest.js';
import type { Organizer } from '../model/organizer.entity.js';
import { Signer } from '../model/signer.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { ChangeFeed } from '../state/change-feed.js';
import { EventChanges } from '../state/event-changes.service.js';
import { signerData } from '../state/event-state.loader.js';
import type { CreateSignerDto } from './dto/signer.dto.js';
import type { SubmitSignoffDto } from './dto/submit-signoff.dto.js';
import { addSigner, currentSignerLinks, recordSignoff, removeSigner, type SignerSession, setSignerLink } from './signer-operations.js';

/** The signers of an event (计分员, 复核员, 监督员) with their links, and their sign-offs. */
@Injectable()
export class SignoffsService {
  constructor(
    @InjectRepository(Signer) private readonly signers: Repository<Signer>,
    private readonly config: AppConfig,
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
    private readonly feed: ChangeFeed,
  ) {}

  async add(actor: Organizer, eventId: string, dto: CreateSignerDto): Promise<SignerWithLinkDto> {
    const secret = newSecret();
    return { signer: await this.access.setup(actor, eventId, addSigner(dto, secret)), link: this.link(secret.token) };
  }

  /** A new link; the old one stops working at once and its open pages are told so. */
  async issueLink(actor: Organizer, eventId: string, signerId: string): Promise<SignerWithLinkDto> {
    const secret = newSecret();
    const signer = await this.access.setup(actor, eventId, setSignerLink(signerId, secret));
    this.feed.signerSessionsEnded(
      eventId,
      signerId,
      'link_reissued',
      'this sign-off link has been replaced by a new one; ask the organizer for it',
    );
    return { signer, link: this.link(secret.token) };
  }

  async revokeLink(actor: Organizer, eventId: string, signerId: string): Promise<SignerDto> {
    const signer = await this.access.setup(actor, eventId, setSignerLink(signerId, null));
    this.feed.signerSessionsEnded(eventId, signerId, 'link_revoked', 'this sign-off link has been revoked by the organizer');
    return signer;
  }

  async remove(actor: Organizer, eventId: string, signerId: string): Promise<void> {
    await this.access.setup(actor, eventId, removeSigner(signerId));
    this.feed.signerSessionsEnded(eventId, signerId, 'link_revoked', 'this signer has been removed from the event by the organizer');
  }

  /** Every signer's current link, to show the QR codes again without re-issuing any. */
  async links(actor: Organizer, eventId: string): Promise<SignerWithLinkDto[]> {
    await this.access.manage(actor, eventId);
    const links = await currentSignerLinks(this.signers.manager, eventId);
    const signers = await this.signers.find({ where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return signers.filter((s) => links.has(s.id)).map((s) => ({ signer: signerData(s), link: this.link(links.get(s.id)!) }));
  }

  /** A signer's word on the talk whose scoring is closed; answered once it is committed and published. */
  submit(session: SignerSession, dto: SubmitSignoffDto): Promise<SignoffView> {
    return this.changes.apply(session.eventId, 'signoff', recordSignoff(session, dto));
  }

  /** The signer a secret link belongs to, or null for an unknown or revoked link. */
  findByLink(token: string): Promise<Signer | null> {
    return this.signers.findOneBy({ linkHash: hashSecret(token) });
  }

  /** Whether a session's link still holds (it can be revoked or replaced after the page connected). */
  stillValid(session: SignerSession): Promise<boolean> {
    return this.signers.existsBy({ id: session.signerId, linkHash: session.linkHash });
  }

  link(token: string): string {
    return `${this.config.publicUrl}/signoff/${token}`;
  }
}
