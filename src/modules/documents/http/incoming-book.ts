/**
 * The incoming register (sổ đăng ký văn bản đến, NĐ 30/2020 Phụ lục IV) of a unit for a period:
 * `/admin/units/:unitId/documents/incoming/register?from=…&to=…[&format=csv|xlsx|pdf]`. Its columns are the official
 * register's: ngày đến | số đến | tác giả | số, ký hiệu | ngày văn bản | tên loại và trích yếu | đơn vị hoặc người
 * nhận | ngày chuyển | ký nhận | ghi chú. Documents returned to their sender have no incoming number and are not in it.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { sendExport, tableToCsv, tableToXlsx, tablesToPdf } from '../../../platform/exports/index.ts';
import type { DataTable } from '../../../platform/exports/index.ts';
import { html } from '../../../platform/views/html.ts';
import { auditActorOf, recordAuditInTrx } from '../../audit/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import type { DocumentsContext } from '../context.ts';
import { isDay, vietnamDay } from '../domain/incoming-rules.ts';
import { registerLines } from '../incoming-store.ts';
import type { RegisterLine } from '../incoming-store.ts';
import { documentTabs } from './tabs.ts';
import { dayText, documentHref, incomingBase, typeName } from './incoming-shared.ts';

const COLUMNS = ['received', 'number', 'sender', 'number_text', 'document_date', 'subject', 'recipient', 'passed', 'taken', 'note'] as const;
const FORMATS = ['csv', 'xlsx', 'pdf'] as const;

/** The register as a table: every value text, as the book writes it. */
export function registerTable(request: FastifyRequest, title: string, subtitle: string, lines: readonly RegisterLine[]): DataTable {
  const t = request.t;
  const stamp = (at: Date | null) => (at ? formatDateTime(request.lang, at) : '');
  return {
    title, subtitle,
    columns: COLUMNS.map((c) => ({ key: c, label: t(`documents.incoming.book.col.${c}` as MessageKey), kind: c === 'number' ? 'integer' as const : 'text' as const })),
    rows: lines.map((l) => ({
      received: stamp(l.receivedAt), number: l.incomingNumber, sender: l.senderName, number_text: l.numberText ?? '', document_date: dayText(l.documentDate),
      subject: `${typeName(l.typeCode)}: ${l.subject}`, recipient: l.recipient ?? '', passed: stamp(l.passedAt), taken: l.takenBy ? t('documents.incoming.book.taken', { name: l.takenBy }) : '', note: l.note,
    })),
  };
}

export function incomingBookPages(ctx: DocumentsContext) {
  return (app: App) => {
    app.get('/admin/units/:unitId/documents/incoming/register', {
      config: { permission: 'documents.view' },
      schema: { querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })), format: Type.Optional(Type.String({ maxLength: 4 })) }) },
    }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const unit = (await findUnit(ctx.db, unitId))!;
      const q = request.query as { from?: string; to?: string; format?: string };
      const today = vietnamDay(ctx.now());
      const from = q.from || `${today.slice(0, 4)}-01-01`;
      const to = q.to || today;
      if (!isDay(from) || !isDay(to) || from > to || Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) throw new AppError('documents.incoming.error.period', 400);
      const format = q.format ? FORMATS.find((f) => f === q.format) : undefined;
      if (q.format && !format) throw new AppError('documents.incoming.error.format', 400);
      const lines = await registerLines(ctx.db, unitId, from, to);
      const title = t('documents.incoming.book.title');
      const subtitle = t('documents.incoming.book.subtitle', { unit: unit.name, from: dayText(from), to: dayText(to) });
      if (format) {
        const table = registerTable(request, title, subtitle, lines);
        await ctx.db.transaction().execute((trx) => recordAuditInTrx(trx, auditActorOf(request), { action: 'documents.incoming_register_exported', unitId, targetType: 'register', targetId: `${from}..${to}`, details: { format, lines: lines.length } }));
        const naText = t('documents.incoming.book.na');
        const body = format === 'csv' ? tableToCsv(table, { naText }) : format === 'xlsx' ? await tableToXlsx([table], { naText })
          : await tablesToPdf({ title, subtitle, generatedAt: t('documents.incoming.book.generated', { at: formatDateTime(request.lang, ctx.now()) }), tables: [table], naText, lang: request.lang, author: unit.name });
        return sendExport(reply, format, `so-van-ban-den-${from}-${to}`, body);
      }
      const base = `${incomingBase(unitId)}/register`;
      const link = (f: string) => `${base}?from=${from}&to=${to}&format=${f}`;
      const body = html`${documentTabs(request, unitId, 'incoming')}<p><a href="${incomingBase(unitId)}">${t('documents.incoming.back')}</a></p>
<h1>${title}</h1><p>${subtitle}</p>
<form method="get" action="${base}" class="filters"><div class="field"><label for="f-from">${t('documents.incoming.book.from')}</label><input id="f-from" name="from" type="date" value="${from}"></div>
<div class="field"><label for="f-to">${t('documents.incoming.book.to')}</label><input id="f-to" name="to" type="date" value="${to}"></div>
<button type="submit" class="button secondary">${t('documents.incoming.book.show')}</button></form>
<p>${t('documents.incoming.book.download')}: ${FORMATS.map((f, i) => html`${i > 0 ? ' · ' : ''}<a href="${link(f)}" download>${f.toUpperCase()}</a>`)}</p>
${lines.length === 0 ? html`<p>${t('documents.incoming.book.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${title}" tabindex="0"><table data-register>
<thead><tr>${COLUMNS.map((c) => html`<th scope="col">${t(`documents.incoming.book.col.${c}` as MessageKey)}</th>`)}</tr></thead>
<tbody>${lines.map((l) => html`<tr data-incoming-number="${l.incomingNumber}"><td>${formatDateTime(request.lang, l.receivedAt)}</td><td><a href="${documentHref(unitId, l.id)}">${l.incomingNumber}</a></td><td>${l.senderName}</td><td>${l.numberText ?? ''}</td><td>${dayText(l.documentDate)}</td>
<td>${typeName(l.typeCode)}: ${l.subject}</td><td>${l.recipient ?? ''}</td><td>${l.passedAt ? formatDateTime(request.lang, l.passedAt) : ''}</td><td>${l.takenBy ? t('documents.incoming.book.taken', { name: l.takenBy }) : ''}</td><td>${l.note}</td></tr>`)}</tbody></table></div>`}`;
      return reply.page({ title, body });
    });
  };
}
