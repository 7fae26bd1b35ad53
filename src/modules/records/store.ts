/** The records module's tables, and the only code that names them (with record-lists.ts, which lists records and counts the workqueues). */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { RecordChannel, RecordStatus } from './domain/status.ts';
import type { StoredContentType } from './domain/file-name.ts';
import type { Applicant, FormValues } from './domain/form-values.ts';
import type { PaymentChannel, PaymentMethod } from './domain/payment.ts';

export type OwnerKind = 'citizen' | 'official';
export type EventKind = 'status' | 'message' | 'supplement_request' | 'supplement' | 'withdrawal_request' | 'rating' | 'handover' | 'extension' | 'approval' | 'result' | 'payment';
/** A file of a record: the applicant's attachments and supplements, the desk's scans of paper, the result. */
export type FileKind = 'attachment' | 'supplement' | 'scan' | 'result';

export interface RecordsTables {
  record_drafts: {
    id: Generated<number>;
    public_id: string;
    unit_id: number;
    procedure_id: number;
    procedure_code: string;
    owner_kind: OwnerKind;
    owner_id: number;
    applicant: FormValues;
    form_data: FormValues;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  records: {
    id: Generated<number>;
    unit_id: number;
    code: string;
    procedure_id: number;
    procedure_code: string;
    procedure_name: string;
    status: RecordStatus;
    channel: RecordChannel;
    applicant_citizen_id: number | null;
    applicant_name: string;
    applicant_id_number: string;
    applicant_phone: string | null;
    applicant_email: string | null;
    applicant_address: string;
    form_data: FormValues;
    fee_amount: number;
    assisted_by_official_id: number | null;
    assisted_by_name: string | null;
    assisted_by_role: 'one_stop_officer' | 'digital_team_member' | null;
    draft_public_id: string | null;
    submitted_at: Generated<Date>;
    updated_at: Generated<Date>;
    withdrawal_requested_at: Date | null;
    withdrawal_reason: string | null;
    rating: number | null;
    rating_comment: string | null;
    rated_at: Date | null;
    received_at: Date | null;
    due_at: Date | null;
    original_due_at: Date | null;
    extended_at: Date | null;
    extension_reason: string | null;
    paused_at: Date | null;
    supplement_requests: Generated<number>;
    holder_official_id: number | null;
    holder_name: string | null;
    step_index: Generated<number>;
    step_started_at: Date | null;
    awaiting_approval: Generated<boolean>;
    decided_at: Date | null;
    decision_reason: string | null;
    returned_at: Date | null;
    returned_via: 'desk' | 'post' | 'electronic' | null;
    result_public_id: string | null;
    result_sealed_at: Date | null;
    /** The fee's payment (006_payment.sql, pay-record.ts): all four set together, once. */
    paid_at: Date | null;
    paid_amount: number | null;
    payment_channel: PaymentChannel | null;
    payment_method: PaymentMethod | null;
    /** Facts for the service-index indicators (007_indicator_facts.sql): set by the status change and at intake. */
    finished_at: Date | null;
    reused_data: Generated<boolean>;
    version: Generated<number>;
  };
  record_sequences: { unit_id: number; day: string; last_value: number };
  record_files: {
    id: Generated<number>;
    unit_id: number;
    draft_id: number | null;
    record_id: number | null;
    kind: FileKind;
    component_position: number | null;
    file_name: string;
    content_type: StoredContentType;
    size_bytes: number;
    sha256: string;
    data: Uint8Array;
    uploaded_by_kind: OwnerKind;
    uploaded_by_id: number;
    uploaded_at: Generated<Date>;
  };
  record_events: {
    id: Generated<number>;
    record_id: number;
    unit_id: number;
    kind: EventKind;
    from_status: RecordStatus | null;
    to_status: RecordStatus | null;
    author_kind: OwnerKind | 'system';
    author_id: number | null;
    author_name: string;
    body: string;
    at: Generated<Date>;
    to_official_id: number | null;
    to_name: string | null;
    step_result: 'early' | 'on_time' | 'late' | null;
  };
  record_submission_keys: { actor_key: string; key: string; request_hash: string; record_id: number; created_at: Generated<Date> };
}

export const recordsDb = (db: Db | Trx) => tables<RecordsTables>(db);
const json = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;

// --- drafts ----------------------------------------------------------------------------------------

export type DraftRow = Selectable<RecordsTables['record_drafts']>;

export interface Draft {
  id: number;
  publicId: string;
  unitId: number;
  procedureId: number;
  procedureCode: string;
  ownerKind: OwnerKind;
  ownerId: number;
  values: FormValues;
  updatedAt: Date;
}

const toDraft = (r: DraftRow): Draft => ({
  id: Number(r.id), publicId: r.public_id, unitId: Number(r.unit_id), procedureId: Number(r.procedure_id), procedureCode: r.procedure_code,
  ownerKind: r.owner_kind, ownerId: Number(r.owner_id), values: { ...r.applicant, ...r.form_data }, updatedAt: r.updated_at,
});

export async function insertDraftInTrx(trx: Trx, d: Omit<Draft, 'id' | 'updatedAt'> & { applicant: FormValues; answers: FormValues }): Promise<Draft> {
  const row = await recordsDb(trx).insertInto('record_drafts')
    .values({ public_id: d.publicId, unit_id: d.unitId, procedure_id: d.procedureId, procedure_code: d.procedureCode, owner_kind: d.ownerKind, owner_id: d.ownerId, applicant: json(d.applicant), form_data: json(d.answers) })
    .returningAll().executeTakeFirstOrThrow();
  return toDraft(row);
}

/** Saves the answers; the draft moves to the version of the procedure they were checked against. */
export async function updateDraftInTrx(trx: Trx, id: number, d: { unitId: number; procedureId: number; applicant: FormValues; answers: FormValues }): Promise<void> {
  await recordsDb(trx).updateTable('record_drafts').set({ unit_id: d.unitId, procedure_id: d.procedureId, applicant: json(d.applicant), form_data: json(d.answers), updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** A draft by its public id, only for its owner: anyone else gets nothing. */
export async function findOwnDraft(db: Db | Trx, publicId: string, owner: { kind: OwnerKind; id: number }, options: { forUpdate?: boolean } = {}): Promise<Draft | undefined> {
  let q = recordsDb(db).selectFrom('record_drafts').selectAll().where('public_id', '=', publicId).where('owner_kind', '=', owner.kind).where('owner_id', '=', owner.id);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toDraft(row) : undefined;
}

export async function listOwnDrafts(db: Db | Trx, owner: { kind: OwnerKind; id: number }, limit = 20): Promise<Draft[]> {
  const rows = await recordsDb(db).selectFrom('record_drafts').selectAll().where('owner_kind', '=', owner.kind).where('owner_id', '=', owner.id).orderBy('updated_at', 'desc').limit(limit).execute();
  return rows.map(toDraft);
}

export async function deleteDraftInTrx(trx: Trx, id: number): Promise<void> {
  await recordsDb(trx).deleteFrom('record_drafts').where('id', '=', id).execute();
}

export async function countDraftsOf(db: Db | Trx, owner: { kind: OwnerKind; id: number }): Promise<number> {
  const row = await recordsDb(db).selectFrom('record_drafts').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_kind', '=', owner.kind).where('owner_id', '=', owner.id).executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- files -----------------------------------------------------------------------------------------

export interface StoredFileInfo {
  id: number;
  kind: FileKind;
  componentPosition: number | null;
  fileName: string;
  contentType: StoredContentType;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

const FILE_INFO = ['id', 'kind', 'component_position', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_at'] as const;
const toFileInfo = (r: Pick<Selectable<RecordsTables['record_files']>, (typeof FILE_INFO)[number]>): StoredFileInfo => ({
  id: Number(r.id), kind: r.kind, componentPosition: r.component_position, fileName: r.file_name, contentType: r.content_type, sizeBytes: r.size_bytes, sha256: r.sha256, uploadedAt: r.uploaded_at,
});

export async function insertFileInTrx(trx: Trx, f: { unitId: number; draftId?: number; recordId?: number; kind: FileKind; componentPosition: number | null; fileName: string; contentType: StoredContentType; data: Uint8Array; sha256: string; by: { kind: OwnerKind; id: number } }): Promise<number> {
  const { id } = await recordsDb(trx).insertInto('record_files').values({
    unit_id: f.unitId, draft_id: f.draftId ?? null, record_id: f.recordId ?? null, kind: f.kind, component_position: f.componentPosition, file_name: f.fileName,
    content_type: f.contentType, size_bytes: f.data.length, sha256: f.sha256, data: f.data, uploaded_by_kind: f.by.kind, uploaded_by_id: f.by.id,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

/** The record's result file gets new bytes: the same signed PDF with a later signature (the seal) added. */
export async function replaceResultFileInTrx(trx: Trx, recordId: number, data: Uint8Array, sha256: string): Promise<void> {
  await recordsDb(trx).updateTable('record_files').set({ data, sha256, size_bytes: data.length }).where('record_id', '=', recordId).where('kind', '=', 'result').execute();
}

export async function listDraftFiles(db: Db | Trx, draftId: number): Promise<StoredFileInfo[]> {
  return (await recordsDb(db).selectFrom('record_files').select(FILE_INFO).where('draft_id', '=', draftId).orderBy('id').execute()).map(toFileInfo);
}

export async function listRecordFiles(db: Db | Trx, recordId: number): Promise<StoredFileInfo[]> {
  return (await recordsDb(db).selectFrom('record_files').select(FILE_INFO).where('record_id', '=', recordId).orderBy('id').execute()).map(toFileInfo);
}

export async function totalDraftBytes(db: Db | Trx, draftId: number): Promise<{ files: number; bytes: number }> {
  const row = await recordsDb(db).selectFrom('record_files').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), sql<number>`0`).as('bytes')]).where('draft_id', '=', draftId).executeTakeFirstOrThrow();
  return { files: Number(row.n), bytes: Number(row.bytes) };
}

export async function deleteDraftFileInTrx(trx: Trx, draftId: number, fileId: number): Promise<boolean> {
  const result = await recordsDb(trx).deleteFrom('record_files').where('draft_id', '=', draftId).where('id', '=', fileId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function moveDraftFilesInTrx(trx: Trx, draftId: number, recordId: number, unitId: number): Promise<void> {
  await recordsDb(trx).updateTable('record_files').set({ draft_id: null, record_id: recordId, unit_id: unitId }).where('draft_id', '=', draftId).execute();
}

/** A file's bytes, when it belongs to the given draft or record. */
export async function readFile(db: Db | Trx, owner: { draftId: number } | { recordId: number }, fileId: number): Promise<(StoredFileInfo & { data: Uint8Array }) | undefined> {
  let q = recordsDb(db).selectFrom('record_files').select([...FILE_INFO, 'data']).where('id', '=', fileId);
  q = 'draftId' in owner ? q.where('draft_id', '=', owner.draftId) : q.where('record_id', '=', owner.recordId);
  const row = await q.executeTakeFirst();
  return row ? { ...toFileInfo(row), data: row.data } : undefined;
}

// --- records ---------------------------------------------------------------------------------------

export type RecordRow = Selectable<RecordsTables['records']>;

/** The next number of the agency's day, taken under the row's lock: concurrent submissions never share one. */
export async function nextSequenceInTrx(trx: Trx, unitId: number, day: string): Promise<number> {
  const row = await recordsDb(trx).insertInto('record_sequences').values({ unit_id: unitId, day, last_value: 1 })
    .onConflict((oc) => oc.columns(['unit_id', 'day']).doUpdateSet({ last_value: sql`record_sequences.last_value + 1` }))
    .returning('last_value').executeTakeFirstOrThrow();
  return Number(row.last_value);
}

export interface NewRecord {
  unitId: number;
  code: string;
  procedureId: number;
  procedureCode: string;
  procedureName: string;
  channel: RecordChannel;
  applicantCitizenId: number | null;
  applicant: Applicant;
  answers: FormValues;
  feeAmount: number;
  assistedBy: { id: number; name: string; role: 'one_stop_officer' | 'digital_team_member' } | null;
  draftPublicId: string | null;
}

export async function insertRecordInTrx(trx: Trx, r: NewRecord): Promise<RecordRow> {
  return recordsDb(trx).insertInto('records').values({
    unit_id: r.unitId, code: r.code, procedure_id: r.procedureId, procedure_code: r.procedureCode, procedure_name: r.procedureName, status: 1, channel: r.channel,
    applicant_citizen_id: r.applicantCitizenId, applicant_name: r.applicant.name, applicant_id_number: r.applicant.idNumber, applicant_phone: r.applicant.phone || null,
    applicant_email: r.applicant.email, applicant_address: r.applicant.address, form_data: json(r.answers), fee_amount: r.feeAmount,
    assisted_by_official_id: r.assistedBy?.id ?? null, assisted_by_name: r.assistedBy?.name ?? null, assisted_by_role: r.assistedBy?.role ?? null,
    draft_public_id: r.draftPublicId, withdrawal_requested_at: null, withdrawal_reason: null, rating: null, rating_comment: null, rated_at: null,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function findRecordByCode(db: Db | Trx, code: string, options: { forUpdate?: boolean } = {}): Promise<RecordRow | undefined> {
  let q = recordsDb(db).selectFrom('records').selectAll().where('code', '=', code);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findRecordById(db: Db | Trx, id: number, options: { forUpdate?: boolean } = {}): Promise<RecordRow | undefined> {
  let q = recordsDb(db).selectFrom('records').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findRecordByDraft(db: Db | Trx, draftPublicId: string): Promise<RecordRow | undefined> {
  return recordsDb(db).selectFrom('records').selectAll().where('draft_public_id', '=', draftPublicId).executeTakeFirst();
}

/** The columns a change may set; every change bumps `version`, which the back office's forms carry. */
export type RecordChanges = Partial<Omit<RecordRow, 'id' | 'unit_id' | 'code' | 'procedure_id' | 'procedure_code' | 'procedure_name' | 'submitted_at' | 'updated_at' | 'version' | 'form_data' | 'supplement_requests'>> & { supplement_requests?: number };

export async function updateRecordInTrx(trx: Trx, id: number, changes: RecordChanges): Promise<void> {
  await recordsDb(trx).updateTable('records').set({ ...changes, updated_at: sql`now()`, version: sql`version + 1` }).where('id', '=', id).execute();
}

// --- events ----------------------------------------------------------------------------------------

export type EventRow = Selectable<RecordsTables['record_events']>;

export async function insertEventInTrx(trx: Trx, e: { recordId: number; unitId: number; kind: EventKind; fromStatus?: RecordStatus | null; toStatus?: RecordStatus | null; author: { kind: OwnerKind | 'system'; id: number | null; name: string }; body?: string; to?: { id: number; name: string }; stepResult?: 'early' | 'on_time' | 'late' | null }): Promise<void> {
  await recordsDb(trx).insertInto('record_events').values({
    record_id: e.recordId, unit_id: e.unitId, kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null,
    author_kind: e.author.kind, author_id: e.author.id, author_name: e.author.name, body: e.body ?? '',
    to_official_id: e.to?.id ?? null, to_name: e.to?.name ?? null, step_result: e.stepResult ?? null,
  }).execute();
}

/** Events after a cursor, in order, with their record: for adapters that mirror records elsewhere (the national portal). */
export async function listEventsAfter(db: Db | Trx, afterId: number, limit: number): Promise<(EventRow & { record_code: string })[]> {
  return recordsDb(db).selectFrom('record_events').innerJoin('records', 'records.id', 'record_events.record_id')
    .selectAll('record_events').select('records.code as record_code')
    .where('record_events.id', '>', afterId).orderBy('record_events.id').limit(limit).execute();
}

export async function listEvents(db: Db | Trx, recordId: number): Promise<EventRow[]> {
  return recordsDb(db).selectFrom('record_events').selectAll().where('record_id', '=', recordId).orderBy('id').execute();
}

// --- idempotency keys ------------------------------------------------------------------------------

/** Claims the key for a new record; false when the key is already taken (by an earlier or a concurrent request). */
export async function claimSubmissionKeyInTrx(trx: Trx, k: { actorKey: string; key: string; requestHash: string; recordId: number }): Promise<boolean> {
  const row = await recordsDb(trx).insertInto('record_submission_keys')
    .values({ actor_key: k.actorKey, key: k.key, request_hash: k.requestHash, record_id: k.recordId })
    .onConflict((oc) => oc.columns(['actor_key', 'key']).doNothing()).returning('record_id').executeTakeFirst();
  return row !== undefined;
}

export async function findSubmissionKey(db: Db | Trx, actorKey: string, key: string): Promise<{ requestHash: string; recordId: number } | undefined> {
  const row = await recordsDb(db).selectFrom('record_submission_keys').select(['request_hash', 'record_id']).where('actor_key', '=', actorKey).where('key', '=', key).executeTakeFirst();
  return row ? { requestHash: row.request_hash, recordId: Number(row.record_id) } : undefined;
}
