/**
 * One document of a unit, incoming or outgoing: `/admin/units/:unitId/documents/:documentId` — its metadata, files
 * (downloads at `…/files/:fileId`), for an incoming one the phiếu giải quyết văn bản đến in its three parts (the
 * leader's opinion with the main handler, co-handlers and deadline; the unit's opinions; the handlers' proposals and
 * opinions), its tasks, the history, and the actions the viewer may take. Outgoing documents get their own panel
 * (outgoing-panel.ts) and every document the exchange panel (exchange-panel.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { contentDisposition } from '../../../platform/http/content-disposition.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { HtmlValue, SafeHtml } from '../../../platform/views/html.ts';
import type { DocumentsContext } from '../context.ts';
import { dayOf, listAssignments, listFiles, readDocumentFile } from '../incoming-store.ts';
import type { AssignmentLine } from '../incoming-store.ts';
import { listEvents } from '../store.ts';
import type { DocumentEventRow, DocumentRow } from '../store.ts';
import { listTasksOfDocument } from '../tasks.ts';
import { exchangePanel } from './exchange-panel.ts';
import { incomingPanel } from './incoming-panel.ts';
import { outgoingPanel } from './outgoing-panel.ts';
import { documentTabs } from './tabs.ts';
import { dayText, documentHref, statusBadge, typeName, unitDocument, urgencyLabel, when } from './incoming-shared.ts';
import type { T } from './incoming-shared.ts';

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

function facts(request: FastifyRequest, doc: DocumentRow): SafeHtml {
  const t = request.t;
  const row = (label: MessageKey, value: HtmlValue) => (value === null || value === undefined || value === '' ? '' : html`<dt>${t(label)}</dt><dd>${value}</dd>`);
  const incoming = doc.direction === 'incoming';
  return html`<dl class="answers">
${incoming ? row('documents.page.incoming_number', doc.incoming_number ? `${doc.incoming_number}/${doc.incoming_year}` : null) : ''}
${incoming ? row('documents.page.received_at', doc.received_at ? when(request, doc.received_at) : null) : ''}
${incoming ? row('documents.page.sender', doc.sender_name) : ''}
${row('documents.page.number_text', doc.number_text)}
${row('documents.page.document_date', doc.document_date ? dayText(dayOf(doc.document_date as unknown as Date | string)) : null)}
${row('documents.page.type', typeName(doc.type_code))}
${row('documents.page.subject', doc.subject)}
${row('documents.page.status', statusBadge(t, doc.status))}
${row('documents.page.urgency', urgencyLabel(t, doc.urgency))}
${row('documents.page.confidential', doc.confidential ? t('documents.page.yes') : null)}
${row('documents.page.pages', doc.page_count)}
${incoming ? row('documents.page.channel', doc.channel ? t(`documents.page.channel.${doc.channel}` as MessageKey) : null) : ''}
${row('documents.page.signer', [doc.signer_name, doc.signer_title].filter(Boolean).join(', '))}
${row('documents.page.holder', doc.holder_name)}
${row('documents.page.due', doc.due_at ? when(request, doc.due_at) : null)}
${row('documents.page.completed_at', doc.completed_at ? when(request, doc.completed_at) : null)}
${doc.reply_to_id ? html`<dt>${t('documents.page.reply_to')}</dt><dd><a href="${documentHref(Number(doc.unit_id), Number(doc.reply_to_id))}">${t('documents.page.open')}</a></dd>` : ''}
</dl>`;
}

/** The phiếu giải quyết văn bản đến (NĐ 30/2020): the leader's opinion, the unit's opinions, the handlers' proposals. */
function resolutionSheet(request: FastifyRequest, doc: DocumentRow, events: readonly DocumentEventRow[], assignments: readonly AssignmentLine[]): SafeHtml {
  const t = request.t;
  const assigned = [...events].reverse().find((e) => e.kind === 'assigned');
  if (!assigned) return html``;
  const handlerIds = new Set(assignments.filter((a) => a.role === 'main' || a.role === 'co').map((a) => a.officialId));
  const names = (role: string) => assignments.filter((a) => a.role === role).map((a) => a.name).join(', ');
  const opinions = events.filter((e) => e.kind === 'opinion' || e.kind === 'completed' || e.kind === 'forwarded');
  const handlerSays = opinions.filter((e) => e.author_id !== null && handlerIds.has(Number(e.author_id)));
  const unitSays = opinions.filter((e) => e.kind === 'opinion' && !(e.author_id !== null && handlerIds.has(Number(e.author_id))));
  const said = (list: readonly DocumentEventRow[]) => (list.length === 0 ? html`<p>${t('documents.page.sheet.none')}</p>`
    : html`<ul class="events">${list.map((e) => html`<li><strong>${e.author_name}</strong>, ${when(request, e.at)}${e.kind !== 'opinion' ? html` (${t(`documents.page.event.${e.kind}` as MessageKey)}${e.to_name ? html` → ${e.to_name}` : ''})` : ''}: ${e.body}</li>`)}</ul>`);
  return html`<section aria-labelledby="sheet-title" class="resolution-sheet" data-sheet><h2 id="sheet-title">${t('documents.page.sheet.title')}</h2>
<h3>${t('documents.page.sheet.part1')}</h3>
<dl class="answers" data-sheet-part="1"><dt>${t('documents.page.sheet.leader')}</dt><dd>${assigned.author_name}, ${when(request, assigned.at)}</dd>
<dt>${t('documents.page.sheet.opinion')}</dt><dd>${assigned.body || '—'}</dd>
<dt>${t('documents.page.sheet.main')}</dt><dd data-main>${names('main')}</dd>
<dt>${t('documents.page.sheet.co')}</dt><dd data-co>${names('co') || '—'}</dd>
<dt>${t('documents.page.sheet.info')}</dt><dd>${names('info') || '—'}</dd>
<dt>${t('documents.page.sheet.due')}</dt><dd>${doc.due_at ? when(request, doc.due_at) : '—'}</dd></dl>
<h3>${t('documents.page.sheet.part2')}</h3><div data-sheet-part="2">${said(unitSays)}</div>
<h3>${t('documents.page.sheet.part3')}</h3><div data-sheet-part="3">${said(handlerSays)}</div></section>`;
}

function history(request: FastifyRequest, events: readonly DocumentEventRow[]): SafeHtml {
  const t: T = request.t;
  return html`<section aria-labelledby="history-title"><h2 id="history-title">${t('documents.page.history')}</h2><ol class="events">
${events.map((e) => html`<li data-event="${e.kind}"><strong>${t(`documents.page.event.${e.kind}` as MessageKey)}</strong> — ${when(request, e.at)}${e.author_name ? html`, ${e.author_name}` : ''}${e.to_name ? html` → ${e.to_name}` : ''}${e.body ? html`<br>${e.body}` : ''}</li>`)}</ol></section>`;
}

export function documentPage(ctx: DocumentsContext) {
  return (app: App) => {
    app.get('/admin/units/:unitId/documents/:documentId', { config: { permission: 'documents.view' } }, async (request, reply) => {
      const t = request.t;
      const doc = await unitDocument(ctx, request);
      const id = Number(doc.id);
      const unitId = Number(doc.unit_id);
      const [events, files, assignments, tasks] = await Promise.all([listEvents(ctx.db, id), listFiles(ctx.db, id), listAssignments(ctx.db, id), listTasksOfDocument(ctx.db, id)]);
      const incoming = doc.direction === 'incoming';
      const returned = doc.status === 'returned' ? [...events].reverse().find((e) => e.kind === 'returned') : undefined;
      const [panel, outgoing, exchange] = await Promise.all([
        incoming ? incomingPanel(ctx, request, doc, assignments) : Promise.resolve(html``),
        incoming ? Promise.resolve(html``) : outgoingPanel(ctx, request, doc),
        exchangePanel(ctx, request, doc),
      ]);
      const title = `${typeName(doc.type_code)}${doc.number_text ? ` ${doc.number_text}` : ''}`;
      const body = html`${documentTabs(request, unitId, incoming ? 'incoming' : 'outgoing')}
<p><a href="/admin/units/${unitId}/documents/${incoming ? 'incoming' : 'outgoing'}">${t(incoming ? 'documents.incoming.back' : 'documents.page.back_outgoing')}</a></p>
<h1>${title}</h1>
${panel.value.includes('<form') ? html`<p><a href="#actions-title">${t('documents.page.to_actions')}</a></p>` : ''}
${returned ? html`<div class="warning" role="alert" data-returned><h2>${t('documents.page.returned_title')}</h2><p>${returned.body}</p></div>` : ''}
${facts(request, doc)}
<section aria-labelledby="files-title"><h2 id="files-title">${t('documents.page.files')}</h2>${files.length === 0 ? html`<p>${t('documents.page.no_files')}</p>` : html`<ul class="files">
${files.map((f) => html`<li data-file="${f.id}"><a href="${documentHref(unitId, id)}/files/${f.id}">${f.fileName}</a> (${t(`documents.page.file_kind.${f.kind}` as MessageKey)}${f.kind === 'draft' ? ` ${f.version}` : ''}, ${sizeText(f.sizeBytes)})</li>`)}</ul>`}</section>
${incoming ? resolutionSheet(request, doc, events, assignments) : ''}
${tasks.length > 0 ? html`<section aria-labelledby="tasks-title"><h2 id="tasks-title">${t('documents.task.title')}</h2><ul>${tasks.map((k) => html`<li data-task="${k.id}"><a href="/admin/units/${unitId}/tasks/${k.id}">${k.title}</a> — ${k.assignee_name}, ${k.progress}% (${t(`documents.task.status.${k.status}` as MessageKey)})</li>`)}</ul></section>` : ''}
${panel}${outgoing}${exchange}
${history(request, events)}`;
      return reply.page({ title, body });
    });

    app.get('/admin/units/:unitId/documents/:documentId/files/:fileId', { config: { permission: 'documents.view' } }, async (request, reply) => {
      const doc = await unitDocument(ctx, request);
      const file = await readDocumentFile(ctx.db, Number(doc.id), idParam(request, 'fileId'));
      if (!file) throw new AppError('documents.page.file_not_found', 404);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.data));
    });
  };
}
