import { sql } from 'kysely';
import type { ExpressionBuilder, Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import { containsPattern, fold, queryWords } from './domain/fold.ts';
import type { FeeLine, FeeStatus } from './domain/fees.ts';
import type { Component, FeeTiming, FormDefinition, InternalStep, NewProcedure, OnlineLevel, Procedure, ProcedureStatus, ProcedureSummary, TimeUnit } from './domain/procedure.ts';

export interface CatalogueTables {
  procedures: {
    id: Generated<number>;
    code: string;
    version: number;
    status: ProcedureStatus;
    effective_from: string;
    name: string;
    field: string;
    level: string;
    agencies: string[];
    legal_basis: string[];
    steps: string[];
    methods: string[];
    subjects: string;
    processing_time_value: number | null;
    processing_time_unit: TimeUnit | null;
    processing_time_note: string | null;
    fee_status: FeeStatus;
    fee_lines: FeeLine[];
    fee_note: string | null;
    fee_timing: FeeTiming;
    paper_result_required: boolean;
    result_document: string | null;
    online_level: OnlineLevel;
    internal_steps: InternalStep[];
    form_definition: FormDefinition;
    source: string;
    search_text: string;
    created_at: Generated<Date>;
  };
  procedure_components: {
    procedure_id: number;
    position: number;
    name: string;
    originals: number;
    copies: number;
    template_file: string | null;
    required: boolean;
  };
}

const catalogueDb = (db: Db | Trx) => tables<CatalogueTables>(db);
type Row = Selectable<CatalogueTables['procedures']>;
type Eb = ExpressionBuilder<CatalogueTables, 'procedures'>;
const json = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;

/** What search matches: the code, the name, the field and the level, folded. */
export function searchTextOf(p: Pick<NewProcedure, 'code' | 'name' | 'field' | 'level'>): string {
  return fold(`${p.name} ${p.code} ${p.field} ${p.level}`);
}

/** Stores procedure versions with their components (two statements, whatever the number). */
export async function insertProceduresInTrx(trx: Trx, procedures: readonly NewProcedure[]): Promise<number[]> {
  if (procedures.length === 0) return [];
  const rows = await catalogueDb(trx)
    .insertInto('procedures')
    .values(procedures.map((p) => ({
      code: p.code, version: p.version, status: p.status, effective_from: p.effectiveFrom, name: p.name, field: p.field, level: p.level,
      agencies: json(p.agencies), legal_basis: json(p.legalBasis), steps: json(p.steps), methods: json(p.methods), subjects: p.subjects,
      processing_time_value: p.processingTime.value, processing_time_unit: p.processingTime.unit, processing_time_note: p.processingTime.note,
      fee_status: p.feeStatus, fee_lines: json(p.feeLines), fee_note: p.feeNote, fee_timing: p.feeTiming,
      paper_result_required: p.paperResultRequired, result_document: p.resultDocument, online_level: p.onlineLevel,
      internal_steps: json(p.internalSteps), form_definition: json(p.formDefinition), source: p.source, search_text: searchTextOf(p),
    })))
    .returning('id')
    .execute();
  const ids = rows.map((r) => Number(r.id));
  const components = procedures.flatMap((p, i) => p.components.map((c, j) => ({
    procedure_id: ids[i]!, position: j + 1, name: c.name, originals: c.originals, copies: c.copies, template_file: c.templateFile, required: c.required,
  })));
  if (components.length > 0) await catalogueDb(trx).insertInto('procedure_components').values(components).execute();
  return ids;
}

export async function countProcedures(db: Db | Trx): Promise<number> {
  const row = await catalogueDb(db).selectFrom('procedures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The version in force: published, effective by `today`, and no later such version. */
function inForce(eb: Eb, today: string) {
  return eb.and([
    eb('procedures.status', '=', 'published'),
    eb('procedures.effective_from', '<=', today),
    eb.not(eb.exists(
      eb.selectFrom('procedures as newer').select('newer.id')
        .whereRef('newer.code', '=', 'procedures.code').whereRef('newer.version', '>', 'procedures.version')
        .where('newer.status', '=', 'published').where('newer.effective_from', '<=', today),
    )),
  ]);
}

export interface ProcedureQuery {
  q?: string;
  field?: string;
  onlineLevel?: OnlineLevel;
  limit: number;
  offset: number;
}

/** Vietnam's date, whatever the server's time zone. */
export const todayInVietnam = (now = new Date()) => new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

const summaryOf = (r: Pick<Row, 'code' | 'name' | 'field' | 'level' | 'processing_time_value' | 'processing_time_unit' | 'processing_time_note' | 'fee_status' | 'fee_lines' | 'online_level'>): ProcedureSummary => ({
  code: r.code, name: r.name, field: r.field, level: r.level,
  processingTime: { value: r.processing_time_value === null ? null : Number(r.processing_time_value), unit: r.processing_time_unit, note: r.processing_time_note },
  feeStatus: r.fee_status, feeLines: r.fee_lines, onlineLevel: r.online_level,
});

export async function searchProcedures(db: Db | Trx, query: ProcedureQuery, today = todayInVietnam()): Promise<{ total: number; items: ProcedureSummary[] }> {
  const words = queryWords(query.q ?? '');
  let base = catalogueDb(db).selectFrom('procedures').where((eb) => inForce(eb, today));
  for (const word of words) base = base.where('search_text', 'like', containsPattern(word));
  if (query.field) base = base.where('field', '=', query.field);
  if (query.onlineLevel) base = base.where('online_level', '=', query.onlineLevel);
  const phrase = words.join(' ');
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['code', 'name', 'field', 'level', 'processing_time_value', 'processing_time_unit', 'processing_time_note', 'fee_status', 'fee_lines', 'online_level'])
      // The whole phrase early in the text (that is, in the name) first, then shorter names.
      .orderBy(sql`case when ${phrase} = '' then 0 when strpos(search_text, ${phrase}) > 0 then strpos(search_text, ${phrase}) else 100000 end`)
      .orderBy(sql`length(name)`)
      .orderBy('code')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
  ]);
  return { total: Number(count.n), items: rows.map(summaryOf) };
}

/** The fields (lĩnh vực) that have procedures in force, for the filter. */
export async function listFields(db: Db | Trx, today = todayInVietnam()): Promise<string[]> {
  const rows = await catalogueDb(db).selectFrom('procedures').where((eb) => inForce(eb, today)).select('field').distinct().orderBy('field').execute();
  return rows.map((r) => r.field);
}

/** The version of `code` in force, with its components. */
export async function findProcedureByCode(db: Db | Trx, code: string, today = todayInVietnam()): Promise<Procedure | undefined> {
  const r = await catalogueDb(db).selectFrom('procedures').selectAll().where('code', '=', code).where((eb) => inForce(eb, today)).executeTakeFirst();
  if (!r) return undefined;
  const components = await catalogueDb(db).selectFrom('procedure_components').selectAll().where('procedure_id', '=', r.id).orderBy('position').execute();
  return {
    ...summaryOf(r), id: Number(r.id), version: r.version, status: r.status, effectiveFrom: dateText(r.effective_from),
    agencies: r.agencies, legalBasis: r.legal_basis, steps: r.steps, methods: r.methods, subjects: r.subjects,
    feeNote: r.fee_note, feeTiming: r.fee_timing, paperResultRequired: r.paper_result_required, resultDocument: r.result_document,
    internalSteps: r.internal_steps, formDefinition: r.form_definition, source: r.source,
    components: components.map((c): Component => ({ name: c.name, originals: c.originals, copies: c.copies, templateFile: c.template_file, required: c.required })),
  };
}

/** `date` columns come back as Date from pg and as Date or text from PGlite: always 'YYYY-MM-DD'. */
function dateText(value: unknown): string {
  if (value instanceof Date) return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  return String(value).slice(0, 10);
}
