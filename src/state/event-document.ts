import type { EventState } from './event-state.js';
import type { PodiumDocument } from '../scoring/index.js';
import { CONCLUDED_STATES } from '../model/show-state-machine.js';
import { indexOf } from './event-index.js';

/**
 * An event as a Podium file. The server computes every result it shows from this document, so
 * what it exports recomputes to exactly what it showed. With `revealedOnly`, talks not yet
 * revealed are left out: their scores are still sealed. So are calibration rounds (试评), which are
 * never published: left out of the event's document, and without talks when asked for by id.
 */
export function toDocument(state: EventState, options: { revealedOnly: boolean; roundId?: string }): PodiumDocument {
  const { groupNames: groups, scoresByPresentation: scores, entriesByPresentation: entries } = indexOf(state);
  const rounds = state.rounds.filter((r) =>
    options.roundId === undefined ? !options.revealedOnly || r.kind === 'contest' : r.id === options.roundId,
  );
  return {
    format: 'podium',
    version: 1,
    event: { id: state.event.id, name: state.event.name, rule: state.event.rule, standings: state.event.standings },
    criteria: state.criteria.map(({ id, name, minScore, maxScore, step, weight }) => ({ id, name, minScore, maxScore, step, weight })),
    groups: state.groups.map(({ name, weight }) => ({ name, weight })),
    judges: state.judges.map((j) => ({
      id: j.id,
      label: j.seatLabel,
      group: j.groupId ? (groups.get(j.groupId) ?? null) : null,
      conflicts: j.conflictUnits,
    })),
    presenters: state.presenters.map(({ id, name, title, unit }) => ({ id, name, title, unit })),
    rounds: rounds.map((round) => {
      const own = state.presentations.filter((p) => p.roundId === round.id);
      const shown = own.filter((p) => !options.revealedOnly || (round.kind === 'contest' && p.state === 'revealed'));
      return {
        id: round.id,
        topic: round.topic,
        lecturer: round.lecturer,
        complete: own.every((p) => CONCLUDED_STATES.includes(p.state)),
        presentations: shown.map((p) => {
          const entered = [...(entries.get(p.id)?.values() ?? [])];
          const voided = entered.filter((e) => e.mark === 'voided').map((e) => ({ judge: e.judgeId, reason: e.reason }));
          return {
            id: p.id,
            presenter: p.presenterId,
            order: p.position,
            scores: (scores.get(p.id) ?? []).map((s) => {
              const entry = entries.get(p.id)?.get(s.judgeId);
              const line = { judge: s.judgeId, values: Object.fromEntries(s.values.map((v) => [v.criterionId, v.value])) };
              return entry && entry.mark !== 'voided' ? { ...line, entered: entry.mark, reason: entry.reason } : line;
            }),
            ...(voided.length ? { voided } : {}),
          };
        }),
      };
    }),
  };
}
