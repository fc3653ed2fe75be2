import { Injectable } from '@nestjs/common';
import { badRequest, notFound } from '../common/api-error.js';
import { EventAccess } from '../events/event-access.service.js';
import { EventChanges } from '../live/event-changes.service.js';
import type { EventState } from '../live/event-state.js';
import type { Organizer } from '../organizers/organizer.entity.js';
import { computeEvent, computeReport, computeSeries, parseRuleSpec, type PodiumDocument, type Report, type RoundResult, type SeriesEntry, type Standings } from '../scoring/index.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { toDocument } from './event-document.js';
import { roundResult } from './round-results.js';

export interface RoundResultsDto {
  roundId: string;
  topic: string;
  presenters: EventState['presenters'];
  /** The engine's result: every judge's line, the arithmetic and the trace of each revealed talk, and the ranking. */
  result: RoundResult;
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
    return toDocument(state, { revealedOnly: true, roundId });
  }

  async standings(actor: Organizer, eventId: string): Promise<Standings & { presenters: EventState['presenters'] }> {
    const state = await this.read(actor, eventId);
    return { ...computeEvent(toDocument(state, { revealedOnly: true })).standings, presenters: state.presenters };
  }

  async report(actor: Organizer, eventId: string, query: ReportQueryDto): Promise<Report> {
    const state = await this.read(actor, eventId);
    const compare = query.compare?.split(',');
    try {
      compare?.forEach((spec) => parseRuleSpec(spec, state.event.rule));
    } catch (error) {
      throw badRequest('invalid_rule_spec', `compare: ${error instanceof Error ? error.message : String(error)}`);
    }
    return computeReport(toDocument(state, { revealedOnly: true }), {
      compare,
      seed: query.seed ?? 1,
      resamples: query.resamples ?? 1000,
      outlierDistance: query.outlierDistance ?? 10,
    });
  }

  /** A ranking over several events (e.g. one a month), units matched across events. */
  async series(actor: Organizer, eventIds: string[]): Promise<SeriesEntry[]> {
    const events = [];
    for (const eventId of eventIds) {
      const state = await this.read(actor, eventId);
      events.push({
        eventId,
        label: state.event.name,
        standings: computeEvent(toDocument(state, { revealedOnly: true })).standings,
        units: new Map(state.presenters.map((p) => [p.id, p.unit])),
      });
    }
    return computeSeries(events);
  }

  private async read(actor: Organizer, eventId: string): Promise<EventState> {
    await this.access.manage(actor, eventId);
    return this.changes.read(eventId);
  }
}
