/**
 * Drafting pages and the steps of an outgoing document:
 *   GET  /admin/units/:unitId/documents/outgoing/new[?replyTo=<incoming id>]   the draft forms
 *   POST /admin/units/:unitId/documents/outgoing[/upload]                       a new draft (template | upload)
 *   GET  /admin/units/:unitId/documents/outgoing/:documentId/edit               the forms again, for a new version
 *   POST /admin/units/:unitId/documents/outgoing/:documentId/edit[/upload]      a new version
 *   POST /admin/units/:unitId/documents/outgoing/:documentId/step               submit, forward, return, approve, sign, issue
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import { maySee } from '../confidential.ts';
import type { DocumentsContext } from '../context.ts';
import { OUTGOING_ACTIONS } from '../domain/outgoing-rules.ts';
import type { OutgoingAction } from '../domain/outgoing-rules.ts';
import { createDraft, MAX_DRAFT_BYTES, saveDraftVersion } from '../outgoing-draft.ts';
import type { DraftResult, Who } from '../outgoing-draft.ts';
import { issueOutgoing, signOutgoing } from '../outgoing-issue.ts';
import { reviewStep } from '../outgoing-review.ts';
import { findOutgoingExtras, listOutgoingRecipients } from '../outgoing-store.ts';
import { findDocument } from '../store.ts';
import type { DocumentRow } from '../store.ts';
import { draftForms, emptyValues, postedValues, readDraftForm, valuesOf } from './outgoing-form.ts';
import type { FormValues } from './outgoing-form.ts';
import { documentTabs } from './tabs.ts';

const DRAFT = { permission: 'documents.draft' } as const;
const UPLOAD = { permission: 'documents.draft', multipart: true, maxUploadBytes: MAX_DRAFT_BYTES, maxFormFields: 120 } as const;
export const outgoingBase = (unitId: number | string) => `/admin/units/${unitId}/documents/outgoing`;
const documentHref = (unitId: number | string, id: number | string) => `/admin/units/${unitId}/documents/${id}`;

/** The official acting in the URL's own unit (officials above a commune read its documents, never act on them). */
function whoIn(request: FastifyRequest): Who {
  const a = request.actor;
  if (a?.kind !== 'official' || a.unitId !== idParam(request, 'unitId')) throw new AppError('error.forbidden', 403);
  return { id: a.id, name: a.name, permissions: a.permissions };
}

/** The outgoing document of the URL, in the URL's unit. */
async function outgoingOf(ctx: DocumentsContext, request: FastifyRequest): Promise<DocumentRow> {
  const doc = await findDocument(ctx.db, idParam(request, 'documentId'));
  if (!doc || Number(doc.unit_id) !== idParam(request, 'unitId') || doc.direction !== 'outgoing') throw new AppError('error.not_found', 404);
  const a = request.actor;
  if (!(await maySee(ctx.db, doc, a?.kind === 'official' ? a : null))) throw new AppError('error.not_found', 404);
  return doc;
}

/** The incoming document a reply answers: `?replyTo=` / the posted field, in this unit, or null. */
async function replyToOf(ctx: DocumentsContext, request: FastifyRequest, unitId: number, raw: string): Promise<DocumentRow | null> {
  if (raw === '') return null;
  if (!/^\d{1,15}$/.test(raw)) throw new AppError('documents.outgoing.error.reply_to', 400);
  const doc = await findDocument(ctx.db, Number(raw));
  if (!doc || Number(doc.unit_id) !== unitId || doc.direction !== 'incoming') throw new AppError('documents.outgoing.error.reply_to', 404);
  const a = request.actor;
  if (!(await maySee(ctx.db, doc, a?.kind === 'official' ? a : null))) throw new AppError('documents.outgoing.error.reply_to', 404);
  return doc;
}

async function formPage(ctx: DocumentsContext, request: FastifyRequest, reply: FastifyReply, o: { unitId: number; action: string; values: FormValues; hidden: SafeHtml; title: MessageKey; intro?: SafeHtml; problem?: string; status?: number }) {
  const t = request.t;
  const body = html`${documentTabs(request, o.unitId, 'outgoing')}<h1>${t(o.title)}</h1>${o.intro ?? ''}
${o.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${o.problem}</p></div>` : ''}
${await draftForms(ctx, request, o.unitId, o.action, o.values, o.hidden)}`;
  return reply.page({ title: t(o.title), body }, o.status ?? 200);
}

export function outgoingDraftPages(ctx: DocumentsContext) {
  const unitOf = async (request: FastifyRequest) => {
    const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
    if (!unit) throw new AppError('error.not_found', 404);
    return unit;
  };

  const newForm = async (request: FastifyRequest, reply: FastifyReply, replyToRaw: string, values: FormValues, problem?: string, status?: number) => {
    const unitId = idParam(request, 'unitId');
    const original = await replyToOf(ctx, request, unitId, replyToRaw);
    const hidden = original ? html`<input type="hidden" name="replyTo" value="${original.id}">` : html``;
    const intro = original ? html`<p data-reply-to="${original.id}">${request.t('documents.outgoing.reply_to', { subject: original.subject })}</p>` : html``;
    return formPage(ctx, request, reply, { unitId, action: outgoingBase(unitId), values, hidden, title: 'documents.outgoing.new_title', intro, ...(problem ? { problem } : {}), ...(status ? { status } : {}) });
  };

  const create = (source: 'template' | 'upload') => async (request: FastifyRequest, reply: FastifyReply) => {
    const who = whoIn(request);
    const unit = await unitOf(request);
    const replyToRaw = formText(request, 'replyTo', 20).trim();
    const original = await replyToOf(ctx, request, unit.id, replyToRaw);
    const input = await readDraftForm(ctx, request, unit.id, source, original ? Number(original.id) : null);
    const result: DraftResult = 'error' in input ? { ok: false, ...input } : await createDraft(ctx, who, auditActorOf(request), unit, input);
    if (!result.ok) return newForm(request, reply, replyToRaw, postedValues(request), request.t(result.error, result.params), 400);
    return reply.redirectWithNotice(documentHref(unit.id, result.id), 'documents.outgoing.created');
  };

  const editForm = async (request: FastifyRequest, reply: FastifyReply, doc: DocumentRow, values?: FormValues, problem?: string, status?: number) => {
    const unitId = Number(doc.unit_id);
    const [{ template }, recipients] = await Promise.all([findOutgoingExtras(ctx.db, Number(doc.id)), listOutgoingRecipients(ctx.db, Number(doc.id))]);
    const hidden = html`<input type="hidden" name="version" value="${doc.version}">`;
    const intro = html`<p><a href="${documentHref(unitId, doc.id)}">${doc.subject}</a></p>`;
    return formPage(ctx, request, reply, { unitId, action: `${outgoingBase(unitId)}/${doc.id}/edit`, values: values ?? valuesOf(doc, template, recipients), hidden, title: 'documents.outgoing.edit_title', intro, ...(problem ? { problem } : {}), ...(status ? { status } : {}) });
  };

  const save = (source: 'template' | 'upload') => async (request: FastifyRequest, reply: FastifyReply) => {
    const who = whoIn(request);
    const doc = await outgoingOf(ctx, request);
    const unit = await unitOf(request);
    const version = versionOf(request);
    const input = await readDraftForm(ctx, request, unit.id, source, doc.reply_to_id === null ? null : Number(doc.reply_to_id));
    const result: DraftResult = 'error' in input ? { ok: false, ...input } : await saveDraftVersion(ctx, who, auditActorOf(request), unit, doc, version, input);
    if (!result.ok) {
      const status = result.error === 'documents.outgoing.error.stale' ? 409 : result.error === 'documents.outgoing.error.not_allowed' ? 403 : 400;
      return editForm(request, reply, doc, postedValues(request), request.t(result.error, result.params), status);
    }
    return reply.redirectWithNotice(documentHref(unit.id, doc.id), 'documents.outgoing.saved');
  };

  return (app: App) => {
    app.get(`${outgoingBase(':unitId')}/new`, {
      config: DRAFT,
      schema: { querystring: Type.Object({ replyTo: Type.Optional(Type.String({ maxLength: 20 })) }) },
    }, async (request, reply) => {
      whoIn(request);
      const replyTo = ((request.query as { replyTo?: string }).replyTo ?? '').trim();
      // A reply is most often a công văn; a new document starts as a decision.
      return newForm(request, reply, replyTo, { ...emptyValues(), ...(replyTo !== '' ? { type: 'CV' } : {}) });
    });
    app.post(outgoingBase(':unitId'), { config: DRAFT }, create('template'));
    app.post(`${outgoingBase(':unitId')}/upload`, { config: UPLOAD }, create('upload'));

    app.get(`${outgoingBase(':unitId')}/:documentId/edit`, { config: DRAFT }, async (request, reply) => {
      whoIn(request);
      return editForm(request, reply, await outgoingOf(ctx, request));
    });
    app.post(`${outgoingBase(':unitId')}/:documentId/edit`, { config: DRAFT }, save('template'));
    app.post(`${outgoingBase(':unitId')}/:documentId/edit/upload`, { config: UPLOAD }, save('upload'));

    app.post(`${outgoingBase(':unitId')}/:documentId/step`, { config: { permission: 'documents.view' } }, async (request, reply) => {
      const who = whoIn(request);
      const doc = await outgoingOf(ctx, request);
      const action = formText(request, 'action', 20) as OutgoingAction;
      if (!OUTGOING_ACTIONS.includes(action) || action === 'save') throw new AppError('documents.outgoing.error.action', 400);
      const version = versionOf(request);
      const audit = auditActorOf(request);
      const id = Number(doc.id);
      const result = action === 'sign' ? await signOutgoing(ctx, who, audit, id, version)
        : action === 'issue' ? await issueOutgoing(ctx, who, audit, id, version)
          : await reviewStep(ctx, who, audit, id, version, action, { toId: Number(formText(request, 'to', 20)) || 0, comment: formText(request, 'comment', 4000) });
      if (!result.ok) {
        const status = result.error === 'documents.outgoing.error.stale' ? 409 : result.error === 'documents.outgoing.error.not_allowed' ? 403 : 400;
        throw new AppError(result.error, status, result.params);
      }
      const number = 'numberText' in result && typeof result.numberText === 'string' ? result.numberText : '';
      return reply.redirectWithNotice(documentHref(doc.unit_id, id), `documents.outgoing.done.${action}` as MessageKey, { number });
    });
  };
}

/** The version a form saw; a missing or malformed one is a 400. */
function versionOf(request: FastifyRequest): number {
  const v = formText(request, 'version', 12).trim();
  if (!/^\d{1,9}$/.test(v)) throw new AppError('error.invalid_request', 400, { detail: 'version' });
  return Number(v);
}
