/**
 * Tasks (giao việc): a leader turns the handling of an incoming document into a task with its own deadline; the
 * assignee reports progress (0–100 %) and completes it. Every write is audited; reports and completion name the
 * version they saw (optimistic concurrency).
 */
import { AppError } from '../../platform/errors.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { DocumentsContext } from './context.ts';
import { MAX_NOTE, endOfVietnamDay, isDay, vietnamDay } from './domain/incoming-rules.ts';
import { officialsWith } from './incoming-process.ts';
import type { Who } from './incoming-process.ts';
import { documentsDb, findDocument, insertEventInTrx } from './store.ts';
import type { DocumentsTables } from './store.ts';
import type { Selectable } from 'kysely';

export type TaskRow = Selectable<DocumentsTables['tasks']>;
export type TaskReportRow = Selectable<DocumentsTables['task_reports']>;
export const MAX_TASK_TITLE = 500;

const bad = (code: 'task_title' | 'task_assignee' | 'due' | 'progress' | 'note' | 'state' | 'not_assignee', status: 400 | 403 | 409 = 400) => new AppError(`documents.incoming.error.${code}`, status);

/** A task from an incoming document being handled (assigned or in progress), for an official of the unit. */
export async function createTaskFromDocument(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, documentId: number, input: { assigneeId: number; title: string; dueDay: string }): Promise<number> {
  const title = input.title.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (title === '' || title.length > MAX_TASK_TITLE) throw bad('task_title');
  const assignee = (await officialsWith(ctx, unitId, 'documents.handle')).find((o) => o.id === input.assigneeId);
  if (!assignee) throw bad('task_assignee');
  const now = ctx.now();
  if (!isDay(input.dueDay) || input.dueDay < vietnamDay(now)) throw bad('due');
  return ctx.db.transaction().execute(async (trx) => {
    const doc = await findDocument(trx, documentId, { forUpdate: true });
    if (!doc || Number(doc.unit_id) !== unitId || doc.direction !== 'incoming') throw new AppError('documents.incoming.not_found', 404);
    if (doc.status !== 'assigned' && doc.status !== 'in_progress') throw bad('state', 409);
    const row = await documentsDb(trx).insertInto('tasks').values({
      unit_id: unitId, document_id: documentId, title, assignee_id: assignee.id, assignee_name: assignee.name, assigned_by_id: by.id, assigned_by_name: by.name, due_at: endOfVietnamDay(input.dueDay),
    }).returning('id').executeTakeFirstOrThrow();
    const id = Number(row.id);
    await insertEventInTrx(trx, { documentId, unitId, kind: 'task_created', author: by, to: assignee, body: `${title} — ${input.dueDay}`, at: now });
    await recordAuditInTrx(trx, audit, { action: 'documents.task_created', unitId, targetType: 'task', targetId: id, details: { document: documentId, assignee: assignee.id, due: input.dueDay } });
    return id;
  });
}

async function lockedTask(trx: Trx, unitId: number, taskId: number, version: number, by: Who): Promise<TaskRow> {
  const task = await documentsDb(trx).selectFrom('tasks').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
  if (!task || Number(task.unit_id) !== unitId) throw new AppError('documents.task.not_found', 404);
  if (Number(task.version) !== version) throw new AppError('documents.incoming.error.stale', 409);
  if (task.status !== 'open') throw bad('state', 409);
  if (Number(task.assignee_id) !== by.id) throw bad('not_assignee', 403);
  return task;
}

/** The assignee's progress report; 100 % does not complete the task by itself. */
export async function reportProgress(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, taskId: number, input: { version: number; progress: number | null; body: string }): Promise<void> {
  if (input.progress === null) throw bad('progress');
  const body = input.body.normalize('NFC').trim();
  if (body === '' || body.length > MAX_NOTE) throw bad('note');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const task = await lockedTask(trx, unitId, taskId, input.version, by);
    await documentsDb(trx).insertInto('task_reports').values({ task_id: taskId, unit_id: unitId, progress: input.progress!, body, author_id: by.id, author_name: by.name, at: now }).execute();
    await documentsDb(trx).updateTable('tasks').set({ progress: input.progress!, version: Number(task.version) + 1 }).where('id', '=', taskId).execute();
    await recordAuditInTrx(trx, audit, { action: 'documents.task_reported', unitId, targetType: 'task', targetId: taskId, details: { progress: input.progress } });
  });
}

/** The assignee completes the task (100 %), with a closing note. */
export async function completeTask(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, taskId: number, input: { version: number; body: string }): Promise<void> {
  const body = input.body.normalize('NFC').trim();
  if (body === '' || body.length > MAX_NOTE) throw bad('note');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const task = await lockedTask(trx, unitId, taskId, input.version, by);
    await documentsDb(trx).insertInto('task_reports').values({ task_id: taskId, unit_id: unitId, progress: 100, body, author_id: by.id, author_name: by.name, at: now }).execute();
    await documentsDb(trx).updateTable('tasks').set({ progress: 100, status: 'done', done_at: now, version: Number(task.version) + 1 }).where('id', '=', taskId).execute();
    await recordAuditInTrx(trx, audit, { action: 'documents.task_completed', unitId, targetType: 'task', targetId: taskId, details: { late: task.due_at.getTime() < now.getTime() } });
  });
}

// --- reading -----------------------------------------------------------------------------------------

export const TASK_TABS = ['mine', 'assigned', 'overdue', 'done'] as const;
export type TaskTab = (typeof TASK_TABS)[number];

function tabQuery(db: Db, unitId: number, tab: TaskTab, me: number, now: Date) {
  let q = documentsDb(db).selectFrom('tasks').where('unit_id', '=', unitId);
  if (tab === 'mine') q = q.where('assignee_id', '=', me).where('status', '=', 'open');
  if (tab === 'assigned') q = q.where('assigned_by_id', '=', me).where('status', '=', 'open');
  if (tab === 'overdue') q = q.where('status', '=', 'open').where('due_at', '<', now);
  if (tab === 'done') q = q.where('status', '=', 'done').where((eb) => eb.or([eb('assignee_id', '=', me), eb('assigned_by_id', '=', me)]));
  return q;
}

/** Tasks of a unit for a tab: mine (open, assigned to me), assigned by me (open), overdue (open, past due, in the unit), done (mine or by me). */
export async function listTasks(db: Db, unitId: number, tab: TaskTab, me: number, now: Date, limit = 200): Promise<TaskRow[]> {
  return tabQuery(db, unitId, tab, me, now).selectAll().orderBy(tab === 'done' ? 'done_at' : 'due_at', tab === 'done' ? 'desc' : 'asc').orderBy('id').limit(limit).execute();
}

export async function countTasks(db: Db, unitId: number, me: number, now: Date): Promise<Record<TaskTab, number>> {
  const counts = await Promise.all(TASK_TABS.map(async (tab) => [tab, Number((await tabQuery(db, unitId, tab, me, now).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)] as const));
  return Object.fromEntries(counts) as Record<TaskTab, number>;
}

export async function findTask(db: Db, id: number): Promise<TaskRow | undefined> {
  return documentsDb(db).selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTaskReports(db: Db, taskId: number): Promise<TaskReportRow[]> {
  return documentsDb(db).selectFrom('task_reports').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
}

export async function listTasksOfDocument(db: Db, documentId: number): Promise<TaskRow[]> {
  return documentsDb(db).selectFrom('tasks').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
}
