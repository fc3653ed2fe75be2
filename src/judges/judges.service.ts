import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashSecret, newSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import type { JudgeDto, JudgeWithLinkDto } from '../contracts/rest.js';
import { Judge } from '../model/judge.entity.js';
import { RetiredJudgeLink } from '../model/retired-judge-link.entity.js';
import type { Organizer } from '../model/organizer.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { ChangeFeed } from '../state/change-feed.js';
import type { CreateJudgeDto, UpdateJudgeDto } from './dto/judge.dto.js';
import { addJudge, currentLinks, removeJudge, setJudgeLink, updateJudge } from './judge-operations.js';
import { judgeData } from '../state/event-state.loader.js';
import { chineseOrder } from '../common/collation.js';

@Injectable()
export class JudgesService {
  constructor(
    @InjectRepository(Judge) private readonly judges: Repository<Judge>,
    private readonly config: AppConfig,
    private readonly access: EventAccess,
    private readonly feed: ChangeFeed,
  ) {}

  /** Adds a judge and issues the judge's secret link. */
  async add(actor: Organizer, eventId: string, dto: CreateJudgeDto): Promise<JudgeWithLinkDto> {
    const secret = newSecret();
    return { judge: await this.access.setup(actor, eventId, addJudge(dto, secret)), link: this.link(secret.token) };
  }

  update(actor: Organizer, eventId: string, judgeId: string, dto: UpdateJudgeDto): Promise<JudgeDto> {
    return this.access.setup(actor, eventId, updateJudge(judgeId, dto));
  }

  /** Issues a new link; the old one stops working at once and its open tablets are disconnected. */
  async issueLink(actor: Organizer, eventId: string, judgeId: string): Promise<JudgeWithLinkDto> {
    const secret = newSecret();
    const judge = await this.access.setup(actor, eventId, setJudgeLink(judgeId, secret));
    this.feed.judgeSessionsEnded(eventId, judgeId, 'link_reissued', 'this link has been replaced by a new one; ask the organizer for it');
    return { judge, link: this.link(secret.token) };
  }

  async revokeLink(actor: Organizer, eventId: string, judgeId: string): Promise<JudgeDto> {
    const judge = await this.access.setup(actor, eventId, setJudgeLink(judgeId, null));
    this.feed.judgeSessionsEnded(eventId, judgeId, 'link_revoked', 'this judge link has been revoked by the organizer');
    return judge;
  }

  /** Removes a judge who has not scored; a tablet open with their link is told so and disconnected. */
  async remove(actor: Organizer, eventId: string, judgeId: string): Promise<void> {
    await this.access.setup(actor, eventId, removeJudge(judgeId));
    this.feed.judgeSessionsEnded(eventId, judgeId, 'link_revoked', 'this judge has been removed from the event by the organizer');
  }

  /**
   * Every judge's current link, to print the QR sheet again: nothing is re-issued, so tablets in
   * use stay connected. Judges whose link was revoked are left out (they need a new one).
   */
  async links(actor: Organizer, eventId: string): Promise<JudgeWithLinkDto[]> {
    await this.access.manage(actor, eventId);
    const links = await currentLinks(this.judges.manager, eventId);
    const panel = await this.judges.findBy({ eventId });
    return panel
      .filter((j) => links.has(j.id))
      .sort((a, b) => chineseOrder.compare(a.seatLabel, b.seatLabel))
      .map((j) => ({ judge: judgeData(j), link: this.link(links.get(j.id)!) }));
  }

  /** The judge a secret link belongs to, or null for an unknown or revoked link. */
  findByLink(token: string): Promise<Judge | null> {
    return this.judges.findOneBy({ linkHash: hashSecret(token) });
  }

  /** Why a link that opens nothing stopped working: replaced by a new one, revoked, or (null) never Podium's. */
  async whyRetired(token: string): Promise<RetiredJudgeLink['reason'] | null> {
    return (await this.judges.manager.findOneBy(RetiredJudgeLink, { linkHash: hashSecret(token) }))?.reason ?? null;
  }

  link(token: string): string {
    return `${this.config.publicUrl}/judge/${token}`;
  }
}
