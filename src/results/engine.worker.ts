import {
  type BoardTies,
  boardTies,
  computeEvent,
  computeReport,
  type EventComputation,
  type PodiumDocument,
  type RankHonesty,
  type Report,
  type ReportOptions,
  standingsPairCounts,
} from '../scoring/index.js';

/** Engine work run off the main thread (see EngineJobs). */
export type EngineTask =
  | { kind: 'report'; document: PodiumDocument; options: ReportOptions }
  | { kind: 'event'; document: PodiumDocument }
  | { kind: 'pairs'; document: PodiumDocument; pairs: [string, string][]; options: Pick<RankHonesty, 'resamples' | 'seed'> }
  | { kind: 'ties'; document: PodiumDocument; honesty: RankHonesty };

export type EngineAnswer = Report | EventComputation | number[] | BoardTies;

export default function run(task: EngineTask): EngineAnswer {
  switch (task.kind) {
    case 'report':
      return computeReport(task.document, task.options);
    case 'event':
      return computeEvent(task.document);
    case 'pairs':
      return standingsPairCounts(task.document, task.pairs, task.options);
    case 'ties':
      return boardTies(task.document, task.honesty);
  }
}
