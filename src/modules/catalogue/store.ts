import { sql } from 'kysely';
import type { ExpressionBuilder, Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import { containsPattern, fold, queryWords } from './domain/fold.ts';
import type { FeeLine, FeeStatus } from './domain/fees.ts';
import type { Component, FeeTiming, FormDefinition, InternalStep, NewProcedure, OnlineLevel, Procedure, ProcedureStatus, ProcedureSummary, TimeUnit } from './domain/procedure.ts';
import { versionStates } from './domain/procedure-rules.ts';
import type { ProcedureContent, VersionState } from './domain/procedure-rules.ts';

export interface CatalogueTables {
  procedures: {
    id: Generated<number>;
    code: string;
    version: number;
    status: ProcedureStatus;
    /** Null for a draft: the date is chosen when it is published. */
    effective_from: string | null;
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
    published_at: Date | null;
    published_by_id: number | null;
    published_by_name: string | null;
    updated_at: Generated<Date>;
    revision: Generated<number>;
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

export const catalogueDb = (db: Db | Trx) => tables<CatalogueTables>(db);
type Row = Selectable<CatalogueTables['procedures']>;
type Eb = ExpressionBuilder<CatalogueTables, 'procedures'>;
const json = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;

/** What search matches: the code, the name, the field and the level, folded. */
export function searchTextOf(p: Pick<NewProcedure, 'code' | 'name' | 'field' | 'level'>): string {
  return fold(`${p.name} ${p.code} ${p.field} ${p.level}`);
}

/** A version to store: a draft has no effective date yet. */
export type StoredProcedure = Omit<NewProcedure, 'effectiveFrom'> & { effectiveFrom: string | null };

/** The content columns of a version (everything an editor can change). */
const contentColumns = (p: ProcedureContent) => ({
  name: p.name, field: p.field, level: p.level,
  agencies: json(p.agencies), legal_basis: json(p.legalBasis), steps: json(p.steps), methods: json(p.methods), subjects: p.subjects,
  processing_time_value: p.processingTime.value, processing_time_unit: p.processingTime.unit, processing_time_note: p.processingTime.note,
  fee_status: p.feeStatus, fee_lines: json(p.feeLines), fee_note: p.feeNote, fee_timing: p.feeTiming,
  paper_result_required: p.paperResultRequired, result_document: p.resultDocument, online_level: p.onlineLevel,
  internal_steps: json(p.internalSteps), form_definition: json(p.formDefinition), source: p.source, search_text: searchTextOf(p),
});

async function insertComponentsInTrx(trx: Trx, rows: { procedureId: number; components: readonly Component[] }[]): Promise<void> {
  const values = rows.flatMap((r) => r.components.map((c, j) => ({
    procedure_id: r.procedureId, position: j + 1, name: c.name, originals: c.originals, copies: c.copies, template_file: c.templateFile, required: c.required,
  })));
  // A few hundred rows per statement keeps well below PostgreSQL's 65 535 parameters.
  for (let i = 0; i < values.length; i += 500) await catalogueDb(trx).insertInto('procedure_components').values(values.slice(i, i + 500)).execute();
}

/** Stores procedure versions with their components (a statement per few hundred rows, whatever the number). */
export async function insertProceduresInTrx(trx: Trx, procedures: readonly StoredProcedure[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < procedures.length; i += 200) {
    const batch = procedures.slice(i, i + 200);
    const rows = await catalogueDb(trx)
      .insertInto('procedures')
      .values(batch.map((p) => ({
        code: p.code, version: p.version, status: p.status, effective_from: p.effectiveFrom, ...contentColumns(p),
        published_at: p.status === 'published' ? sql<Date>`now()` : null,
      })))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => Number(r.id)));
  }
  await insertComponentsInTrx(trx, procedures.map((p, i) => ({ procedureId: ids[i]!, components: p.components })));
  return ids;
}

export async function countProcedures(db: Db | Trx): Promise<number> {
  const row = await catalogueDb(db).selectFrom('procedures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The version in force: published, effective by `today`, and no later such version. */
export function inForce(eb: Eb, today: string) {
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
  const version = await withComponents(db, [r]);
  return { ...version[0]!, effectiveFrom: version[0]!.effectiveFrom! };
}

/** A stored version as the editor sees it: a draft's effective date is null. */
export type ProcedureVersion = Omit<Procedure, 'effectiveFrom'> & {
  effectiveFrom: string | null;
  publishedAt: Date | null;
  publishedByName: string | null;
  updatedAt: Date;
  revision: number;
};

function versionOf(r: Row, components: Component[]): ProcedureVersion {
  return {
    ...summaryOf(r), id: Number(r.id), version: r.version, status: r.status, effectiveFrom: r.effective_from === null ? null : dateText(r.effective_from),
    agencies: r.agencies, legalBasis: r.legal_basis, steps: r.steps, methods: r.methods, subjects: r.subjects,
    feeNote: r.fee_note, feeTiming: r.fee_timing, paperResultRequired: r.paper_result_required, resultDocument: r.result_document,
    internalSteps: r.internal_steps, formDefinition: r.form_definition, source: r.source, components,
    publishedAt: r.published_at, publishedByName: r.published_by_name, updatedAt: r.updated_at, revision: Number(r.revision),
  };
}

/** Rows with their components, read in one more query. */
async function withComponents(db: Db | Trx, rows: Row[]): Promise<ProcedureVersion[]> {
  if (rows.length === 0) return [];
  const byId = new Map<number, Component[]>(rows.map((r) => [Number(r.id), []]));
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const components = await catalogueDb(db).selectFrom('procedure_components').selectAll().where('procedure_id', 'in', ids.slice(i, i + 1000)).orderBy('procedure_id').orderBy('position').execute();
    for (const c of components) byId.get(Number(c.procedure_id))!.push({ name: c.name, originals: c.originals, copies: c.copies, templateFile: c.template_file, required: c.required });
  }
  return rows.map((r) => versionOf(r, byId.get(Number(r.id))!));
}

/**
 * One stored version by its id, whatever its status: what a record filed under it keeps pointing to
 * (a published version never changes, see migrations/002_editing.sql).
 */
export async function findProcedureVersionById(db: Db | Trx, id: number): Promise<ProcedureVersion | undefined> {
  const r = await catalogueDb(db).selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await withComponents(db, [r]))[0] : undefined;
}

export async function findProcedureVersion(db: Db | Trx, code: string, version: number): Promise<ProcedureVersion | undefined> {
  const r = await catalogueDb(db).selectFrom('procedures').selectAll().where('code', '=', code).where('version', '=', version).executeTakeFirst();
  return r ? (await withComponents(db, [r]))[0] : undefined;
}

/** One line of the editor's list: a version, its state today, and what identifies it. */
export interface VersionLine {
  id: number;
  code: string;
  version: number;
  status: ProcedureStatus;
  state: VersionState;
  effectiveFrom: string | null;
  name: string;
  field: string;
  publishedAt: Date | null;
  publishedByName: string | null;
  updatedAt: Date;
}

/**
 * Every version of the codes whose name, code, field or level match `q` (folded, every word), with the state of
 * each on `today`. The catalogue is a few hundred rows (D14): states are worked out here, not in SQL, by the
 * same rule as the history page.
 */
export async function listVersionLines(db: Db | Trx, query: { q?: string; code?: string }, today = todayInVietnam()): Promise<VersionLine[]> {
  let base = catalogueDb(db).selectFrom('procedures');
  for (const word of queryWords(query.q ?? '')) base = base.where('search_text', 'like', containsPattern(word));
  if (query.code !== undefined) base = base.where('code', '=', query.code);
  const rows = await base
    .select(['id', 'code', 'version', 'status', 'effective_from', 'name', 'field', 'published_at', 'published_by_name', 'updated_at'])
    .orderBy('code').orderBy('version', 'desc')
    .execute();
  const lines = rows.map((r) => ({
    id: Number(r.id), code: r.code, version: r.version, status: r.status, effectiveFrom: r.effective_from === null ? null : dateText(r.effective_from),
    name: r.name, field: r.field, publishedAt: r.published_at, publishedByName: r.published_by_name, updatedAt: r.updated_at,
  }));
  const byCode = new Map<string, typeof lines>();
  for (const l of lines) byCode.set(l.code, [...(byCode.get(l.code) ?? []), l]);
  return lines.map((l) => ({ ...l, state: versionStates(byCode.get(l.code)!, today).get(l.version)! }));
}

/** What a new version of each code must know: its highest version number and whether a draft is open. */
export async function versionFactsOf(db: Db | Trx, codes: readonly string[]): Promise<Map<string, { maxVersion: number; draftVersion: number | null }>> {
  const facts = new Map<string, { maxVersion: number; draftVersion: number | null }>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await catalogueDb(db).selectFrom('procedures').select(['code', 'version', 'status']).where('code', 'in', codes.slice(i, i + 1000)).execute();
    for (const r of rows) {
      const f = facts.get(r.code) ?? { maxVersion: 0, draftVersion: null };
      facts.set(r.code, { maxVersion: Math.max(f.maxVersion, r.version), draftVersion: r.status === 'draft' ? r.version : f.draftVersion });
    }
  }
  return facts;
}

/** The published version of `code` with the highest number (a new one may not take effect before it). */
export async function latestPublished(db: Db | Trx, code: string): Promise<{ version: number; effectiveFrom: string } | null> {
  const r = await catalogueDb(db).selectFrom('procedures').select(['version', 'effective_from']).where('code', '=', code).where('status', '=', 'published')
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r && r.effective_from !== null ? { version: r.version, effectiveFrom: dateText(r.effective_from) } : null;
}

/** Full versions for an export: those in `ids`, in code and version order. */
export async function listVersionsByIds(db: Db | Trx, ids: readonly number[]): Promise<ProcedureVersion[]> {
  const rows: Row[] = [];
  for (let i = 0; i < ids.length; i += 1000) rows.push(...(await catalogueDb(db).selectFrom('procedures').selectAll().where('id', 'in', ids.slice(i, i + 1000)).execute()));
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.version - b.version));
  return withComponents(db, rows);
}

/**
 * Replaces a draft's content and components, if it is still a draft at `revision`. Returns false when it is not
 * (published, deleted, or saved by someone else meanwhile): the caller tells the person.
 */
export async function updateDraftInTrx(trx: Trx, id: number, revision: number, content: ProcedureContent): Promise<boolean> {
  const updated = await catalogueDb(trx).updateTable('procedures')
    .set({ ...contentColumns(content), updated_at: sql<Date>`now()`, revision: sql<number>`revision + 1` })
    .where('id', '=', id).where('status', '=', 'draft').where('revision', '=', revision)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;
  await catalogueDb(trx).deleteFrom('procedure_components').where('procedure_id', '=', id).execute();
  await insertComponentsInTrx(trx, [{ procedureId: id, components: content.components }]);
  return true;
}

/** Publishes a draft: false when it is no longer a draft (someone published or deleted it meanwhile). */
export async function publishDraftInTrx(trx: Trx, id: number, effectiveFrom: string, by: { id: number | null; name: string }): Promise<boolean> {
  const updated = await catalogueDb(trx).updateTable('procedures')
    .set({ status: 'published', effective_from: effectiveFrom, published_at: sql<Date>`now()`, published_by_id: by.id, published_by_name: by.name, updated_at: sql<Date>`now()` })
    .where('id', '=', id).where('status', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Deletes a draft with its components: false when it is no longer a draft. */
export async function deleteDraftInTrx(trx: Trx, id: number): Promise<boolean> {
  const deleted = await catalogueDb(trx).deleteFrom('procedures').where('id', '=', id).where('status', '=', 'draft').returning('id').executeTakeFirst();
  return deleted !== undefined;
}

/** `date` columns come back as Date from pg and as Date or text from PGlite: always 'YYYY-MM-DD'. */
export function dateText(value: unknown): string {
  if (value instanceof Date) return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  return String(value).slice(0, 10);
}
