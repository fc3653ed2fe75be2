import {
  computeEvent,
  computeReport,
  type EventComputation,
  type PodiumDocument,
  type Report,
  type ReportOptions,
} from '../scoring/index.js';

/** Engine work run off the main thread (see EngineJobs). */
export type EngineTask = { kind: 'report'; document: PodiumDocument; options: ReportOptions } | { kind: 'event'; document: PodiumDocument };

export default function run(task: EngineTask): Report | EventComputation {
  return task.kind === 'report' ? computeReport(task.document, task.options) : computeEvent(task.document);
}
