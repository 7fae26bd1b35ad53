/** The periodic reports' tables (001_periodic_reports.sql), and the only code that names them. */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { Answers, FieldDef } from './domain/fields.ts';
import { storedFields } from './domain/fields.ts';
import type { SubmissionStatus } from './domain/progress.ts';

export interface PeriodicReportsTables {
  report_templates: {
    id: Generated<number>; unit_id: number; name: string; description: string; fields: unknown; version: Generated<number>;
    created_by: number; created_by_name: string; created_at: Generated<Date>; updated_by_name: string; updated_at: Generated<Date>; archived_at: Date | null;
  };
  report_requests: {
    id: Generated<number>; unit_id: number; template_id: number; template_version: number; name: string; description: string; fields: unknown;
    period_label: string; period_from: string; period_to: string; deadline: Date; sent_by: number; sent_by_name: string; sent_at: Generated<Date>;
  };
  report_request_units: { request_id: number; unit_id: number };
  report_submissions: {
    id: Generated<number>; request_id: number; unit_id: number; answers: unknown; figures_at: Date | null; status: Generated<SubmissionStatus>;
    saved_by: number; saved_by_name: string; saved_at: Generated<Date>; revision: Generated<number>; submitted_at: Date | null; late: boolean | null;
    returned_at: Date | null; return_reason: string | null; version: Generated<number>;
  };
  report_submission_versions: {
    id: Generated<number>; submission_id: number; request_id: number; unit_id: number; revision: number; answers: unknown; figures_at: Date | null;
    submitted_by: number; submitted_by_name: string; submitted_at: Date; late: boolean; pdf: Uint8Array; pdf_sha256: string;
    signer: 'official' | 'unit'; signed_public_id: string | null; returned_at: Date | null; returned_by: number | null; returned_by_name: string | null; return_reason: string | null;
  };
}

const reportsDb = (db: Db | Trx) => tables<PeriodicReportsTables>(db);
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export type TemplateRow = Omit<Selectable<PeriodicReportsTables['report_templates']>, 'fields'> & { fields: FieldDef[] };
export type RequestRow = Omit<Selectable<PeriodicReportsTables['report_requests']>, 'fields'> & { fields: FieldDef[] };
export type SubmissionRow = Omit<Selectable<PeriodicReportsTables['report_submissions']>, 'answers'> & { answers: Answers };
export type VersionRow = Omit<Selectable<PeriodicReportsTables['report_submission_versions']>, 'answers' | 'pdf'> & { answers: Answers };

const withFields = <T extends { fields: unknown }>(r: T) => ({ ...r, fields: storedFields(r.fields) });
const withAnswers = <T extends { answers: unknown }>(r: T) => ({ ...r, answers: (r.answers ?? {}) as Answers });

// Templates.

export async function listTemplates(db: Db | Trx, unitId: number): Promise<TemplateRow[]> {
  const rows = await reportsDb(db).selectFrom('report_templates').selectAll().where('unit_id', '=', unitId).orderBy('archived_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(withFields);
}

export async function findTemplate(db: Db | Trx, id: number, options: { forUpdate?: boolean } = {}): Promise<TemplateRow | undefined> {
  let q = reportsDb(db).selectFrom('report_templates').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? withFields(row) : undefined;
}

export async function insertTemplateInTrx(trx: Trx, t: { unitId: number; name: string; description: string; fields: FieldDef[]; by: number; byName: string }): Promise<number> {
  const { id } = await reportsDb(trx).insertInto('report_templates')
    .values({ unit_id: t.unitId, name: t.name, description: t.description, fields: json(t.fields), created_by: t.by, created_by_name: t.byName, updated_by_name: t.byName, archived_at: null })
    .returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

/** The edit, if the template is still at `version`; false when someone saved it meanwhile. */
export async function updateTemplateInTrx(trx: Trx, id: number, version: number, t: { name: string; description: string; fields: FieldDef[]; byName: string }): Promise<boolean> {
  const r = await reportsDb(trx).updateTable('report_templates')
    .set({ name: t.name, description: t.description, fields: json(t.fields), updated_by_name: t.byName, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setTemplateArchivedInTrx(trx: Trx, id: number, version: number, archived: boolean, byName: string): Promise<boolean> {
  const r = await reportsDb(trx).updateTable('report_templates')
    .set({ archived_at: archived ? sql`now()` : null, updated_by_name: byName, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Requests.

const requestColumns = (db: Db | Trx) => reportsDb(db).selectFrom('report_requests').select([
  'report_requests.id', 'report_requests.unit_id', 'report_requests.template_id', 'report_requests.template_version', 'report_requests.name', 'report_requests.description',
  'report_requests.fields', 'report_requests.period_label', 'report_requests.deadline', 'report_requests.sent_by', 'report_requests.sent_by_name', 'report_requests.sent_at',
  sql<string>`report_requests.period_from::text`.as('period_from'), sql<string>`report_requests.period_to::text`.as('period_to'),
]);

export async function findRequest(db: Db | Trx, id: number): Promise<RequestRow | undefined> {
  const row = await requestColumns(db).where('report_requests.id', '=', id).executeTakeFirst();
  return row ? withFields(row) : undefined;
}

export async function listRequestsSentBy(db: Db | Trx, unitId: number, limit = 100): Promise<(RequestRow & { units: number; submitted: number })[]> {
  const rows = await requestColumns(db).where('report_requests.unit_id', '=', unitId)
    .select((eb) => [
      eb.selectFrom('report_request_units as u').whereRef('u.request_id', '=', 'report_requests.id').select((e) => e.fn.countAll<number>().as('n')).as('units'),
      eb.selectFrom('report_submissions as s').whereRef('s.request_id', '=', 'report_requests.id').where('s.status', '=', 'submitted').select((e) => e.fn.countAll<number>().as('n')).as('submitted'),
    ])
    .orderBy('report_requests.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...withFields(r), units: Number(r.units), submitted: Number(r.submitted) }));
}

/** The requests sent to a unit, newest first, with its own submission's state. */
export async function listRequestsFor(db: Db | Trx, unitId: number, limit = 100): Promise<(RequestRow & { status: SubmissionStatus | null; late: boolean | null; submitted_at: Date | null })[]> {
  const rows = await requestColumns(db)
    .innerJoin('report_request_units as u', (j) => j.onRef('u.request_id', '=', 'report_requests.id').on('u.unit_id', '=', unitId))
    .leftJoin('report_submissions as s', (j) => j.onRef('s.request_id', '=', 'report_requests.id').on('s.unit_id', '=', unitId))
    .select(['s.status', 's.late', 's.submitted_at'])
    .orderBy('report_requests.deadline', 'desc').orderBy('report_requests.id', 'desc').limit(limit).execute();
  return rows.map(withFields);
}

export async function insertRequestInTrx(trx: Trx, r: Omit<RequestRow, 'id' | 'sent_at'>, unitIds: readonly number[]): Promise<number> {
  const { id } = await reportsDb(trx).insertInto('report_requests').values({ ...r, fields: json(r.fields) }).returning('id').executeTakeFirstOrThrow();
  await reportsDb(trx).insertInto('report_request_units').values(unitIds.map((unitId) => ({ request_id: Number(id), unit_id: unitId }))).execute();
  return Number(id);
}

export async function listRequestUnitIds(db: Db | Trx, requestId: number): Promise<number[]> {
  const rows = await reportsDb(db).selectFrom('report_request_units').select('unit_id').where('request_id', '=', requestId).execute();
  return rows.map((r) => Number(r.unit_id));
}

export async function requestTargets(db: Db | Trx, requestId: number, unitId: number): Promise<boolean> {
  return !!(await reportsDb(db).selectFrom('report_request_units').select('unit_id').where('request_id', '=', requestId).where('unit_id', '=', unitId).executeTakeFirst());
}

// Submissions.

export async function findSubmission(db: Db | Trx, requestId: number, unitId: number, options: { forUpdate?: boolean } = {}): Promise<SubmissionRow | undefined> {
  let q = reportsDb(db).selectFrom('report_submissions').selectAll().where('request_id', '=', requestId).where('unit_id', '=', unitId);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? withAnswers(row) : undefined;
}

export async function listSubmissions(db: Db | Trx, requestId: number): Promise<SubmissionRow[]> {
  const rows = await reportsDb(db).selectFrom('report_submissions').selectAll().where('request_id', '=', requestId).execute();
  return rows.map(withAnswers);
}

export type SubmissionWrite = Pick<SubmissionRow, 'answers' | 'figures_at' | 'status' | 'saved_by' | 'saved_by_name'>
  & Partial<Pick<SubmissionRow, 'revision' | 'submitted_at' | 'late' | 'returned_at' | 'return_reason'>>;

export async function insertSubmissionInTrx(trx: Trx, requestId: number, unitId: number, w: SubmissionWrite): Promise<number> {
  const { id } = await reportsDb(trx).insertInto('report_submissions')
    .values({ request_id: requestId, unit_id: unitId, ...w, answers: json(w.answers), submitted_at: w.submitted_at ?? null, late: w.late ?? null, returned_at: w.returned_at ?? null, return_reason: w.return_reason ?? null })
    .returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

/** Every change bumps the version; false when the row is no longer at `version`. */
export async function updateSubmissionInTrx(trx: Trx, id: number, version: number, w: Partial<SubmissionWrite>): Promise<boolean> {
  const r = await reportsDb(trx).updateTable('report_submissions')
    .set({ ...w, ...(w.answers ? { answers: json(w.answers), saved_at: sql`now()` } : {}), version: sql`version + 1` })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Submitted versions.

export async function insertVersionInTrx(trx: Trx, v: Omit<Selectable<PeriodicReportsTables['report_submission_versions']>, 'id' | 'answers' | 'returned_at' | 'returned_by' | 'returned_by_name' | 'return_reason'> & { answers: Answers }): Promise<void> {
  await reportsDb(trx).insertInto('report_submission_versions').values({ ...v, answers: json(v.answers), returned_at: null, returned_by: null, returned_by_name: null, return_reason: null }).execute();
}

const VERSION_COLUMNS = ['id', 'submission_id', 'request_id', 'unit_id', 'revision', 'answers', 'figures_at', 'submitted_by', 'submitted_by_name', 'submitted_at', 'late', 'pdf_sha256', 'signer', 'signed_public_id', 'returned_at', 'returned_by', 'returned_by_name', 'return_reason'] as const;

/** Every submission of a unit for a request, newest first (without the PDFs). */
export async function listVersions(db: Db | Trx, requestId: number, unitId: number): Promise<VersionRow[]> {
  const rows = await reportsDb(db).selectFrom('report_submission_versions').select(VERSION_COLUMNS).where('request_id', '=', requestId).where('unit_id', '=', unitId).orderBy('revision', 'desc').execute();
  return rows.map(withAnswers);
}

export async function findVersionPdf(db: Db | Trx, requestId: number, unitId: number, revision: number): Promise<{ pdf: Uint8Array; pdf_sha256: string } | undefined> {
  return reportsDb(db).selectFrom('report_submission_versions').select(['pdf', 'pdf_sha256']).where('request_id', '=', requestId).where('unit_id', '=', unitId).where('revision', '=', revision).executeTakeFirst();
}

export async function markVersionReturnedInTrx(trx: Trx, submissionId: number, revision: number, r: { at: Date; by: number; byName: string; reason: string }): Promise<void> {
  await reportsDb(trx).updateTable('report_submission_versions').set({ returned_at: r.at, returned_by: r.by, returned_by_name: r.byName, return_reason: r.reason })
    .where('submission_id', '=', submissionId).where('revision', '=', revision).execute();
}
