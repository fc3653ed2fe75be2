import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound, unauthorized } from '../common/api-error.js';
import { dateIn } from '../common/calendar-date.js';
import { chineseOrder } from '../common/collation.js';
import { hashSecret, newSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import type { CommitmentDeliveryDto, CommitmentDto, CommitmentsDto, UnitFollowUpDto, UnitLinkDto } from '../contracts/rest.js';
import { currentAuditContext } from '../database/audit-context.js';
import { Commitment } from '../model/commitment.entity.js';
import type { ContestEvent } from '../model/event.entity.js';
import type { Organizer } from '../model/organizer.entity.js';
import { Presenter } from '../model/presenter.entity.js';
import { UnitLink, UnitLinkToken } from '../model/unit-link.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { buildCommitmentsWorkbook } from '../results/workbook.js';
import { addCommitment, editCommitment, inEvent, removeCommitment, reportProgress } from './commitment-operations.js';
import { readCommitments, readTalks } from './commitment-records.js';
import type { CreateCommitmentDto, ReportProgressDto, UpdateCommitmentDto } from './dto/commitment.dto.js';
import { tally, tallyBy } from './follow-up.js';

/** Commitments followed up (承诺—落实): the organizer's side in the console, and each unit's through its secret link. */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly access: EventAccess,
  ) {}

  /** Today in PODIUM_TIME_ZONE, or the day asked for. */
  private day(asOf?: string): string {
    return asOf ?? dateIn(this.config.PODIUM_TIME_ZONE, new Date());
  }

  private as(actor: string) {
    return { ...currentAuditContext(), actor };
  }

  /** An organizer's change: allowed to whoever manages the event, in the event's transaction (see inEvent). */
  private async change<T>(
    actor: Organizer,
    eventId: string,
    work: (tx: EntityManager, by: string) => Promise<T>,
    options: { allowLocked?: boolean } = {},
  ): Promise<T> {
    await this.access.manage(actor, eventId);
    const by = `organizer:${actor.id}`;
    return inEvent(this.dataSource, eventId, this.as(by), (tx) => work(tx, by), options);
  }

  // ---- The organizer's side ----

  /** The event's commitments and its follow-up board (per unit, per topic) as of `asOf`. */
  async list(actor: Organizer, eventId: string, asOf?: string): Promise<CommitmentsDto> {
    const event = await this.access.manage(actor, eventId);
    const day = this.day(asOf);
    const manager = this.dataSource.manager;
    const commitments = await readCommitments(manager, { eventId }, day);
    const rounds = tallyBy(
      [...commitments].sort((a, b) => a.roundPosition - b.roundPosition),
      (c) => c.roundId,
    );
    return {
      eventId,
      eventName: event.name,
      locked: event.lockedAt !== null,
      asOf: day,
      timeZone: this.config.PODIUM_TIME_ZONE,
      talks: await readTalks(manager, eventId),
      commitments,
      total: tally(commitments.map((c) => c.followUp)),
      byUnit: tallyBy(commitments, (c) => c.unit)
        .map(([unit, counts]) => ({ unit, ...counts }))
        .sort((a, b) => chineseOrder.compare(a.unit, b.unit)),
      byRound: rounds.map(([roundId, counts]) => {
        const { roundPosition, topic } = commitments.find((c) => c.roundId === roundId)!;
        return { roundId, roundPosition, topic, ...counts };
      }),
    };
  }

  async add(actor: Organizer, eventId: string, dto: CreateCommitmentDto): Promise<CommitmentDto> {
    const { id } = await this.change(actor, eventId, (tx, by) => addCommitment(tx, eventId, dto, by));
    return this.one(id);
  }

  async edit(actor: Organizer, eventId: string, id: string, dto: UpdateCommitmentDto): Promise<CommitmentDto> {
    await this.change(actor, eventId, (tx) => editCommitment(tx, eventId, id, dto));
    return this.one(id);
  }

  async remove(actor: Organizer, eventId: string, id: string): Promise<void> {
    await this.change(actor, eventId, (tx) => removeCommitment(tx, eventId, id));
  }

  /** The organizer reports progress for a unit (from a paper report, a phone call); open after the event is locked. */
  async report(actor: Organizer, eventId: string, id: string, dto: ReportProgressDto): Promise<CommitmentDto> {
    await this.change(
      actor,
      eventId,
      async (tx, by) => {
        const commitment = await tx.findOneBy(Commitment, { id, eventId });
        if (!commitment) throw notFound('commitment');
        await reportProgress(tx, commitment, dto, by, this.day());
      },
      { allowLocked: true },
    );
    return this.one(id);
  }

  /** The 承诺落实 workbook: one row per commitment with its latest progress, then the board per unit. */
  async workbook(actor: Organizer, eventId: string, asOf?: string): Promise<{ name: string; content: Buffer }> {
    const list = await this.list(actor, eventId, asOf);
    const book = buildCommitmentsWorkbook(list);
    return { name: `${list.eventName} 承诺落实（${list.asOf}）.xlsx`, content: Buffer.from(await book.xlsx.writeBuffer()) };
  }

  /**
   * For the report: how each unit of this event delivered what it committed to in the same
   * organizer's earlier events (those created before this one).
   */
  async delivery(actor: Organizer, eventId: string, asOf?: string): Promise<CommitmentDeliveryDto> {
    const event = await this.access.manage(actor, eventId);
    const day = this.day(asOf);
    const units = [...new Set((await this.dataSource.manager.findBy(Presenter, { eventId })).map((p) => p.unit))].sort(
      chineseOrder.compare,
    );
    const earlier = await readCommitments(
      this.dataSource.manager,
      { ownerId: event.ownerId, units, createdBefore: event.createdAt, notEventId: event.id },
      day,
    );
    return {
      asOf: day,
      timeZone: this.config.PODIUM_TIME_ZONE,
      units: units.map((unit) => {
        const commitments = earlier.filter((c) => c.unit === unit);
        return { unit, events: new Set(commitments.map((c) => c.eventId)).size, ...tally(commitments.map((c) => c.followUp)), commitments };
      }),
    };
  }

  /** Every unit of the event's presenters with its current link (null: none, or revoked). */
  async unitLinks(actor: Organizer, eventId: string): Promise<UnitLinkDto[]> {
    await this.access.manage(actor, eventId);
    const rows = await this.dataSource.query<{ unit: string; token: string | null; issuedAt: Date | null }[]>(
      `SELECT u.unit, t.token, l.link_issued_at AS "issuedAt"
         FROM (SELECT DISTINCT unit FROM presenter WHERE event_id = $1) u
         LEFT JOIN unit_link l ON l.event_id = $1 AND l.unit = u.unit AND l.link_hash IS NOT NULL
         LEFT JOIN unit_link_token t ON t.unit_link_id = l.id`,
      [eventId],
    );
    return rows
      .sort((a, b) => chineseOrder.compare(a.unit, b.unit))
      .map((r) => ({ unit: r.unit, link: r.token ? this.link(r.token) : null, issuedAt: r.token ? r.issuedAt!.toISOString() : null }));
  }

  /** Issues a unit's link for the event, or a new one (the old stops working). Open after the event is locked. */
  async issueUnitLink(actor: Organizer, eventId: string, unit: string): Promise<UnitLinkDto> {
    const secret = newSecret();
    const issuedAt = new Date();
    await this.change(
      actor,
      eventId,
      async (tx) => {
        await this.assertUnit(tx, eventId, unit);
        await tx.upsert(UnitLink, { eventId, unit, linkHash: secret.hash, linkIssuedAt: issuedAt }, ['eventId', 'unit']);
        const { id } = await tx.findOneByOrFail(UnitLink, { eventId, unit });
        await tx.upsert(UnitLinkToken, { unitLinkId: id, token: secret.token }, ['unitLinkId']);
      },
      { allowLocked: true },
    );
    return { unit, link: this.link(secret.token), issuedAt: issuedAt.toISOString() };
  }

  async revokeUnitLink(actor: Organizer, eventId: string, unit: string): Promise<UnitLinkDto> {
    await this.change(
      actor,
      eventId,
      async (tx) => {
        await this.assertUnit(tx, eventId, unit);
        const link = await tx.findOneBy(UnitLink, { eventId, unit });
        if (!link) return;
        await tx.delete(UnitLinkToken, { unitLinkId: link.id });
        await tx.save(Object.assign(link, { linkHash: null, linkIssuedAt: null }));
      },
      { allowLocked: true },
    );
    return { unit, link: null, issuedAt: null };
  }

  private async assertUnit(tx: EntityManager, eventId: string, unit: string): Promise<void> {
    if (!(await tx.existsBy(Presenter, { eventId, unit }))) throw notFound('unit');
  }

  private link(token: string): string {
    return `${this.config.publicUrl}/unit/${token}`;
  }

  private async one(id: string): Promise<CommitmentDto> {
    const [found] = await readCommitments(this.dataSource.manager, { id }, this.day());
    if (!found) throw notFound('commitment');
    return found;
  }

  // ---- The unit's side, through its secret link ----

  /** The unit link a token opens, with its event; a revoked, replaced or unknown token opens nothing. */
  private async unitOf(token: string): Promise<{ link: UnitLink; event: ContestEvent }> {
    const link = await this.dataSource.manager.findOne(UnitLink, { where: { linkHash: hashSecret(token) }, relations: { event: true } });
    if (!link?.event)
      throw unauthorized(
        'this unit link is not valid, or has been replaced or revoked; ask the organizer for the current one',
        'unit_link_invalid',
      );
    return { link, event: link.event };
  }

  /** The unit's commitments across the organizer's events (newest first), and this event's talks of the unit. */
  async unitView(token: string, asOf?: string): Promise<UnitFollowUpDto> {
    const { link, event } = await this.unitOf(token);
    const day = this.day(asOf);
    const manager = this.dataSource.manager;
    const commitments = await readCommitments(manager, { ownerId: event.ownerId, units: [link.unit] }, day);
    return {
      unit: link.unit,
      eventId: event.id,
      eventName: event.name,
      locked: event.lockedAt !== null,
      asOf: day,
      timeZone: this.config.PODIUM_TIME_ZONE,
      talks: await readTalks(manager, event.id, link.unit),
      commitments,
      total: tally(commitments.map((c) => c.followUp)),
    };
  }

  /** The unit records a commitment after one of its own talks of the link's event. */
  async unitAdd(token: string, dto: CreateCommitmentDto): Promise<CommitmentDto> {
    const { link, event } = await this.unitOf(token);
    const by = `unit:${link.id}`;
    const { id } = await inEvent(this.dataSource, event.id, this.as(by), (tx) => addCommitment(tx, event.id, dto, by, link.unit));
    return this.one(id);
  }

  /** The unit reports progress on one of its commitments, of this event or an earlier one of the same organizer. */
  async unitReport(token: string, id: string, dto: ReportProgressDto): Promise<CommitmentDto> {
    const { link, event } = await this.unitOf(token);
    const by = `unit:${link.id}`;
    const commitment = await this.dataSource.manager.findOne(Commitment, { where: { id }, relations: { event: true } });
    // Another unit's commitment, or another organizer's, is not found: the link tells nothing of it.
    if (!commitment || commitment.unit !== link.unit || commitment.event?.ownerId !== event.ownerId) throw notFound('commitment');
    await inEvent(
      this.dataSource,
      commitment.eventId,
      this.as(by),
      async (tx) => {
        const current = await tx.findOneBy(Commitment, { id });
        if (!current) throw notFound('commitment');
        await reportProgress(tx, current, dto, by, this.day());
      },
      { allowLocked: true },
    );
    return this.one(id);
  }
}
