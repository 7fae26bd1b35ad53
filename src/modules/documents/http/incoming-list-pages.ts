/**
 * The incoming documents of a unit as workqueues: `/admin/units/:unitId/documents/incoming?queue=…` — to present
 * (registered), to assign (presented to me), to process (I am main or co-handler), due soon, overdue, completed,
 * returned, all — with counts; and the backlog (open documents, and those past their deadline) per person and for
 * the unit. `/admin/documents` opens the official's own unit.
 */
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { DocumentsContext } from '../context.ts';
import { QUEUES } from '../domain/incoming-rules.ts';
import type { Queue } from '../domain/incoming-rules.ts';
import { backlog, countQueues, listIncoming } from '../incoming-store.ts';
import { documentTabs } from './tabs.ts';
import { documentHref, incomingBase, statusBadge, typeName, urgencyLabel, when } from './incoming-shared.ts';

const PAGE = 30;
const VIEW = { permission: 'documents.view' } as const;

export function incomingListPages(ctx: DocumentsContext) {
  return (app: App) => {
    app.get('/admin/documents', { config: VIEW }, async (request, reply) =>
      reply.redirect(incomingBase(request.actor?.kind === 'official' ? request.actor.unitId : 0), 303));

    app.get('/admin/units/:unitId/documents/incoming', {
      config: VIEW,
      schema: { querystring: Type.Object({ queue: Type.Optional(Type.String({ maxLength: 20 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) }) },
    }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const query = request.query as { queue?: string; page?: number };
      const actor = request.actor!;
      const may = (p: string) => actor.kind === 'official' && actor.permissions.has(p) && actor.unitId === unitId;
      const fallback: Queue = may('documents.register') ? 'to_present' : may('documents.assign') ? 'to_assign' : 'to_process';
      const queue = QUEUES.find((q) => q === query.queue) ?? fallback;
      const page = query.page ?? 1;
      const now = ctx.now();
      const [counts, found, lines] = await Promise.all([
        countQueues(ctx.db, unitId, actor.id, now), listIncoming(ctx.db, unitId, queue, actor.id, now, { limit: PAGE, offset: (page - 1) * PAGE }, actor.kind === 'official' ? actor : undefined), backlog(ctx.db, unitId, now),
      ]);
      const base = incomingBase(unitId);
      const pages = Math.max(1, Math.ceil(found.total / PAGE));
      const totals = lines.reduce((s, l) => ({ open: s.open + l.open, overdue: s.overdue + l.overdue }), { open: 0, overdue: 0 });
      const body = html`${documentTabs(request, unitId, 'incoming')}
<h1>${t('documents.incoming.title')}</h1>
<p class="actions">${may('documents.register') ? html`<a class="button" href="${base}/new">${t('documents.incoming.new_title')}</a> <a class="button secondary" href="${base}/import">${t('documents.exchange.import.title')}</a> ` : ''}<a class="button secondary" href="${base}/register">${t('documents.incoming.book.title')}</a></p>
<nav aria-label="${t('documents.incoming.queues')}" class="queues"><ul>
${QUEUES.map((q) => html`<li><a href="${base}?queue=${q}"${q === queue ? html` aria-current="page"` : ''} data-queue="${q}"><span class="label">${t(`documents.incoming.queue.${q}` as MessageKey)}</span> <span class="count${q === 'overdue' && counts[q] > 0 ? ' alert' : ''}" data-count="${q}">${counts[q]}</span></a></li>`)}
</ul></nav>
<h2>${t(`documents.incoming.queue.${queue}` as MessageKey)} (${found.total})</h2>
${found.rows.length === 0 ? html`<p>${t('documents.incoming.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('documents.incoming.title')}" tabindex="0"><table class="doc-list">
<thead><tr><th scope="col">${t('documents.incoming.col.number')}</th><th scope="col">${t('documents.incoming.col.received')}</th><th scope="col">${t('documents.incoming.col.sender')}</th><th scope="col">${t('documents.incoming.col.subject')}</th><th scope="col">${t('documents.incoming.col.status')}</th><th scope="col">${t('documents.incoming.col.holder')}</th><th scope="col">${t('documents.incoming.col.due')}</th></tr></thead>
<tbody>${found.rows.map((r) => html`<tr data-document="${r.id}"><td data-label="${t('documents.incoming.col.number')}">${r.incoming_number ?? '—'}</td><td data-label="${t('documents.incoming.col.received')}">${r.received_at ? when(request, r.received_at) : ''}</td><td data-label="${t('documents.incoming.col.sender')}">${r.sender_name ?? ''}<br><small>${r.number_text ?? ''}</small></td>
<td class="doc-subject"><a href="${documentHref(unitId, r.id)}">${typeName(r.type_code)}: ${r.subject}</a>${r.urgency !== 'normal' ? html` <strong class="badge status-3">${urgencyLabel(t, r.urgency)}</strong>` : ''}${r.confidential ? html` <span class="badge">${t('documents.incoming.confidential')}</span>` : ''}</td>
<td data-label="${t('documents.incoming.col.status')}">${statusBadge(t, r.status)}</td><td data-label="${t('documents.incoming.col.holder')}">${r.holder_name ?? ''}</td><td data-label="${t('documents.incoming.col.due')}">${r.due_at ? html`${when(request, r.due_at)}${r.status !== 'completed' && r.status !== 'returned' && r.due_at.getTime() < now.getTime() ? html` <strong class="badge status-3">${t('documents.incoming.overdue')}</strong>` : ''}` : '—'}</td></tr>`)}</tbody></table></div>`}
${pages > 1 ? html`<nav aria-label="${t('documents.incoming.pages')}" class="pagination"><ul>${Array.from({ length: Math.min(pages, 20) }, (_, i) => i + 1).map((p) => html`<li><a href="${base}?queue=${queue}&page=${p}"${p === page ? html` aria-current="page"` : ''}>${p}</a></li>`)}</ul></nav>` : ''}
<section><h2 id="backlog-title">${t('documents.incoming.backlog.title')}</h2><p>${t('documents.incoming.backlog.intro')}</p>
<div class="table-wrap" role="region" aria-labelledby="backlog-title" tabindex="0"><table data-backlog>
<thead><tr><th scope="col">${t('documents.incoming.backlog.person')}</th><th scope="col">${t('documents.incoming.backlog.open')}</th><th scope="col">${t('documents.incoming.backlog.overdue')}</th></tr></thead>
<tbody>${lines.map((l) => html`<tr data-backlog-person="${l.officialId ?? ''}"><td>${l.name || t('documents.incoming.backlog.nobody')}</td><td>${l.open}</td><td>${l.overdue}</td></tr>`)}</tbody>
<tfoot><tr data-backlog-unit><th scope="row">${t('documents.incoming.backlog.unit')}</th><td>${totals.open}</td><td>${totals.overdue}</td></tr></tfoot></table></div></section>`;
      return reply.page({ title: t('documents.incoming.title'), body });
    });
  };
}
