import ExcelJS from 'exceljs';
import { chineseOrder } from '../common/collation.js';
import type { CommitmentDto, CommitmentsDto, CommitmentTallyDto } from '../contracts/rest.js';
import type { BallotCardDto, PollDto } from '../contracts/ballots.js';
import type { EventComputation, JudgeStatus, PodiumDocument, RoundStatistics, SeriesEntry } from '../scoring/index.js';

/** The organizer's Excel export of an event (or one round): what the paper trail of a session needs. */
export interface WorkbookInput {
  document: PodiumDocument;
  computation: EventComputation;
  /** Each round's judge statistics (the review's), by round id. */
  statistics: ReadonlyMap<string, RoundStatistics>;
  /** Every revision of every judge's line, oldest first (the review's record). */
  revisions: {
    roundTopic: string;
    order: number;
    unit: string;
    seatLabel: string;
    revision: number;
    total: string | null;
    source: string;
    mark: string | null;
    reason: string | null;
    at: string;
  }[];
  /** The attendee polls (满意度测评) of the event (of the round), oldest first: their turnout and result, never a code. */
  polls?: PollDto[];
  /** The card the polls were cast on (for the levels' labels). */
  ballotCard?: BallotCardDto | null;
}

const STATUS: Record<JudgeStatus, string> = {
  counted: '计入',
  dropped_highest: '去掉最高分',
  dropped_lowest: '去掉最低分',
  no_group: '未分组，不计',
  recused: '回避',
  not_scored: '未评分',
};
const ENTERED = { proxy: '代录', corrected: '更正' } as const;
const MARK: Record<string, string> = { proxy: '代录', corrected: '更正', voided: '作废' };

/**
 * Builds the workbook: per round its 成绩汇总表 (each judge's total, dropped marks struck through,
 * the result, the rank and 并列) and its 评分明细 (every judge's value per criterion), then the
 * overall standings and every revision with its reason. Numbers are written as numbers (so Excel
 * can sum them) shown with the decimals the engine gave them; text is always text, never a formula.
 */
export function buildWorkbook({
  document,
  computation,
  statistics,
  revisions,
  polls = [],
  ballotCard = null,
}: WorkbookInput): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Podium';
  const presenters = new Map(document.presenters.map((p) => [p.id, p]));
  const judges = [...document.judges].sort((a, b) => chineseOrder.compare(a.label, b.label));
  const names = new Set<string>();

  for (const [r, { roundId, topic, result }] of computation.rounds.entries()) {
    const round = document.rounds.find((x) => x.id === roundId)!;
    const orderOf = new Map(round.presentations.map((p) => [p.id, p.order]));
    const summary = sheet(book, names, `${r + 1} ${topic}`, '汇总');
    title(summary, `${document.event.name} · ${topic} · 成绩汇总表`, 9 + judges.length);
    header(summary, ['名次', '并列', '出场顺序', '单位', '职务', '姓名', ...judges.map((j) => j.label), '计入人数', '最后得分', '说明']);
    for (const p of result.presentations) {
      const who = presenters.get(p.presenterId);
      const lines = new Map(p.judges.map((l) => [l.judgeId, l]));
      const row = addRow(summary, [
        p.rank,
        p.sharedWith.length > 0 ? '并列' : '',
        orderOf.get(p.presentationId) ?? null,
        text(who?.unit),
        text(who?.title),
        text(who?.name),
        ...judges.map((j) => number(lines.get(j.id)?.total ?? null)),
        p.judges.filter((l) => l.status === 'counted').length,
        number(p.rounded),
        p.status === 'result' ? '' : p.status === 'no_scores' ? '无人评分' : '无成绩',
      ]);
      judges.forEach((j, i) => {
        const line = lines.get(j.id);
        const cell = row.getCell(7 + i);
        if (line?.status === 'dropped_highest' || line?.status === 'dropped_lowest') cell.font = { strike: true };
        if (line && line.status !== 'counted' && line.total === null) cell.value = STATUS[line.status];
      });
    }
    summary.addRow([]);
    summary.addRow([text('删除线：按规则去掉的分数。名次相同者为并列。')]);

    const detail = sheet(book, names, `${r + 1} ${topic}`, '明细');
    title(detail, `${document.event.name} · ${topic} · 评分明细`, 9 + document.criteria.length);
    header(detail, ['出场顺序', '单位', '职务', '席位', '评委组', ...document.criteria.map((c) => c.name), '合计', '计分', '录入', '说明']);
    for (const talk of [...round.presentations].sort((a, b) => a.order - b.order)) {
      const who = presenters.get(talk.presenter);
      const outcome = result.presentations.find((p) => p.presentationId === talk.id);
      const scores = new Map(talk.scores.map((s) => [s.judge, s]));
      for (const j of judges) {
        const score = scores.get(j.id);
        const line = outcome?.judges.find((l) => l.judgeId === j.id);
        const voided = talk.voided?.find((v) => v.judge === j.id);
        if (!score && !voided && !line) continue;
        addRow(detail, [
          talk.order,
          text(who?.unit),
          text(who?.title),
          text(j.label),
          text(j.group ?? ''),
          ...document.criteria.map((c) => number(score?.values[c.id] ?? null)),
          number(line?.total ?? null),
          voided ? '作废' : line ? STATUS[line.status] : '',
          voided ? '作废' : score?.entered ? ENTERED[score.entered] : '',
          text(voided?.reason ?? score?.reason ?? ''),
        ]);
      }
    }
  }

  const standings = sheet(book, names, '总成绩', '');
  title(standings, `${document.event.name} · 总成绩`, 6 + computation.rounds.length);
  header(standings, ['名次', '并列', '单位', '职务', '姓名', ...computation.rounds.map((r) => r.topic), '总成绩']);
  for (const entry of computation.standings.entries) {
    const who = presenters.get(entry.presenterId);
    addRow(standings, [
      entry.rank,
      entry.sharedWith.length > 0 ? '并列' : '',
      text(who?.unit),
      text(who?.title),
      text(who?.name),
      ...entry.rounds.map((r) => number(r.result)),
      number(entry.rounded),
    ]);
  }

  // How each judge scored against the rest of the panel, and how far the panel agreed: descriptive
  // statistics (binary floats, two decimals), never part of a result.
  const panel = sheet(book, names, '评委统计', '');
  title(panel, `${document.event.name} · 评委统计`, 8);
  header(panel, ['专题', '席位', '评分场次', '宽严（相对其他评委平均）', '标准差', '与其他评委排序相关', '离群次数', '一致性']);
  for (const { roundId, topic } of computation.rounds) {
    const stats = statistics.get(roundId);
    if (!stats) continue;
    const agreement = [
      stats.icc ? `ICC(2,1) ${stats.icc['ICC(2,1)'].toFixed(2)}` : '',
      stats.kendallW ? `Kendall W ${stats.kendallW.w.toFixed(2)}` : '',
    ]
      .filter(Boolean)
      .join('，');
    for (const [i, j] of [...stats.judges].sort((a, b) => chineseOrder.compare(a.label, b.label)).entries()) {
      addRow(panel, [
        text(topic),
        text(j.label),
        j.scored,
        statistic(j.meanOffset),
        statistic(j.spread),
        statistic(j.rankCorrelation),
        j.outliers.length,
        i === 0 ? text(agreement) : '',
      ]);
    }
  }

  const record = sheet(book, names, '修订记录', '');
  title(record, `${document.event.name} · 每一次评分与更正`, 10);
  header(record, ['专题', '出场顺序', '单位', '席位', '版本', '合计', '来源', '标记', '原因', '时间']);
  for (const r of revisions) {
    addRow(record, [
      text(r.roundTopic),
      r.order,
      text(r.unit),
      text(r.seatLabel),
      r.revision,
      number(r.total),
      r.source === 'judge' ? '评委' : '组织者',
      r.mark ? (MARK[r.mark] ?? r.mark) : '',
      text(r.reason ?? ''),
      r.at,
    ]);
  }

  if (polls.length > 0) pollSheet(sheet(book, names, '满意度测评', ''), document.event.name, polls, ballotCard);

  for (const ws of book.worksheets) fitColumns(ws);
  return book;
}

const POLL_STATE = { open: '进行中', closed: '已结束' } as const;

/** Per poll: turnout by hall, the mean per indicator (with levels, how many chose each), the mean total, the distribution of totals. */
function pollSheet(ws: ExcelJS.Worksheet, eventName: string, polls: readonly PollDto[], card: BallotCardDto | null): void {
  title(ws, `${eventName} · 满意度测评`, 6);
  header(ws, ['测评对象', '状态', '项目', '名称', '数值', '说明']);
  for (const poll of polls) {
    const lead = [text(poll.title), POLL_STATE[poll.state]];
    for (const h of poll.byHall) addRow(ws, [...lead, '参评人数', text(h.hall), h.ballots, `应参评 ${h.eligible}`]);
    addRow(ws, [...lead, '参评人数', '合计', poll.result.ballots, `应参评 ${poll.eligible}`]);
    for (const i of poll.result.indicators) {
      const levels = i.levelCounts ? i.levelCounts.map((n, k) => `${card?.levels[k]?.label ?? `${k + 1}级`} ${n}`).join('，') : '';
      addRow(ws, [...lead, '指标均分', text(i.name), number(i.mean), levels]);
    }
    addRow(ws, [...lead, '总分均分', '', number(poll.result.meanTotal), '']);
    for (const band of poll.result.distribution) addRow(ws, [...lead, '总分分布', `${band.from}–${band.to}`, band.count, '']);
  }
}

/** A descriptive statistic (a binary float): two decimals, as the review shows it. */
function statistic(value: number | null): EngineDecimal | null {
  return value === null || !Number.isFinite(value) ? null : new EngineDecimal(value.toFixed(2));
}

/**
 * 每月一排名 as a workbook: each unit's rank and result in each event, in the order chosen, and its
 * trend from the first event it took part in to the last.
 */
export function buildSeriesWorkbook(series: readonly SeriesEntry[], events: readonly { label: string }[]): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Podium';
  const ws = sheet(book, new Set(), '系列排名', '');
  title(ws, `系列排名 · ${events.map((e) => e.label).join('、')}`, 2 + events.length * 2);
  header(ws, ['单位', ...events.flatMap((e) => [`${e.label} 名次`, `${e.label} 成绩`]), '名次变化']);
  for (const entry of series) {
    addRow(ws, [
      text(entry.unit),
      ...entry.events.flatMap((e) => [e.rank, number(e.value)]),
      entry.trend === null ? '' : entry.trend > 0 ? `上升 ${entry.trend}` : entry.trend < 0 ? `下降 ${-entry.trend}` : '持平',
    ]);
  }
  fitColumns(ws);
  return book;
}

/** A commitment's follow-up in the words of a 督办 table. */
export function followUpLabel(c: Pick<CommitmentDto, 'followUp' | 'status'>): string {
  switch (c.followUp) {
    case 'done':
      return '已落实';
    case 'done_late':
      return '逾期落实';
    case 'overdue':
      return '逾期未落实';
    case 'open':
      return c.status === null ? '未报进展' : '推进中';
  }
}

const TALLY_HEADER = ['承诺数', '已落实', '其中逾期落实', '推进中', '逾期未落实'];
const tallyCells = (t: CommitmentTallyDto) => [t.total, t.done, t.doneLate, t.open, t.overdue];
const OVERDUE_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } } as const;

/**
 * 承诺落实: each commitment of the event with its latest progress (overdue rows red), then the
 * follow-up board (落实统计) per unit and per topic, as of the day the list was taken.
 */
export function buildCommitmentsWorkbook(list: CommitmentsDto): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Podium';
  const names = new Set<string>();
  const ws = sheet(book, names, '承诺落实', '');
  const labels = [
    '专题',
    '出场顺序',
    '单位',
    '职务',
    '姓名',
    '承诺事项',
    '责任人',
    '完成时限',
    '落实情况',
    '落实日期',
    '最新进展',
    '佐证材料',
    '进展日期',
    '进展次数',
  ];
  title(ws, `${list.eventName} · 承诺落实（截至 ${list.asOf}，${list.timeZone}）`, labels.length);
  header(ws, labels);
  for (const c of list.commitments) {
    const latest = c.updates.at(-1);
    const row = addRow(ws, [
      text(`${c.roundPosition}. ${c.topic}`),
      c.order,
      text(c.unit),
      text(c.presenterTitle),
      text(c.presenterName),
      text(c.text),
      text(c.owner),
      c.dueOn,
      followUpLabel(c),
      c.doneOn ?? '',
      text(latest?.progress),
      text(latest?.evidence),
      latest?.reportedOn ?? '',
      c.updates.length,
    ]);
    if (c.followUp === 'overdue') row.eachCell((cell) => (cell.fill = OVERDUE_FILL));
  }
  fitColumns(ws);

  const board = sheet(book, names, '落实统计', '');
  title(board, `${list.eventName} · 落实统计（截至 ${list.asOf}）`, 1 + TALLY_HEADER.length);
  header(board, ['单位', ...TALLY_HEADER]);
  for (const u of list.byUnit) addRow(board, [text(u.unit), ...tallyCells(u)]);
  addRow(board, ['合计', ...tallyCells(list.total)]);
  board.addRow([]);
  header(board, ['专题', ...TALLY_HEADER]);
  for (const r of list.byRound) addRow(board, [text(`${r.roundPosition}. ${r.topic}`), ...tallyCells(r)]);
  fitColumns(board);
  return book;
}

/** A worksheet with a unique name Excel accepts (31 characters, none of []:*?/\). */
function sheet(book: ExcelJS.Workbook, taken: Set<string>, name: string, suffix: string): ExcelJS.Worksheet {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ');
  const room = 31 - (suffix ? suffix.length + 1 : 0);
  let candidate = `${clean.slice(0, room)}${suffix ? ` ${suffix}` : ''}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${clean.slice(0, room - 3)}~${n}${suffix ? ` ${suffix}` : ''}`;
  taken.add(candidate);
  return book.addWorksheet(candidate, { views: [{ state: 'frozen', ySplit: 2 }] });
}

function title(ws: ExcelJS.Worksheet, value: string, span: number): void {
  ws.addRow([value]);
  ws.mergeCells(1, 1, 1, Math.max(1, span));
  ws.getRow(1).font = { bold: true, size: 14 };
}

function header(ws: ExcelJS.Worksheet, labels: string[]): void {
  const row = ws.addRow(labels);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

/** A decimal from the engine, written as a number shown with exactly its digits (see `addRow`). */
class EngineDecimal {
  constructor(readonly text: string) {}
}

function number(value: string | null): EngineDecimal | null {
  return value === null ? null : new EngineDecimal(value);
}

type Cell = string | number | EngineDecimal | null;

/**
 * A row whose engine decimals become Excel numbers with a format of their own decimals. Up to 15
 * significant digits a double carries a decimal unchanged (reading the cell back gives the
 * engine's text); a longer one (a weighted total may have many decimals) is written as text.
 */
function addRow(ws: ExcelJS.Worksheet, cells: Cell[]): ExcelJS.Row {
  const exact = (c: EngineDecimal) => c.text.replace(/^-?0*\.?0*/, '').replace('.', '').length <= 15;
  const row = ws.addRow(cells.map((c) => (c instanceof EngineDecimal ? (exact(c) ? Number(c.text) : c.text) : c)));
  cells.forEach((c, i) => {
    if (c instanceof EngineDecimal && exact(c)) {
      const decimals = c.text.split('.')[1]?.length ?? 0;
      row.getCell(i + 1).numFmt = decimals ? `0.${'0'.repeat(decimals)}` : '0';
    }
  });
  return row;
}

/** Names, reasons, units: always text. A leading =, +, - or @ stays a character, never a formula. */
function text(value: string | null | undefined): string {
  return value ?? '';
}

/** Column widths from the longest value, a Chinese character counting twice. */
function fitColumns(ws: ExcelJS.Worksheet): void {
  ws.columns.forEach((column, i) => {
    let width = 6;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const value = row.getCell(i + 1).value;
      // The workbook holds text and numbers only (see addRow).
      const shown = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      width = Math.max(width, [...shown].reduce((w, ch) => w + (/[\u2E80-\uFFFF]/.test(ch) ? 2 : 1), 0) + 2);
    });
    column.width = Math.min(width, 60);
  });
}
