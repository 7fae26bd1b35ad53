/** Queries of incoming documents: the workqueues and their counts, the incoming register, the backlog, files, assignments. */
import { visibleCondition } from './confidential.ts';
import type { Viewer } from './confidential.ts';
import { sql } from 'kysely';
import type { ExpressionBuilder } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { DUE_SOON_HOURS } from './domain/incoming-rules.ts';
import type { Queue } from './domain/incoming-rules.ts';
import { documentsDb } from './store.ts';
import type { AssignmentRole, DocumentRow, DocumentsTables } from './store.ts';

type Eb = ExpressionBuilder<DocumentsTables, 'documents'>;
const OPEN = ['registered', 'presented', 'assigned', 'in_progress'] as const;

function queueFilter(eb: Eb, q: Queue, me: number, now: Date) {
  const soon = new Date(now.getTime() + DUE_SOON_HOURS * 3600_000);
  const mine = eb.exists(eb.selectFrom('document_assignments as a').select(sql<number>`1`.as('one'))
    .whereRef('a.document_id', '=', 'documents.id').where('a.official_id', '=', me).where('a.role', 'in', ['main', 'co']).where('a.completed_at', 'is', null));
  switch (q) {
    case 'to_present': return eb('status', '=', 'registered');
    case 'to_assign': return eb.and([eb('status', '=', 'presented'), eb('holder_official_id', '=', me)]);
    case 'to_process': return eb.and([eb('status', 'in', ['assigned', 'in_progress']), mine]);
    case 'due_soon': return eb.and([eb('status', 'in', OPEN), eb('due_at', '>=', now), eb('due_at', '<', soon)]);
    case 'overdue': return eb.and([eb('status', 'in', OPEN), eb('due_at', '<', now)]);
    case 'completed': return eb('status', '=', 'completed');
    case 'returned': return eb('status', '=', 'returned');
    case 'all': return eb.lit(true);
  }
}

export type IncomingListRow = Pick<DocumentRow, 'id' | 'type_code' | 'subject' | 'number_text' | 'incoming_number' | 'incoming_year' | 'received_at' | 'sender_name' | 'status' | 'due_at' | 'holder_name' | 'urgency' | 'confidential' | 'completed_at'>;

export async function listIncoming(db: Db, unitId: number, q: Queue, me: number, now: Date, page: { limit: number; offset: number }, viewer?: Viewer): Promise<{ rows: IncomingListRow[]; total: number }> {
  let base = documentsDb(db).selectFrom('documents').where('unit_id', '=', unitId).where('direction', '=', 'incoming').where((eb) => queueFilter(eb, q, me, now));
  // Confidential documents only for those who may see them (confidential.ts).
  if (viewer) base = base.where(visibleCondition(viewer));
  const [rows, total] = await Promise.all([
    base.select(['id', 'type_code', 'subject', 'number_text', 'incoming_number', 'incoming_year', 'received_at', 'sender_name', 'status', 'due_at', 'holder_name', 'urgency', 'confidential', 'completed_at'])
      .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as IncomingListRow[], total: Number(total.n) };
}

export type QueueCounts = Record<Queue, number>;

export async function countQueues(db: Db, unitId: number, me: number, now: Date): Promise<QueueCounts> {
  const soon = new Date(now.getTime() + DUE_SOON_HOURS * 3600_000);
  const r = (await sql<Record<Queue, string>>`
    select count(*) filter (where status = 'registered') as to_present,
           count(*) filter (where status = 'presented' and holder_official_id = ${me}) as to_assign,
           count(*) filter (where status in ('assigned', 'in_progress') and exists (select 1 from document_assignments a
             where a.document_id = d.id and a.official_id = ${me} and a.role in ('main', 'co') and a.completed_at is null)) as to_process,
           count(*) filter (where status in ('registered', 'presented', 'assigned', 'in_progress') and due_at >= ${now} and due_at < ${soon}) as due_soon,
           count(*) filter (where status in ('registered', 'presented', 'assigned', 'in_progress') and due_at < ${now}) as overdue,
           count(*) filter (where status = 'completed') as completed,
           count(*) filter (where status = 'returned') as returned,
           count(*) as "all"
      from documents d where unit_id = ${unitId} and direction = 'incoming'`.execute(db)).rows[0]!;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as QueueCounts;
}

/** One line of the incoming register (sổ đăng ký văn bản đến), NĐ 30/2020 Phụ lục IV. */
export interface RegisterLine {
  id: number;
  receivedAt: Date;
  incomingNumber: number;
  senderName: string;
  numberText: string | null;
  documentDate: string | null;
  typeCode: string;
  subject: string;
  channel: string | null;
  /** The unit or person it went to: the main handler, else the leader it was presented to. */
  recipient: string | null;
  /** When it was passed on (presented to the leader). */
  passedAt: Date | null;
  /** Who took it, electronically (the leader it was presented to). */
  takenBy: string | null;
  /** The registration's note (the signature check, "bản giấy"). */
  note: string;
}

/** The register for the documents received between two days (Vietnam time, inclusive), in number order. */
export async function registerLines(db: Db, unitId: number, fromDay: string, toDay: string): Promise<RegisterLine[]> {
  const from = new Date(Date.parse(`${fromDay}T00:00:00+07:00`));
  const to = new Date(Date.parse(`${toDay}T23:59:59.999+07:00`));
  const rows = (await sql<{ id: string; received_at: Date; incoming_number: number; sender_name: string | null; number_text: string | null; document_date: string | Date | null; type_code: string; subject: string; channel: string | null; main_name: string | null; presented_to: string | null; presented_at: Date | null; note: string | null }>`
    select d.id, d.received_at, d.incoming_number, d.sender_name, d.number_text, d.document_date, d.type_code, d.subject, d.channel,
           (select official_name from document_assignments a where a.document_id = d.id and a.role = 'main') as main_name,
           p.to_name as presented_to, p.at as presented_at,
           (select body from document_events r where r.document_id = d.id and r.kind = 'registered' order by r.id limit 1) as note
      from documents d
      left join lateral (select e.to_name, e.at from document_events e where e.document_id = d.id and e.kind = 'presented' order by e.id limit 1) p on true
     where d.unit_id = ${unitId} and d.direction = 'incoming' and d.incoming_number is not null and d.received_at between ${from} and ${to}
     order by d.incoming_year, d.incoming_number`.execute(db)).rows;
  return rows.map((r) => ({
    id: Number(r.id), receivedAt: r.received_at, incomingNumber: Number(r.incoming_number), senderName: r.sender_name ?? '', numberText: r.number_text,
    documentDate: r.document_date === null ? null : typeof r.document_date === 'string' ? r.document_date.slice(0, 10) : dayOf(r.document_date),
    typeCode: r.type_code, subject: r.subject, channel: r.channel, recipient: r.main_name ?? r.presented_to, passedAt: r.presented_at, takenBy: r.presented_to, note: r.note ?? '',
  }));
}

/** A `date` column as the driver gives it (PGlite and pg may give a Date at local midnight): its calendar day. */
export function dayOf(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  // pg gives local midnight, PGlite UTC midnight: whichever of the two this instant is.
  if (d.getHours() === 0 && d.getMinutes() === 0) return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return d.toISOString().slice(0, 10);
}

/** The backlog: per main handler (or holder), documents still open, and those of them past their deadline. */
export interface BacklogLine { officialId: number | null; name: string; open: number; overdue: number }

export async function backlog(db: Db, unitId: number, now: Date): Promise<BacklogLine[]> {
  const rows = (await sql<{ official_id: string | null; name: string | null; open: string; overdue: string }>`
    select coalesce(a.official_id, d.holder_official_id) as official_id, coalesce(a.official_name, d.holder_name) as name,
           count(*) as open, count(*) filter (where d.due_at < ${now}) as overdue
      from documents d left join document_assignments a on a.document_id = d.id and a.role = 'main'
     where d.unit_id = ${unitId} and d.direction = 'incoming' and d.status in ('registered', 'presented', 'assigned', 'in_progress')
     group by 1, 2 order by 4 desc, 3 desc, 2`.execute(db)).rows;
  return rows.map((r) => ({ officialId: r.official_id === null ? null : Number(r.official_id), name: r.name ?? '', open: Number(r.open), overdue: Number(r.overdue) }));
}

export interface AssignmentLine { officialId: number; name: string; role: AssignmentRole; dueAt: Date | null; completedAt: Date | null }

export async function listAssignments(db: Db | Trx, documentId: number): Promise<AssignmentLine[]> {
  const rows = await documentsDb(db).selectFrom('document_assignments').selectAll().where('document_id', '=', documentId).orderBy('role').orderBy('official_name').execute();
  return rows.map((r) => ({ officialId: Number(r.official_id), name: r.official_name, role: r.role, dueAt: r.due_at, completedAt: r.completed_at }));
}

export interface FileInfo { id: number; kind: string; version: number; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: Date }

export async function listFiles(db: Db, documentId: number): Promise<FileInfo[]> {
  const rows = await documentsDb(db).selectFrom('document_files').select(['id', 'kind', 'version', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_at'])
    .where('document_id', '=', documentId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, version: Number(r.version), fileName: r.file_name, contentType: r.content_type, sizeBytes: Number(r.size_bytes), sha256: r.sha256, uploadedAt: r.uploaded_at }));
}

export async function readDocumentFile(db: Db, documentId: number, fileId: number): Promise<{ fileName: string; contentType: string; data: Uint8Array } | undefined> {
  const r = await documentsDb(db).selectFrom('document_files').select(['file_name', 'content_type', 'data']).where('id', '=', fileId).where('document_id', '=', documentId).executeTakeFirst();
  return r ? { fileName: r.file_name, contentType: r.content_type, data: r.data } : undefined;
}
