/**
 * The review and approval chain of an outgoing document: the drafter submits it to a reviewer or straight to a
 * leader; the holder forwards it up, or returns it to the drafter with a comment; a leader (documents.approve)
 * approves it. Each step is an event and an audit entry, under the document's row lock and its version.
 */
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { listOfficialsOfUnit, permissionsOf } from '../identity/index.ts';
import type { DocumentsContext } from './context.ts';
import { mayDo } from './domain/outgoing-rules.ts';
import type { OutgoingAction, OutgoingState } from './domain/outgoing-rules.ts';
import type { Who } from './outgoing-draft.ts';
import { documentsDb, findDocument, insertEventInTrx } from './store.ts';
import type { DocumentRow, EventKind, OutgoingStatus } from './store.ts';

export const MAX_COMMENT = 2000;

export type StepResult = { ok: true } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

export const stateOf = (doc: DocumentRow): OutgoingState => ({
  status: doc.status as OutgoingStatus,
  createdById: doc.created_by_id === null ? null : Number(doc.created_by_id),
  holderId: doc.holder_official_id === null ? null : Number(doc.holder_official_id),
});

/** Who may receive it: the unit's officials who review or approve documents (documents.approve or documents.handle), but the sender. */
export async function reviewersOf(ctx: DocumentsContext, unitId: number, exceptId: number): Promise<{ id: number; name: string; approves: boolean }[]> {
  const officials = await listOfficialsOfUnit(ctx.db, unitId);
  return officials
    .filter((o) => !o.disabled && o.id !== exceptId)
    .map((o) => ({ o, p: permissionsOf(o.roles) }))
    .filter(({ p }) => p.has('documents.approve') || p.has('documents.handle'))
    .map(({ o, p }) => ({ id: o.id, name: o.fullName, approves: p.has('documents.approve') }));
}

/** The unit's leaders (documents.approve): who may sign. */
export async function leadersOf(ctx: DocumentsContext, unitId: number): Promise<{ id: number; name: string; position: string; roles: readonly string[] }[]> {
  const officials = await listOfficialsOfUnit(ctx.db, unitId);
  return officials.filter((o) => !o.disabled && permissionsOf(o.roles).has('documents.approve')).map((o) => ({ id: o.id, name: o.fullName, position: o.position, roles: o.roles }));
}

type ReviewAction = Extract<OutgoingAction, 'submit' | 'forward' | 'return' | 'approve'>;

const EVENTS: Record<ReviewAction, EventKind> = { submit: 'submitted', forward: 'forwarded', return: 'sent_back', approve: 'approved' };
const AUDIT: Record<ReviewAction, string> = {
  submit: 'documents.outgoing_submitted', forward: 'documents.outgoing_forwarded', return: 'documents.outgoing_returned', approve: 'documents.outgoing_approved',
};

export async function reviewStep(ctx: DocumentsContext, who: Who, audit: AuditActor, documentId: number, version: number, action: ReviewAction, input: { toId?: number; comment: string }): Promise<StepResult> {
  const comment = input.comment.trim();
  if (comment.length > MAX_COMMENT) return { ok: false, error: 'documents.outgoing.error.comment_long' };
  if (action === 'return' && comment === '') return { ok: false, error: 'documents.outgoing.error.comment_required' };
  const doc = await findDocument(ctx.db, documentId);
  if (!doc || doc.direction !== 'outgoing' || !mayDo(stateOf(doc), who, action)) return { ok: false, error: 'documents.outgoing.error.not_allowed' };
  if (Number(doc.version) !== version) return { ok: false, error: 'documents.outgoing.error.stale' };
  let to: { id: number; name: string } | undefined;
  if (action === 'submit' || action === 'forward') {
    to = (await reviewersOf(ctx, Number(doc.unit_id), who.id)).find((r) => r.id === input.toId);
    if (!to) return { ok: false, error: 'documents.outgoing.error.receiver' };
  }
  if (action === 'approve' && doc.signer_name && doc.signer_name !== who.name) return { ok: false, error: 'documents.outgoing.error.not_the_signer', params: { name: doc.signer_name } };
  return ctx.db.transaction().execute(async (trx): Promise<StepResult> => {
    const now = await findDocument(trx, documentId, { forUpdate: true });
    if (!now) return { ok: false, error: 'documents.outgoing.error.not_allowed' };
    if (Number(now.version) !== version) return { ok: false, error: 'documents.outgoing.error.stale' };
    if (!mayDo(stateOf(now), who, action)) return { ok: false, error: 'documents.outgoing.error.not_allowed' };
    const unitId = Number(now.unit_id);
    let status: OutgoingStatus;
    let holder: { id: number; name: string };
    if (action === 'return') {
      status = 'drafting';
      holder = { id: Number(now.created_by_id), name: now.created_by_name };
      to = holder;
    } else if (action === 'approve') {
      status = 'approved';
      holder = { id: who.id, name: who.name };
    } else {
      status = 'in_review';
      holder = to!;
    }
    await documentsDb(trx).updateTable('documents').set({ status, holder_official_id: holder.id, holder_name: holder.name, updated_at: ctx.now(), version: version + 1 }).where('id', '=', documentId).execute();
    await insertEventInTrx(trx, { documentId, unitId, kind: EVENTS[action], author: who, ...(to ? { to } : {}), body: comment, at: ctx.now() });
    await recordAuditInTrx(trx, audit, { action: AUDIT[action], unitId, targetType: 'document', targetId: documentId, details: { from: now.status, to: status, ...(to ? { holder: to.id } : {}) } });
    return { ok: true };
  });
}
