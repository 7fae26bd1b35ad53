/**
 * Case files (hồ sơ công việc) of a unit:
 *  - `/admin/units/:unitId/case-files` — by year and status, with retention; open a new one (documents.handle);
 *  - `/admin/units/:unitId/case-files/:caseFileId` — its documents; add one, close the file when the work is done;
 *  - `POST /admin/units/:unitId/documents/:documentId/case-file` — add a document from its page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField, errorSummary } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { listOfficialsOfUnit } from '../../identity/index.ts';
import { addToCaseFile, closeCaseFile, createCaseFile, keptUntil } from '../case-files.ts';
import type { CaseFileInput, CaseFileProblems } from '../case-files.ts';
import { documentsToFile, findCaseFile, listCaseFileDocuments, listCaseFileYears, listCaseFiles } from '../case-files-store.ts';
import type { CaseFileRow } from '../case-files-store.ts';
import type { DocumentsContext } from '../context.ts';
import { vietnamYear } from '../domain/numbering.ts';
import { dayText, documentHref, ownUnitWho, typeName, unitDocument, when } from './incoming-shared.ts';
import type { T } from './incoming-shared.ts';
import { documentTabs, tabHref } from './tabs.ts';

export const caseFileHref = (unitId: number, id: number) => `${tabHref(unitId, 'files')}/${id}`;
const RETENTIONS = ['permanent', '70', '50', '20', '15', '10', '5', '2'] as const;

const canHandle = (request: FastifyRequest, unitId: number) => request.actor?.kind === 'official' && request.actor.unitId === unitId && request.actor.permissions.has('documents.handle');

export function retentionText(t: T, f: Pick<CaseFileRow, 'retention_years' | 'year' | 'closed_at'>): string {
  if (f.retention_years === null) return t('documents.exchange.case.permanent');
  return t('documents.exchange.case.retention_years', { years: Number(f.retention_years), until: keptUntil(f)! });
}

const statusBadge = (t: T, status: 'open' | 'closed') => html`<span class="badge ${status === 'open' ? 'status-6' : 'status-9'}" data-case-status="${status}">${t(`documents.exchange.case.status.${status}` as MessageKey)}</span>`;

async function createForm(ctx: DocumentsContext, request: FastifyRequest, unitId: number, values: CaseFileInput, problems: CaseFileProblems): Promise<SafeHtml> {
  const t = request.t;
  const officials = (await listOfficialsOfUnit(ctx.db, unitId)).filter((o) => !o.disabled);
  const field = (name: keyof CaseFileInput, label: MessageKey, control: SafeHtml) => html`<div class="field${problems[name] ? ' field-error' : ''}"><label for="f-${name}">${t(label)}</label>${problems[name] ? html`<p class="error-message">${t(problems[name]!)}</p>` : ''}${control}</div>`;
  const me = request.actor?.kind === 'official' ? String(request.actor.id) : '';
  const keeper = values.keeperId || me;
  return html`<section aria-labelledby="new-title"><h2 id="new-title">${t('documents.exchange.case.new')}</h2>
${errorSummary(t, problems as Record<string, MessageKey>)}
<form method="post" action="${tabHref(unitId, 'files')}" data-new-case-file>${csrfField(request.csrfToken())}
${field('code', 'documents.exchange.case.code', html`<input id="f-code" name="code" type="text" maxlength="50" required value="${values.code}">`)}
${field('title', 'documents.exchange.case.title_label', html`<input id="f-title" name="title" type="text" maxlength="500" required value="${values.title}">`)}
${field('year', 'documents.exchange.case.year', html`<input id="f-year" name="year" type="text" inputmode="numeric" maxlength="4" required value="${values.year}">`)}
${field('retention', 'documents.exchange.case.retention', html`<select id="f-retention" name="retention">${RETENTIONS.map((r) => html`<option value="${r}"${r === values.retention ? html` selected` : ''}>${r === 'permanent' ? t('documents.exchange.case.permanent') : t('documents.exchange.case.years', { years: r })}</option>`)}</select>`)}
${field('keeperId', 'documents.exchange.case.keeper', html`<select id="f-keeperId" name="keeperId">${officials.map((o) => html`<option value="${o.id}"${String(o.id) === keeper ? html` selected` : ''}>${o.fullName}</option>`)}</select>`)}
<button type="submit" class="button">${t('documents.exchange.case.create')}</button></form></section>`;
}

async function listPage(ctx: DocumentsContext, request: FastifyRequest, reply: FastifyReply, form?: { values: CaseFileInput; problems: CaseFileProblems }) {
  const t = request.t;
  const unitId = idParam(request, 'unitId');
  const query = request.query as Record<string, unknown>;
  const yearText = typeof query.year === 'string' && /^\d{4}$/.test(query.year) ? query.year : '';
  const status = query.status === 'open' || query.status === 'closed' ? query.status : undefined;
  const [files, years] = await Promise.all([listCaseFiles(ctx.db, unitId, { ...(yearText ? { year: Number(yearText) } : {}), ...(status ? { status } : {}) }), listCaseFileYears(ctx.db, unitId)]);
  const title = t('documents.exchange.case.list_title');
  const defaults: CaseFileInput = { code: '', title: '', year: String(vietnamYear(ctx.now())), retention: '10', keeperId: '' };
  const body = html`${documentTabs(request, unitId, 'files')}
<h1>${title}</h1>
<form method="get" action="${tabHref(unitId, 'files')}" class="filters"><div class="field"><label for="f-filter-year">${t('documents.exchange.case.year')}</label>
<select id="f-filter-year" name="year"><option value="">${t('documents.exchange.case.all_years')}</option>${years.map((y) => html`<option value="${y}"${String(y) === yearText ? html` selected` : ''}>${y}</option>`)}</select></div>
<div class="field"><label for="f-filter-status">${t('documents.exchange.case.status')}</label><select id="f-filter-status" name="status"><option value="">${t('documents.exchange.case.all_status')}</option>
${(['open', 'closed'] as const).map((s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${t(`documents.exchange.case.status.${s}`)}</option>`)}</select></div>
<button type="submit" class="button secondary">${t('documents.exchange.case.filter')}</button></form>
${files.length === 0 ? html`<p>${t('documents.exchange.case.none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="case-caption" tabindex="0"><table>
<caption id="case-caption" class="visually-hidden">${title}</caption>
<thead><tr><th scope="col">${t('documents.exchange.case.code')}</th><th scope="col">${t('documents.exchange.case.title_label')}</th><th scope="col">${t('documents.exchange.case.year')}</th><th scope="col">${t('documents.exchange.case.retention')}</th><th scope="col">${t('documents.exchange.case.keeper')}</th><th scope="col">${t('documents.exchange.case.documents')}</th><th scope="col">${t('documents.exchange.case.status')}</th></tr></thead>
<tbody>${files.map((f) => html`<tr data-case-file="${f.id}"><td><a href="${caseFileHref(unitId, Number(f.id))}">${f.code}</a></td><td>${f.title}</td><td>${f.year}</td><td>${retentionText(t, f)}</td><td>${f.keeper_name ?? ''}</td><td>${f.documents}</td><td>${statusBadge(t, f.status)}</td></tr>`)}</tbody></table></div>`}
${canHandle(request, unitId) ? await createForm(ctx, request, unitId, form?.values ?? defaults, form?.problems ?? {}) : ''}`;
  return reply.page({ title, body }, form ? 422 : 200);
}

async function filePage(ctx: DocumentsContext, request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  const unitId = idParam(request, 'unitId');
  const file = await findCaseFile(ctx.db, unitId, idParam(request, 'caseFileId'));
  if (!file) throw new AppError('error.not_found', 404);
  const id = Number(file.id);
  const docs = await listCaseFileDocuments(ctx.db, id);
  const editable = file.status === 'open' && canHandle(request, unitId);
  const choices = editable ? await documentsToFile(ctx.db, unitId, id) : [];
  const token = request.csrfToken();
  const label = (d: { direction: string; numberText: string | null; incomingNumber: number | null; incomingYear?: number | null }) =>
    d.direction === 'incoming' ? t('documents.exchange.case.incoming_label', { number: d.incomingNumber ?? '—', text: d.numberText ?? '' }) : (d.numberText ?? t('documents.exchange.case.unnumbered'));
  const title = `${file.code} — ${file.title}`;
  const body = html`${documentTabs(request, unitId, 'files')}
<p><a href="${tabHref(unitId, 'files')}">${t('documents.exchange.case.back')}</a></p>
<h1>${title}</h1>
<dl class="answers"><dt>${t('documents.exchange.case.year')}</dt><dd>${file.year}</dd>
<dt>${t('documents.exchange.case.retention')}</dt><dd data-retention>${retentionText(t, file)}</dd>
<dt>${t('documents.exchange.case.keeper')}</dt><dd>${file.keeper_name ?? ''}</dd>
<dt>${t('documents.exchange.case.status')}</dt><dd>${statusBadge(t, file.status)}${file.closed_at ? html` ${when(request, file.closed_at)}` : ''}</dd></dl>
<h2>${t('documents.exchange.case.documents')}</h2>
${docs.length === 0 ? html`<p>${t('documents.exchange.case.empty')}</p>` : html`<ol data-filed>${docs.map((d) => html`<li data-document="${d.id}"><a href="${documentHref(unitId, d.id)}">${typeName(d.typeCode)} ${label(d)}</a> — ${d.subject}${d.documentDate ? ` (${dayText(d.documentDate)})` : ''}</li>`)}</ol>`}
${editable && choices.length > 0 ? html`<form method="post" action="${caseFileHref(unitId, id)}/documents" data-add-document>${csrfField(token)}
<div class="field"><label for="f-document">${t('documents.exchange.case.add_document')}</label><select id="f-document" name="documentId">${choices.map((d) => html`<option value="${d.id}">${label(d)} — ${d.subject.slice(0, 120)}</option>`)}</select></div>
<button type="submit" class="button secondary">${t('documents.exchange.case.add')}</button></form>` : ''}
${editable ? html`<form method="post" action="${caseFileHref(unitId, id)}/close" data-close>${csrfField(token)}<p class="hint">${t('documents.exchange.case.close_hint')}</p><button type="submit" class="button">${t('documents.exchange.case.close')}</button></form>` : ''}`;
  return reply.page({ title, body });
}

const idOf = (text: string): number => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : 0);

export function caseFilePages(ctx: DocumentsContext) {
  return (app: App) => {
    const view = { config: { permission: 'documents.view' } };
    const handle = { config: { permission: 'documents.handle' } };
    app.get('/admin/units/:unitId/case-files', view, async (request, reply) => listPage(ctx, request, reply));
    app.get('/admin/units/:unitId/case-files/:caseFileId', view, async (request, reply) => filePage(ctx, request, reply));

    app.post('/admin/units/:unitId/case-files', handle, async (request, reply) => {
      const who = ownUnitWho(request);
      const unitId = idParam(request, 'unitId');
      const values: CaseFileInput = { code: formText(request, 'code', 200), title: formText(request, 'title', 2000), year: formText(request, 'year', 10).trim(), retention: formText(request, 'retention', 20).trim(), keeperId: formText(request, 'keeperId', 20).trim() };
      const made = await createCaseFile(ctx, who, auditActorOf(request), unitId, values);
      if (!made.ok) return listPage(ctx, request, reply, { values, problems: made.problems });
      return reply.redirectWithNotice(caseFileHref(unitId, made.id), 'documents.exchange.case.created');
    });

    app.post('/admin/units/:unitId/case-files/:caseFileId/documents', handle, async (request, reply) => {
      const who = ownUnitWho(request);
      const unitId = idParam(request, 'unitId');
      const caseFileId = idParam(request, 'caseFileId');
      const result = await addToCaseFile(ctx, who, auditActorOf(request), unitId, caseFileId, idOf(formText(request, 'documentId', 20)));
      return reply.redirectWithNotice(caseFileHref(unitId, caseFileId), result === 'added' ? 'documents.exchange.case.added' : 'documents.exchange.case.already');
    });

    app.post('/admin/units/:unitId/case-files/:caseFileId/close', handle, async (request, reply) => {
      ownUnitWho(request);
      const unitId = idParam(request, 'unitId');
      const caseFileId = idParam(request, 'caseFileId');
      await closeCaseFile(ctx, auditActorOf(request), unitId, caseFileId);
      return reply.redirectWithNotice(caseFileHref(unitId, caseFileId), 'documents.exchange.case.closed');
    });

    app.post('/admin/units/:unitId/documents/:documentId/case-file', handle, async (request, reply) => {
      const who = ownUnitWho(request);
      const doc = await unitDocument(ctx, request);
      const unitId = Number(doc.unit_id);
      const caseFileId = idOf(formText(request, 'caseFileId', 20));
      if (!(await findCaseFile(ctx.db, unitId, caseFileId))) throw new AppError('documents.exchange.case.error.unknown', 422);
      const result = await addToCaseFile(ctx, who, auditActorOf(request), unitId, caseFileId, Number(doc.id));
      return reply.redirectWithNotice(`${documentHref(unitId, Number(doc.id))}#exchange`, result === 'added' ? 'documents.exchange.case.added' : 'documents.exchange.case.already');
    });
  };
}
