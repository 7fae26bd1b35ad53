/**
 * Handling an incoming document (NĐ 30/2020 Art. 24): the clerk presents it to a leader; the leader fills the
 * phiếu giải quyết (main handler, co-handlers, followers, deadline, opinion); the handlers record opinions, the main
 * handler forwards it to another official or completes it. Every step is an event and an audit entry in one
 * transaction; a step that changes the state names the version it saw (optimistic concurrency: 409 when stale).
 */
import { AppError } from '../../platform/errors.ts';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { listOfficialsOfUnit, permissionsOf } from '../identity/index.ts';
import type { DocumentsContext } from './context.ts';
import { MAX_NOTE, endOfVietnamDay, isDay, vietnamDay } from './domain/incoming-rules.ts';
import { listAssignments } from './incoming-store.ts';
import { documentsDb, findDocument, insertEventInTrx } from './store.ts';
import type { DocumentRow, DocumentStatus, EventKind } from './store.ts';

export interface Who { id: number; name: string; permissions: ReadonlySet<string> }
export interface Person { id: number; name: string }

/** The active officials of a unit holding a permission (every active official when none is named). */
export async function officialsWith(ctx: DocumentsContext, unitId: number, permission?: string): Promise<Person[]> {
  const all = await listOfficialsOfUnit(ctx.db, unitId);
  return all.filter((o) => !o.disabled && (!permission || permissionsOf(o.roles).has(permission as never))).map((o) => ({ id: o.id, name: o.fullName }));
}

async function person(ctx: DocumentsContext, unitId: number, id: number, permission: string | undefined, problem: Parameters<typeof bad>[0]): Promise<Person> {
  const found = (await officialsWith(ctx, unitId, permission)).find((o) => o.id === id);
  if (!found) throw bad(problem);
  return found;
}

const bad = (code: 'leader' | 'main' | 'co' | 'due' | 'note' | 'target' | 'state' | 'not_handler', status: 400 | 403 | 409 = 400) => new AppError(`documents.incoming.error.${code}`, status);

function noteOf(text: string, required: boolean): string {
  const t = text.normalize('NFC').trim();
  if ((required && t === '') || t.length > MAX_NOTE) throw bad('note');
  return t;
}

/** The document, locked, in its unit, incoming, in one of the states, at the version the form showed. */
async function lockedIncoming(trx: Trx, unitId: number, documentId: number, states: readonly DocumentStatus[], version: number | null): Promise<DocumentRow> {
  const doc = await findDocument(trx, documentId, { forUpdate: true });
  if (!doc || Number(doc.unit_id) !== unitId || doc.direction !== 'incoming') throw new AppError('documents.incoming.not_found', 404);
  if (version !== null && Number(doc.version) !== version) throw new AppError('documents.incoming.error.stale', 409);
  if (!states.includes(doc.status)) throw bad('state', 409);
  return doc;
}

async function change(trx: Trx, doc: DocumentRow, set: Partial<Pick<DocumentRow, 'status' | 'holder_official_id' | 'holder_name' | 'due_at' | 'completed_at'>>, now: Date): Promise<void> {
  await documentsDb(trx).updateTable('documents').set({ ...set, updated_at: now, version: Number(doc.version) + 1 }).where('id', '=', Number(doc.id)).execute();
}

async function logStep(trx: Trx, audit: AuditActor, doc: DocumentRow, e: { kind: EventKind; by: Person; to?: Person; body: string; at: Date; details?: Record<string, unknown> }): Promise<void> {
  await insertEventInTrx(trx, { documentId: Number(doc.id), unitId: Number(doc.unit_id), kind: e.kind, author: e.by, ...(e.to ? { to: e.to } : {}), body: e.body, at: e.at });
  await recordAuditInTrx(trx, audit, { action: `documents.incoming_${e.kind}`, unitId: Number(doc.unit_id), targetType: 'document', targetId: Number(doc.id), details: { ...(e.to ? { to: e.to.id } : {}), ...e.details } });
}

/** The clerk presents a registered document to a leader (one who may assign). */
export async function presentDocument(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, documentId: number, input: { version: number; leaderId: number; note: string }): Promise<void> {
  const leader = await person(ctx, unitId, input.leaderId, 'documents.assign', 'leader');
  const note = noteOf(input.note, false);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockedIncoming(trx, unitId, documentId, ['registered'], input.version);
    await change(trx, doc, { status: 'presented', holder_official_id: leader.id, holder_name: leader.name }, now);
    await logStep(trx, audit, doc, { kind: 'presented', by, to: leader, body: note, at: now });
  });
}

export interface AssignInput { version: number; mainId: number; coIds: number[]; infoIds: number[]; dueDay: string; opinion: string }

/** The leader's part of the phiếu giải quyết: main handler, co-handlers, followers, deadline, opinion. */
export async function assignDocument(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, documentId: number, input: AssignInput): Promise<void> {
  const handlers = await officialsWith(ctx, unitId, 'documents.handle');
  const everyone = await officialsWith(ctx, unitId);
  const main = handlers.find((o) => o.id === input.mainId);
  if (!main) throw bad('main');
  const co = [...new Set(input.coIds)].filter((id) => id !== main.id).map((id) => handlers.find((o) => o.id === id));
  if (co.some((o) => !o)) throw bad('co');
  const coIds = new Set(co.map((o) => o!.id));
  const info = [...new Set(input.infoIds)].filter((id) => id !== main.id && !coIds.has(id)).map((id) => everyone.find((o) => o.id === id));
  if (info.some((o) => !o)) throw bad('co');
  const now = ctx.now();
  if (!isDay(input.dueDay) || input.dueDay < vietnamDay(now)) throw bad('due');
  const dueAt = endOfVietnamDay(input.dueDay);
  const opinion = noteOf(input.opinion, false);
  await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockedIncoming(trx, unitId, documentId, ['presented'], input.version);
    const ddb = documentsDb(trx);
    await ddb.deleteFrom('document_assignments').where('document_id', '=', documentId).execute();
    const rows = [{ o: main, role: 'main' as const }, ...co.map((o) => ({ o: o!, role: 'co' as const })), ...info.map((o) => ({ o: o!, role: 'info' as const }))];
    await ddb.insertInto('document_assignments').values(rows.map((r) => ({ document_id: documentId, unit_id: unitId, official_id: r.o.id, official_name: r.o.name, role: r.role, due_at: r.role === 'info' ? null : dueAt, completed_at: null }))).execute();
    await change(trx, doc, { status: 'assigned', holder_official_id: main.id, holder_name: main.name, due_at: dueAt }, now);
    await logStep(trx, audit, doc, { kind: 'assigned', by, to: main, body: opinion, at: now, details: { co: [...coIds], info: info.map((o) => o!.id), due: input.dueDay } });
  });
}

/** A handler's or a leader's opinion; the main handler's first one starts the work (assigned → in progress). */
export async function addOpinion(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, documentId: number, text: string): Promise<void> {
  const body = noteOf(text, true);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockedIncoming(trx, unitId, documentId, ['assigned', 'in_progress'], null);
    const mine = (await listAssignments(trx, documentId)).find((a) => a.officialId === by.id && a.completedAt === null);
    const mayHandle = !!mine && by.permissions.has('documents.handle');
    if (!mayHandle && !by.permissions.has('documents.assign')) throw bad('not_handler', 403);
    if (mine?.role === 'main' && doc.status === 'assigned') await change(trx, doc, { status: 'in_progress' }, now);
    await logStep(trx, audit, doc, { kind: 'opinion', by, body, at: now, details: { role: mine?.role ?? 'leader' } });
  });
}

async function mainOnly(trx: Trx, by: Who, documentId: number): Promise<void> {
  const mine = (await listAssignments(trx, documentId)).find((a) => a.officialId === by.id && a.role === 'main' && a.completedAt === null);
  if (!mine || !by.permissions.has('documents.handle')) throw bad('not_handler', 403);
}

/** The main handler passes the main handling to another official (who then holds it); the first stays as a co-handler. */
export async function forwardDocument(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, documentId: number, input: { version: number; toId: number; note: string }): Promise<void> {
  if (input.toId === by.id) throw bad('target');
  const target = await person(ctx, unitId, input.toId, 'documents.handle', 'target');
  const note = noteOf(input.note, true);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockedIncoming(trx, unitId, documentId, ['assigned', 'in_progress'], input.version);
    await mainOnly(trx, by, documentId);
    const ddb = documentsDb(trx);
    await ddb.updateTable('document_assignments').set({ role: 'co' }).where('document_id', '=', documentId).where('official_id', '=', by.id).execute();
    await ddb.deleteFrom('document_assignments').where('document_id', '=', documentId).where('official_id', '=', target.id).execute();
    await ddb.insertInto('document_assignments').values({ document_id: documentId, unit_id: unitId, official_id: target.id, official_name: target.name, role: 'main', due_at: doc.due_at, completed_at: null }).execute();
    await change(trx, doc, { status: 'in_progress', holder_official_id: target.id, holder_name: target.name }, now);
    await logStep(trx, audit, doc, { kind: 'forwarded', by, to: target, body: note, at: now });
  });
}

/** The main handler completes the document: its handling is done (completed_at), for every assignee. */
export async function completeDocument(ctx: DocumentsContext, by: Who, audit: AuditActor, unitId: number, documentId: number, input: { version: number; note: string }): Promise<void> {
  const note = noteOf(input.note, false);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockedIncoming(trx, unitId, documentId, ['assigned', 'in_progress'], input.version);
    await mainOnly(trx, by, documentId);
    await documentsDb(trx).updateTable('document_assignments').set({ completed_at: now }).where('document_id', '=', documentId).where('completed_at', 'is', null).execute();
    await change(trx, doc, { status: 'completed', completed_at: now }, now);
    const late = doc.due_at !== null && doc.due_at.getTime() < now.getTime();
    await logStep(trx, audit, doc, { kind: 'completed', by, body: note, at: now, details: { late } });
  });
}
