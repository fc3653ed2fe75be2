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
import { addJudge, removeJudge, setJudgeLink, updateJudge } from './judge-operations.js';

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
    const { token, hash } = newSecret();
    return { judge: await this.access.setup(actor, eventId, addJudge(dto, hash)), link: this.link(token) };
  }

  update(actor: Organizer, eventId: string, judgeId: string, dto: UpdateJudgeDto): Promise<JudgeDto> {
    return this.access.setup(actor, eventId, updateJudge(judgeId, dto));
  }

  /** Issues a new link; the old one stops working at once and its open tablets are disconnected. */
  async issueLink(actor: Organizer, eventId: string, judgeId: string): Promise<JudgeWithLinkDto> {
    const { token, hash } = newSecret();
    const judge = await this.access.setup(actor, eventId, setJudgeLink(judgeId, hash));
    this.feed.judgeSessionsEnded(eventId, judgeId, 'link_reissued', 'this link has been replaced by a new one; ask the organizer for it');
    return { judge, link: this.link(token) };
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
