import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { conflict, notFound } from '../common/api-error.js';
import { hashSecret, newSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import { EventAccess } from '../events/event-access.service.js';
import { JudgeGroup } from '../events/judge-group.entity.js';
import { EventChanges } from '../state/event-changes.service.js';
import { judgeData } from '../state/event-state.loader.js';
import type { EventState } from '../state/event-state.js';
import { ChangeFeed } from '../state/change-feed.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import type { CreateJudgeDto, JudgeWithLinkDto, UpdateJudgeDto } from './dto/judge.dto.js';
import { Judge } from './judge.entity.js';
import { assertNotScoredYet, changedFields } from '../events/event-freeze.js';
import { assertRoomFor } from '../events/event-limits.js';
import { findInEvent } from '../events/event-owned.entity.js';

@Injectable()
export class JudgesService {
  constructor(
    @InjectRepository(Judge) private readonly judges: Repository<Judge>,
    private readonly config: AppConfig,
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
    private readonly feed: ChangeFeed,
  ) {}

  /** Adds a judge and issues the judge's secret link. */
  async add(actor: Organizer, eventId: string, dto: CreateJudgeDto): Promise<JudgeWithLinkDto> {
    await this.access.manage(actor, eventId);
    const { token, hash } = newSecret();
    const judge = await this.changes.apply(eventId, 'setup', async (tx) => {
      await this.assertSeatFree(tx, eventId, dto.seatLabel);
      await this.assertGroup(tx, eventId, dto.groupId);
      await assertRoomFor(tx, Judge, eventId, 'judges');
      const created = tx.create(Judge, {
        eventId,
        displayName: dto.displayName,
        seatLabel: dto.seatLabel,
        groupId: dto.groupId ?? null,
        conflictUnits: dto.conflictUnits ?? [],
        linkHash: hash,
        linkIssuedAt: new Date(),
      });
      return judgeData(await tx.save(created));
    });
    return { judge, link: this.link(token) };
  }

  async update(actor: Organizer, eventId: string, judgeId: string, dto: UpdateJudgeDto): Promise<EventState['judges'][number]> {
    await this.access.manage(actor, eventId);
    return this.changes.apply(eventId, 'setup', async (tx) => {
      const judge = await findInEvent(tx, Judge, eventId, judgeId, 'judge');
      // Seat, name, group and conflicts all appear in or decide published results.
      if (changedFields(judge, dto).length > 0) await assertNotScoredYet(tx, eventId, "a judge's seat, name, group and conflicts");
      if (dto.seatLabel !== undefined && dto.seatLabel !== judge.seatLabel) await this.assertSeatFree(tx, eventId, dto.seatLabel);
      await this.assertGroup(tx, eventId, dto.groupId);
      return judgeData(await tx.save(Object.assign(judge, dto)));
    });
  }

  /** Issues a new link; the old one stops working at once and its open tablets are disconnected. */
  async issueLink(actor: Organizer, eventId: string, judgeId: string): Promise<JudgeWithLinkDto> {
    await this.access.manage(actor, eventId);
    const { token, hash } = newSecret();
    const judge = await this.changes.apply(eventId, 'setup', async (tx) => {
      const found = await findInEvent(tx, Judge, eventId, judgeId, 'judge');
      return judgeData(await tx.save(Object.assign(found, { linkHash: hash, linkIssuedAt: new Date() })));
    });
    this.feed.judgeSessionsEnded(eventId, judgeId, 'link_reissued', 'this link has been replaced by a new one; ask the organizer for it');
    return { judge, link: this.link(token) };
  }

  async revokeLink(actor: Organizer, eventId: string, judgeId: string): Promise<EventState['judges'][number]> {
    await this.access.manage(actor, eventId);
    const judge = await this.changes.apply(eventId, 'setup', async (tx) => {
      const found = await findInEvent(tx, Judge, eventId, judgeId, 'judge');
      return judgeData(await tx.save(Object.assign(found, { linkHash: null })));
    });
    this.feed.judgeSessionsEnded(eventId, judgeId, 'link_revoked', 'this judge link has been revoked by the organizer');
    return judge;
  }

  /** The judge a secret link belongs to, or null for an unknown or revoked link. */
  findByLink(token: string): Promise<Judge | null> {
    return this.judges.findOneBy({ linkHash: hashSecret(token) });
  }

  link(token: string): string {
    return `${this.config.publicUrl}/judge/${token}`;
  }

  private async assertSeatFree(tx: EntityManager, eventId: string, seatLabel: string): Promise<void> {
    if (await tx.existsBy(Judge, { eventId, seatLabel }))
      throw conflict('seat_taken', `seat "${seatLabel}" already has a judge in this event`);
  }

  private async assertGroup(tx: EntityManager, eventId: string, groupId: string | null | undefined): Promise<void> {
    if (groupId && !(await tx.existsBy(JudgeGroup, { id: groupId, eventId }))) throw notFound('judge group');
  }
}
