import { type ArgumentMetadata, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type ApiErrorBody, ApiError, badRequest } from '../common/api-error.js';
import { plainText } from '../common/plain-text.js';
import { newSecret } from '../common/secret-token.js';
import { InputPipe } from '../common/validation.pipe.js';
import type { JudgeWithLinkDto, SetupImportDto } from '../contracts/rest.js';
import { CreateCriterionDto, CreateGroupDto } from '../events/dto/event.dto.js';
import { addCriterion, addGroup } from '../events/event-operations.js';
import { CreateJudgeDto } from '../judges/dto/judge.dto.js';
import { addJudge } from '../judges/judge-operations.js';
import { JudgesService } from '../judges/judges.service.js';
import type { ContestEvent } from '../model/event.entity.js';
import { JudgeGroup } from '../model/judge-group.entity.js';
import type { Organizer } from '../model/organizer.entity.js';
import { Presenter } from '../model/presenter.entity.js';
import { EventAccess } from '../organizers/event-access.service.js';
import { CreatePresenterDto, CreateRoundDto } from '../programme/dto/programme.dto.js';
import { addPresenter, addRound, fillProgramme } from '../programme/programme-operations.js';
import type { SetupOperation } from '../state/event-changes.service.js';
import { readSetupWorkbook, SETUP_SHEETS, type SetupRow, type SetupSheet, type WorkbookProblem } from './setup-workbook.js';

/** Thrown inside the import's transaction to undo it: a preview, or an import with problems. */
class Undo extends Error {
  constructor(readonly outcome: SetupImportDto) {
    super('undone');
  }
}

/** Enough to fix a workbook by; beyond this the organizer has the wrong file. */
const MAX_PROBLEMS = 200;

/** Units in the 回避单位 column: separated the ways people type lists in Chinese and English. */
const UNIT_SEPARATORS = /[、,，;；\n]+/;

/**
 * Imports a filled setup template into an event: every row through the same operations (and so
 * the same rules) as the console and the API, all of it in one transaction. Each row runs in a
 * savepoint of its own, so every problem is found and named by sheet, row and column, and then
 * nothing is kept unless there was none. A preview runs the same and keeps nothing.
 */
@Injectable()
export class SetupImport {
  private readonly pipe = new InputPipe();

  constructor(
    private readonly access: EventAccess,
    private readonly judges: JudgesService,
  ) {}

  async run(actor: Organizer, eventId: string, content: Buffer, options: { apply: boolean; fill: boolean }): Promise<SetupImportDto> {
    // Who asks is checked before the file is read at all.
    await this.access.manage(actor, eventId);
    const read = await readSetupWorkbook(content);
    const empty = { applied: false, counts: { criteria: 0, groups: 0, judges: 0, presenters: 0, topics: 0, talks: 0 }, judges: [] };
    if (read.problems.length > 0) return this.answer({ ...empty, problems: read.problems.slice(0, MAX_PROBLEMS) }, options.apply);
    try {
      return await this.access.setup(actor, eventId, async (tx, event) => {
        const outcome = await this.importRows(tx, event, read.rows, options.fill);
        if (outcome.problems.length > 0 || !options.apply) throw new Undo(outcome);
        return outcome;
      });
    } catch (error) {
      if (error instanceof Undo) return this.answer(error.outcome, options.apply);
      throw error;
    }
  }

  /** A preview answers with what it found; an import with problems is refused, naming each. */
  private answer(outcome: SetupImportDto, apply: boolean): SetupImportDto {
    if (!apply || outcome.problems.length === 0) return { ...outcome, applied: false, judges: [] };
    throw badRequest(
      'invalid_import',
      `nothing was imported: ${outcome.problems.length} problem(s) in the workbook`,
      outcome.problems.map((p) => ({
        field: [p.sheet, p.row && `第 ${p.row} 行`, p.column].filter(Boolean).join(' · '),
        problems: [p.message],
        kinds: ['invalid' as const],
      })),
    );
  }

  private async importRows(
    tx: EntityManager,
    event: ContestEvent,
    rows: { [S in SetupSheet]: SetupRow<S>[] },
    fill: boolean,
  ): Promise<SetupImportDto> {
    const problems: WorkbookProblem[] = [];
    const counts = { criteria: 0, groups: 0, judges: 0, presenters: 0, topics: 0, talks: 0 };
    const judges: JudgeWithLinkDto[] = [];

    /** One row: its values checked as the API checks them, then its operation, in a savepoint of its own. */
    const step = async <S extends SetupSheet, D extends object, T>(
      sheet: S,
      row: SetupRow<S>,
      dto: new () => D,
      input: Record<string, unknown>,
      operation: (dto: D) => SetupOperation<T>,
    ): Promise<T | null> => {
      await tx.query('SAVEPOINT import_row');
      try {
        const checked = (await this.pipe.transform(input, { type: 'body', metatype: dto } as ArgumentMetadata)) as D;
        return await operation(checked)(tx, event);
      } catch (error) {
        await tx.query('ROLLBACK TO SAVEPOINT import_row');
        problems.push(...problemsOf(error, sheet, row.row));
        return null;
      }
    };

    for (const row of rows.groups) {
      if (problems.length >= MAX_PROBLEMS) break;
      if (await step('groups', row, CreateGroupDto, { name: row.values.name, ...opt('weight', row.values.weight) }, addGroup))
        counts.groups++;
    }
    for (const row of rows.criteria) {
      if (problems.length >= MAX_PROBLEMS) break;
      const { name, maxScore, step: stepSize, minScore, weight } = row.values;
      const input = { name, maxScore, step: stepSize, ...opt('minScore', minScore), ...opt('weight', weight) };
      if (await step('criteria', row, CreateCriterionDto, input, addCriterion)) counts.criteria++;
    }
    for (const row of rows.presenters) {
      if (problems.length >= MAX_PROBLEMS) break;
      const input = { unit: row.values.unit, title: row.values.title, ...opt('name', row.values.name) };
      if (await step('presenters', row, CreatePresenterDto, input, addPresenter)) counts.presenters++;
    }
    for (const row of rows.topics) {
      if (problems.length >= MAX_PROBLEMS) break;
      const input = { topic: row.values.topic, ...opt('lecturer', row.values.lecturer) };
      if (await step('topics', row, CreateRoundDto, input, addRound)) counts.topics++;
    }
    // Groups and units as they now are: the event's own and the imported ones.
    const groups = new Map((await tx.findBy(JudgeGroup, { eventId: event.id })).map((g) => [g.name, g.id]));
    const units = new Set((await tx.findBy(Presenter, { eventId: event.id })).map((p) => p.unit));
    for (const row of rows.judges) {
      const where = (column: string) => ({ sheet: SETUP_SHEETS.judges.name, row: row.row, column });
      if (problems.length >= MAX_PROBLEMS) break;
      const group = row.values.group === undefined ? undefined : plainText(row.values.group, false);
      if (group !== undefined && !groups.has(group)) {
        problems.push({
          ...where('评委组'),
          kind: 'unknown_group',
          params: { group },
          message: `no judge group named "${group}" (add it on the 评委组 sheet)`,
        });
        continue;
      }
      const conflictUnits = (row.values.conflictUnits ?? '')
        .split(UNIT_SEPARATORS)
        .map((u) => plainText(u))
        .filter(Boolean);
      const unknown = conflictUnits.filter((u) => !units.has(u));
      if (unknown.length > 0) {
        problems.push({
          ...where('回避单位'),
          kind: 'unknown_units',
          params: { units: unknown.join('、') },
          message: `not the unit of any presenter: ${unknown.join('、')}`,
        });
        continue;
      }
      const secret = newSecret();
      const input = {
        seatLabel: row.values.seatLabel,
        displayName: row.values.displayName,
        ...(group !== undefined ? { groupId: groups.get(group) } : {}),
        ...(conflictUnits.length ? { conflictUnits } : {}),
      };
      const judge = await step('judges', row, CreateJudgeDto, input, (dto) => addJudge(dto, secret));
      if (judge) {
        counts.judges++;
        judges.push({ judge, link: this.judges.link(secret.token) });
      }
    }
    if (fill && problems.length === 0) {
      await tx.query('SAVEPOINT import_row');
      try {
        counts.talks = (await fillProgramme(false, () => 0)(tx, event)).added;
      } catch (error) {
        await tx.query('ROLLBACK TO SAVEPOINT import_row');
        problems.push(...problemsOf(error, 'topics', null));
      }
    }
    return { applied: true, counts, problems, judges };
  }
}

/** An optional column: left out when empty, so the API's default applies. */
const opt = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });

/** A refusal of one row as problems located in the workbook: per field when the input was invalid. */
function problemsOf(error: unknown, sheet: SetupSheet, row: number | null): WorkbookProblem[] {
  const spec = SETUP_SHEETS[sheet];
  const header = (field: string) => {
    const key = field === 'groupId' ? 'group' : field.split('.')[0];
    return spec.columns.find((c) => c.key === key)?.header ?? field;
  };
  if (error instanceof ApiError) {
    const body = error.getResponse() as ApiErrorBody;
    if (body.fields?.length)
      return body.fields.map((f) => ({
        sheet: spec.name,
        row,
        column: header(f.field),
        kind: 'invalid_field' as const,
        params: { kind: f.kinds[0] ?? 'invalid' },
        message: f.problems.join('; '),
      }));
    return [{ sheet: spec.name, row, column: null, kind: 'refused', params: { code: body.code }, message: body.message }];
  }
  throw error;
}
