import type { BallotCardDto } from '../contracts/ballots.js';
import { readPolls } from '../state/ballot-tally.js';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditAnchor } from '../audit/audit-anchor.js';
import { readAuditHead, verifyPrintedHead } from '../audit/audit.service.js';
import { badRequest, notFound } from '../common/api-error.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { EventChanges } from '../state/event-changes.service.js';
import { signoffViews } from '../state/signoffs.js';
import { currentTieMarks, tiedWithNext } from '../state/tie-marks.js';
import { indexOf } from '../state/event-index.js';
import { organizerMark } from '../state/event-state.js';
import type { EventState } from '../state/event-state.js';
import type { Organizer } from '../model/organizer.entity.js';
import { computeSeries, exact, parseRuleSpec, toText, type PodiumDocument } from '../scoring/index.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import type {
  AuditHeadsDto,
  ReportDto,
  RoundResultsDto,
  RoundReviewDto,
  SeriesDto,
  StandingsDto,
  VerificationDto,
} from '../contracts/rest.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { EngineJobs } from './engine-jobs.service.js';
import { buildSeriesWorkbook, buildWorkbook, type WorkbookInput } from './workbook.js';

export type { RoundResultsDto, RoundReviewDto };
import { toDocument } from '../state/event-document.js';
import { computeRoundOf, isPublished, presenterOf, roundResult } from '../state/round-results.js';

interface RevisionRow {
  presentation_id: string;
  judge_id: string;
  revision: number;
  source: 'judge' | 'organizer';
  reason: string | null;
  voided: boolean;
  total: string;
  created_at: Date;
  organizer: string | null;
  values: { criterionId: string; value: string }[] | null;
}

/**
 * Results for organizers and reviewers. Everything is computed by the engine from the event's
 * Podium document with sealed (unrevealed) talks left out, so an export recomputes to exactly this.
 */
@Injectable()
export class ResultsService {
  constructor(
    private readonly access: EventAccess,
    private readonly changes: EventChanges,
    private readonly dataSource: DataSource,
    private readonly engine: EngineJobs,
    private readonly commitments: CommitmentsService,
  ) {}

  async round(actor: Organizer, eventId: string, roundId: string): Promise<RoundResultsDto> {
    const state = await this.read(actor, eventId);
    const round = state.rounds.find((r) => r.id === roundId);
    if (!round) throw notFound('round');
    return { roundId, topic: round.topic, presenters: state.presenters, result: roundResult(state, roundId, true) };
  }

  async export(actor: Organizer, eventId: string, roundId?: string): Promise<PodiumDocument> {
    const state = await this.read(actor, eventId);
    if (roundId && !state.rounds.some((r) => r.id === roundId)) throw notFound('round');
    return { ...toDocument(state, { revealedOnly: true, roundId }), ...(await this.heads(eventId)) };
  }

  /**
   * The head of the event's audit chain, read after the data it covers: printed or kept with an
   * export, `podium audit verify --anchor` later proves nothing up to it was cut or rewritten.
   */
  async head(actor: Organizer, eventId: string): Promise<AuditAnchor | null> {
    await this.access.manage(actor, eventId);
    return this.auditHead(eventId);
  }

  private auditHead(eventId: string): Promise<AuditAnchor | null> {
    return readAuditHead((sql, params) => this.dataSource.query(sql, params), eventId);
  }

  /** What every export carries: the event's chain head and the global chain's (accounts, sign-ins). */
  private async heads(eventId: string): Promise<AuditHeadsDto> {
    return { auditHead: await this.auditHead(eventId), globalAuditHead: await this.auditHead('global') };
  }

  async standings(actor: Organizer, eventId: string): Promise<StandingsDto> {
    const state = await this.read(actor, eventId);
    return { ...(await this.engine.event(toDocument(state, { revealedOnly: true }))).standings, presenters: state.presenters };
  }

  async report(actor: Organizer, eventId: string, query: ReportQueryDto): Promise<ReportDto> {
    const state = await this.read(actor, eventId);
    const compare = query.compare?.split(',');
    try {
      compare?.forEach((spec) => parseRuleSpec(spec, state.event.rule));
    } catch (error) {
      throw badRequest('invalid_rule_spec', `compare: ${error instanceof Error ? error.message : String(error)}`);
    }
    const report = await this.engine.report(toDocument(state, { revealedOnly: true }), {
      compare,
      seed: query.seed ?? 1,
      resamples: query.resamples ?? 1000,
      outlierDistance: query.outlierDistance ?? 10,
    });
    return { ...report, ...(await this.heads(eventId)) };
  }

  /**
   * The review of a round: for each revealed talk every revision of every judge's score (who,
   * when, per criterion, and the reason of any organizer correction), the engine's result with its
   * trace, and the round's statistics.
   */
  async review(actor: Organizer, eventId: string, roundId: string): Promise<RoundReviewDto> {
    const state = await this.read(actor, eventId);
    const round = state.rounds.find((r) => r.id === roundId);
    if (!round) throw notFound('round');
    const document = toDocument(state, { revealedOnly: true, roundId });
    const report = await this.engine.report(document, { seed: 1, resamples: 500, outlierDistance: 10 });
    const revealed = state.presentations.filter((p) => p.roundId === roundId && isPublished(state, p)).map((p) => p.id);
    const rows = await this.revisionsOf(revealed);
    const results = report.rounds[0]?.results ?? [];
    // Rank honesty's marks as the screens show them (the list is the board's order: ranked talks first).
    const tied = tiedWithNext(
      results.map((r) => r.presentationId),
      currentTieMarks(state)?.rounds[roundId],
    );
    return {
      roundId,
      topic: round.topic,
      rule: state.event.rule,
      criteria: state.criteria,
      groups: state.groups,
      statistics: report.rounds[0]?.statistics ?? null,
      noResult: state.presentations
        .filter((p) => p.roundId === roundId && p.state === 'no_result')
        .map((p) => ({
          presentationId: p.id,
          presenter: presenterOf(state, p),
          reason: p.noResultReason ?? '',
          at: (p.noResultAt ?? new Date(0)).toISOString(),
        })),
      presentations: results.map((result, i) => ({
        result,
        tiedWithNext: tied[i],
        judges: state.judges.map((j) => ({
          judgeId: j.id,
          seatLabel: j.seatLabel,
          displayName: j.displayName,
          mark: indexOf(state).entriesByPresentation.get(result.presentationId)?.get(j.id)?.mark ?? null,
          revisions: rows
            .filter((r) => r.presentation_id === result.presentationId && r.judge_id === j.id)
            .map((r, i) => ({
              revision: r.revision,
              source: r.source,
              mark: r.source === 'organizer' ? organizerMark(r.voided, i > 0) : null,
              reason: r.reason,
              voided: r.voided,
              total: toText(exact(r.total)),
              values: (r.values ?? []).map((v) => ({ criterionId: v.criterionId, value: toText(exact(v.value)) })),
              at: new Date(r.created_at).toISOString(),
              organizer: r.organizer,
            })),
        })),
        signoffs: signoffViews(state, result.presentationId),
      })),
    };
  }

  /**
   * The event (or one round) as an Excel workbook: each round's 成绩汇总表 and 评分明细, the overall
   * standings, every revision with its reason, every sign-off, and the commitments as of today
   * (see workbook.ts). Sealed talks are left out.
   */
  async workbook(actor: Organizer, eventId: string, roundId?: string): Promise<{ name: string; content: Buffer }> {
    const state = await this.read(actor, eventId);
    const round = roundId ? state.rounds.find((r) => r.id === roundId) : undefined;
    if (roundId && !round) throw notFound('round');
    const document = toDocument(state, { revealedOnly: true, roundId });
    const computation = await this.engine.event(document);
    const index = indexOf(state);
    const revealed = state.presentations.filter((p) => isPublished(state, p) && (!roundId || p.roundId === roundId)).map((p) => p.id);
    const revisions = (await this.revisionsOf(revealed)).map((r, i, all) => {
      const talk = index.presentations.get(r.presentation_id)!;
      const earlier = i > 0 && all[i - 1].presentation_id === r.presentation_id && all[i - 1].judge_id === r.judge_id;
      return {
        roundTopic: index.rounds.get(talk.roundId)!.topic,
        order: talk.position,
        unit: presenterOf(state, talk).unit,
        seatLabel: index.judges.get(r.judge_id)!.seatLabel,
        revision: r.revision,
        total: toText(exact(r.total)),
        source: r.source,
        mark: r.source === 'organizer' ? organizerMark(r.voided, earlier) : null,
        reason: r.reason,
        at: new Date(r.created_at).toISOString(),
      };
    });
    // The judge statistics of the review (no resampling: the workbook does not carry rank confidence).
    const report = await this.engine.report(document, { seed: 1, resamples: 1, outlierDistance: 10 });
    const statistics = new Map(report.rounds.map((r) => [r.roundId, r.statistics]));
    const signoffs = revealed
      .map((id) => index.presentations.get(id)!)
      .sort((a, b) => index.rounds.get(a.roundId)!.position - index.rounds.get(b.roundId)!.position || a.position - b.position)
      .map((talk) => ({
        roundTopic: index.rounds.get(talk.roundId)!.topic,
        order: talk.position,
        unit: presenterOf(state, talk).unit,
        signoffs: signoffViews(state, talk.id),
      }));
    const list = await this.commitments.list(actor, eventId);
    const commitments = roundId ? { ...list, commitments: list.commitments.filter((c) => c.roundId === roundId) } : list;
    const book = buildWorkbook({
      document,
      computation,
      statistics,
      revisions,
      signoffs,
      commitments,
      ...(await this.polls(eventId, roundId)),
    });
    const name = `${state.event.name}${round ? ` ${round.topic}` : ''} 成绩.xlsx`;
    return { name, content: Buffer.from(await book.xlsx.writeBuffer()) };
  }

  /** The event's attendee polls (of one round), oldest first, with their turnout and result, and the card they were cast on. */
  private async polls(eventId: string, roundId?: string): Promise<Pick<WorkbookInput, 'polls' | 'ballotCard'>> {
    const manager = this.dataSource.manager;
    const rows = await manager.query<{ id: string; card: BallotCardDto | null }[]>(
      `SELECT p.id, e.ballot_card AS card FROM poll p JOIN event e ON e.id = p.event_id WHERE p.event_id = $1 AND ($2::uuid IS NULL OR p.round_id = $2)`,
      [eventId, roundId ?? null],
    );
    return {
      polls: await readPolls(
        manager,
        rows.map((r) => r.id),
      ),
      ballotCard: rows[0]?.card ?? null,
    };
  }

  /** Every revision of every judge's line on these talks, in order (talk, judge, revision). */
  private revisionsOf(presentationIds: string[]): Promise<RevisionRow[]> {
    if (presentationIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query<RevisionRow[]>(
      `SELECT s.presentation_id, s.judge_id, s.revision, s.source, s.reason, s.voided, s.total::text AS total, s.created_at, o.display_name AS organizer,
              (SELECT json_agg(json_build_object('criterionId', v.criterion_id, 'value', v.value::text)) FROM score_value v WHERE v.score_id = s.id) AS values
         FROM score s LEFT JOIN organizer o ON o.id = s.organizer_id
        WHERE s.presentation_id = ANY($1)
        ORDER BY s.presentation_id, s.judge_id, s.revision`,
      [presentationIds],
    );
  }

  /** The series as a workbook (系列排名). */
  async seriesWorkbook(actor: Organizer, eventIds: string[]): Promise<{ name: string; content: Buffer }> {
    const series = await this.series(actor, eventIds);
    const labels = series[0]?.events.map((e) => ({ label: e.label })) ?? [];
    const book = buildSeriesWorkbook(series, labels);
    return { name: `系列排名（${labels.length} 场）.xlsx`, content: Buffer.from(await book.xlsx.writeBuffer()) };
  }

  /** A ranking over several events (e.g. one a month), units matched across events. */
  async series(actor: Organizer, eventIds: string[]): Promise<SeriesDto> {
    for (const eventId of eventIds) await this.access.manage(actor, eventId);
    return (await this.seriesOf(eventIds)).series;
  }

  /**
   * A series computed from each event's published results (sealed talks left out), with the
   * events' names: what /api/series answers and what a red and grey board shows. No access check:
   * callers check it.
   */
  async seriesOf(eventIds: readonly string[]): Promise<{ series: SeriesDto; labels: string[] }> {
    const events = [];
    for (const eventId of eventIds) {
      const state = await this.changes.read(eventId);
      events.push({
        eventId,
        label: state.event.name,
        standings: (await this.engine.event(toDocument(state, { revealedOnly: true }))).standings,
        units: new Map(state.presenters.map((p) => [p.id, p.unit])),
      });
    }
    return { series: computeSeries(events), labels: events.map((e) => e.label) };
  }

  /**
   * 扫码验真: anyone holding a signed report checks it. The round's revealed results, recomputed
   * from the stored scores (nothing sealed: the paper prints revealed talks only), and the audit
   * chain head printed on the paper checked against the event's chain as it is now.
   */
  async verification(eventId: string, roundId: string, printed: AuditAnchor | null): Promise<VerificationDto> {
    if (printed && printed.chain !== eventId) throw badRequest('invalid_anchor', 'the printed chain head is not this event’s');
    // Read from the database now (not the live state kept in memory): what is stored is what is checked.
    const state = await this.changes.read(eventId);
    const round = state.rounds.find((r) => r.id === roundId);
    // A calibration round (试评) publishes nothing, so there is nothing to verify.
    if (!round || round.kind !== 'contest') throw notFound('round');
    const result = computeRoundOf(state, roundId, true);
    const talks = new Map(state.presentations.filter((p) => p.roundId === roundId).map((p) => [p.id, p]));
    const query = (sql: string, params?: unknown[]) => this.dataSource.query(sql, params);
    const problems = printed ? await verifyPrintedHead(query, printed) : [];
    return {
      eventName: state.event.name,
      topic: round.topic,
      lecturer: round.lecturer,
      rule: state.event.rule,
      talks: result.presentations
        .map((p) => ({
          position: talks.get(p.presentationId)!.position,
          presenter: presenterOf(state, talks.get(p.presentationId)!),
          final: p.rounded,
          rank: p.rank,
          tied: p.sharedWith.length > 0,
          judges: p.judges.map((j) => ({ seat: j.label, total: j.total, status: j.status })),
        }))
        .sort((a, b) => a.position - b.position),
      // Only whether it holds: what the chain holds instead (hashes, its length) is not for anyone who asks.
      printed: printed && { anchor: printed, holds: problems.length === 0 },
      auditHead: await this.auditHead(eventId),
      checkedAt: new Date().toISOString(),
    };
  }

  private async read(actor: Organizer, eventId: string): Promise<EventState> {
    await this.access.manage(actor, eventId);
    return this.changes.read(eventId);
  }
}
