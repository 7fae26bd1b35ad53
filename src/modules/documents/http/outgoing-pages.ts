/**
 * The outgoing workqueues and register:
 *   GET /admin/units/:unitId/documents/outgoing[?queue=mine|review|sign|issue|issued]
 *   GET /admin/units/:unitId/documents/outgoing/register[?year=2026&format=csv|xlsx|pdf] — sổ đăng ký văn bản đi
 *       (NĐ 30/2020 Phụ lục IV): số, ký hiệu | ngày | tên loại và trích yếu | người ký | nơi nhận | đơn vị, người
 *       nhận bản lưu | số lượng bản | ngày chuyển | ký nhận | ghi chú.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/form.ts';
import { sendExport, tableToCsv, tableToXlsx, tablesToPdf } from '../../../platform/exports/index.ts';
import type { DataTable, ExportFormat } from '../../../platform/exports/index.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { findUnit } from '../../tenancy/index.ts';
import type { DocumentsContext } from '../context.ts';
import { documentType } from '../domain/document-types.ts';
import { vietnamYear } from '../domain/numbering.ts';
import { listOutgoing, listOutgoingRegister, OUTGOING_QUEUES } from '../outgoing-store.ts';
import type { OutgoingQueue } from '../outgoing-store.ts';
import { outgoingBase } from './outgoing-draft-pages.ts';
import { documentTabs } from './tabs.ts';

const day = (d: string | null) => (d ? String(d).slice(0, 10).split('-').reverse().join('/') : '');
const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
const typeName = (code: string) => documentType(code)?.name ?? code;
const FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'pdf'];

/** The queues an official sees first: the clerk the ones to issue, a leader the ones to sign, others their drafts. */
function defaultQueue(request: FastifyRequest): OutgoingQueue {
  const p = request.actor?.kind === 'official' ? request.actor.permissions : new Set<string>();
  return p.has('documents.issue') ? 'issue' : p.has('documents.approve') ? 'sign' : 'mine';
}

export function outgoingPages(ctx: DocumentsContext) {
  return (app: App) => {
    app.get(outgoingBase(':unitId'), {
      config: { permission: 'documents.view' },
      schema: { querystring: Type.Object({ queue: Type.Optional(Type.String({ maxLength: 20 })) }) },
    }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const asked = (request.query as { queue?: string }).queue;
      if (asked !== undefined && !(OUTGOING_QUEUES as readonly string[]).includes(asked)) throw new AppError('error.invalid_request', 400, { detail: 'queue' });
      const queue = (asked as OutgoingQueue | undefined) ?? defaultQueue(request);
      const officialId = request.actor?.kind === 'official' ? request.actor.id : 0;
      const rows = await listOutgoing(ctx.db, unitId, queue, officialId, 100, request.actor?.kind === 'official' ? request.actor : undefined);
      const canDraft = request.actor?.kind === 'official' && request.actor.unitId === unitId && request.actor.permissions.has('documents.draft');
      const base = outgoingBase(unitId);
      const body = html`${documentTabs(request, unitId, 'outgoing')}<h1>${t('documents.outgoing.title')}</h1>
<p>${canDraft ? html`<a class="button" href="${base}/new">${t('documents.outgoing.new')}</a> ` : ''}<a class="button secondary" href="${base}/register">${t('documents.outgoing.register.link')}</a></p>
<nav class="queues" aria-label="${t('documents.outgoing.queues')}"><ul>${OUTGOING_QUEUES.map((q) => html`<li><a href="${base}?queue=${q}"${q === queue ? html` aria-current="page"` : ''}>${t(`documents.outgoing.queue.${q}` as MessageKey)}</a></li>`)}</ul></nav>
${rows.length === 0 ? html`<p data-empty>${t('documents.outgoing.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t(`documents.outgoing.queue.${queue}` as MessageKey)}" tabindex="0"><table class="doc-list">
<thead><tr><th scope="col">${t('documents.outgoing.col.number')}</th><th scope="col">${t('documents.outgoing.col.date')}</th><th scope="col">${t('documents.outgoing.col.type_subject')}</th><th scope="col">${t('documents.outgoing.col.status')}</th><th scope="col">${t('documents.outgoing.col.holder')}</th><th scope="col">${t('documents.outgoing.col.drafter')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr data-document="${r.id}"><td data-label="${t('documents.outgoing.col.number')}">${r.number_text ?? ''}</td><td data-label="${t('documents.outgoing.col.date')}">${r.document_date ? day(r.document_date) : formatDateTime(request.lang, r.updated_at)}</td><td class="doc-subject"><a href="/admin/units/${unitId}/documents/${r.id}">${typeName(r.type_code)}: ${r.subject}</a></td><td data-label="${t('documents.outgoing.col.status')}"><span class="badge" data-status="${r.status}">${t(`documents.outgoing.status.${r.status}` as MessageKey)}</span></td><td data-label="${t('documents.outgoing.col.holder')}">${r.holder_name ?? ''}</td><td data-label="${t('documents.outgoing.col.drafter')}">${r.created_by_name}</td></tr>`)}</tbody></table></div>`}`;
      return reply.page({ title: t('documents.outgoing.title'), body });
    });

    app.get(`${outgoingBase(':unitId')}/register`, {
      config: { permission: 'documents.view' },
      schema: { querystring: Type.Object({ year: Type.Optional(Type.String({ maxLength: 4 })), format: Type.Optional(Type.String({ maxLength: 5 })) }) },
    }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const q = request.query as { year?: string; format?: string };
      const year = q.year === undefined || q.year === '' ? vietnamYear(ctx.now()) : /^\d{4}$/.test(q.year) && Number(q.year) >= 2000 && Number(q.year) <= 2100 ? Number(q.year) : NaN;
      if (Number.isNaN(year)) throw new AppError('documents.outgoing.error.year', 400);
      if (q.format !== undefined && q.format !== '' && !(FORMATS as readonly string[]).includes(q.format)) throw new AppError('documents.outgoing.error.format', 400);
      const unit = await findUnit(ctx.db, unitId);
      const rows = await listOutgoingRegister(ctx.db, unitId, year);
      const keeper = t('documents.outgoing.register.keeper');
      const title = t('documents.outgoing.register.title', { year });
      const columns = [
        ['number', 'documents.outgoing.register.col.number'], ['date', 'documents.outgoing.register.col.date'], ['subject', 'documents.outgoing.register.col.subject'],
        ['signer', 'documents.outgoing.register.col.signer'], ['recipients', 'documents.outgoing.register.col.recipients'], ['keeper', 'documents.outgoing.register.col.keeper'],
        ['copies', 'documents.outgoing.register.col.copies'], ['sent', 'documents.outgoing.register.col.sent'], ['signed_for', 'documents.outgoing.register.col.signed_for'], ['note', 'documents.outgoing.register.col.note'],
      ] as const;
      const data = rows.map((r) => ({
        number: r.number_text ?? String(r.number), date: day(r.document_date), subject: `${typeName(r.type_code)}: ${r.subject}`, signer: r.signer_name ?? '',
        recipients: r.recipients, keeper, copies: r.copies + 1, sent: r.sent_at ? day(vietnamDay(r.sent_at)) : '', signed_for: '', note: '',
      }));
      if (q.format) {
        const table: DataTable = { title, subtitle: unit?.name ?? '', columns: columns.map(([key, label]) => ({ key, label: t(label), kind: key === 'copies' ? 'integer' : 'text' })), rows: data };
        const format = q.format as ExportFormat;
        const bodyBytes = format === 'csv' ? tableToCsv(table, { naText: '' }) : format === 'xlsx' ? await tableToXlsx([table], { naText: '' })
          : await tablesToPdf({ title, subtitle: unit?.name ?? '', generatedAt: t('documents.outgoing.register.generated', { at: formatDateTime(request.lang, ctx.now()) }), tables: [table], naText: '', lang: request.lang });
        return sendExport(reply, format, `so-van-ban-di-${year}`, bodyBytes);
      }
      const base = `${outgoingBase(unitId)}/register`;
      const body = html`${documentTabs(request, unitId, 'outgoing')}<h1>${title}</h1>
<form method="get" action="${base}" class="inline"><label for="f-year">${t('documents.outgoing.register.year')}</label> <input id="f-year" name="year" inputmode="numeric" maxlength="4" value="${year}"> <button type="submit" class="button secondary">${t('documents.outgoing.register.show')}</button></form>
<p class="exports">${t('documents.outgoing.register.export')} ${FORMATS.map((f, i) => html`${i > 0 ? ' · ' : ''}<a href="${base}?year=${year}&format=${f}" download>${f.toUpperCase()}</a>`)}</p>
${data.length === 0 ? html`<p data-empty>${t('documents.outgoing.register.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${title}" tabindex="0"><table data-register>
<thead><tr>${columns.map(([, label]) => html`<th scope="col">${t(label)}</th>`)}</tr></thead>
<tbody>${data.map((r, i) => html`<tr data-document="${rows[i]!.id}">${columns.map(([key]) => html`<td>${key === 'subject' ? html`<a href="/admin/units/${unitId}/documents/${rows[i]!.id}">${r.subject}</a>` : String(r[key])}</td>`)}</tr>`)}</tbody></table></div>`}`;
      return reply.page({ title, body });
    });
  };
}
