/** "My records" for citizens and helping officials, and tracking a record by code and ID number without signing in. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { formText } from '../../../platform/http/form.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { findProcedureByCode } from '../../catalogue/index.ts';
import { findUnit } from '../../tenancy/index.ts';
import type { RecordsContext } from '../context.ts';
import { normaliseRecordCode } from '../domain/record-code.ts';
import { listEvents, listOwnDrafts } from '../store.ts';
import type { RecordRow } from '../store.ts';
import { listRecords } from '../record-lists.ts';
import type { RecordListRow } from '../record-lists.ts';
import { trackRecord } from '../track.ts';
import { citizenScope } from '../citizen-scope.ts';
import { problemSummary } from './form-fields.ts';
import { filerOf, statusBadge, statusLabel, when } from './shared.ts';

const PAGE = 20;
/** Lookups per IP and minute: enough for a person, too few to guess codes and ID numbers. */
export const TRACK_RATE = { max: 30, timeWindow: '1 minute' };

/** A list of records; `label` names the scrolling region for screen readers (default "my records"). */
export function recordsTable(request: FastifyRequest, rows: readonly RecordListRow[], href: (r: RecordListRow) => string, label?: string): SafeHtml {
  const t = request.t;
  return html`<div class="table-wrap" role="region" aria-label="${label ?? t('records.mine.title')}" tabindex="0"><table>
<thead><tr><th scope="col">${t('records.code')}</th><th scope="col">${t('records.status')}</th><th scope="col">${t('records.procedure')}</th><th scope="col">${t('records.applicant')}</th><th scope="col">${t('records.submitted_at')}</th><th scope="col">${t('records.due_at')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td><a href="${href(r)}">${r.code}</a></td><td>${statusBadge(t, r.status)}</td><td>${r.procedure_name}</td><td>${r.applicant_name}</td><td>${when(request, r.submitted_at)}</td><td>${r.due_at ? html`${when(request, r.due_at)}${(r.status === 2 || r.status === 4) && r.due_at.getTime() < Date.now() ? html` <strong class="badge status-3">${t('records.overdue')}</strong>` : ''}` : '—'}</td></tr>`)}</tbody></table></div>`;
}

function trackForm(request: FastifyRequest, values: { code: string; idNumber: string }): SafeHtml {
  const t = request.t;
  return html`<form method="post" action="/tra-cuu" novalidate>${csrfField(request.csrfToken())}
<div class="field"><label for="f-code">${t('records.code')}</label><p class="hint" id="f-code-hint">${t('records.track.code_hint')}</p>
<input id="f-code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="60" required aria-describedby="f-code-hint" value="${values.code}"></div>
<div class="field"><label for="f-idNumber">${t('records.track.id_number')}</label>
<input id="f-idNumber" name="idNumber" type="text" inputmode="numeric" pattern="[0-9]{12}" maxlength="12" autocomplete="off" required value="${values.idNumber}"></div>
<button type="submit" class="button">${t('records.track.submit')}</button></form>`;
}

async function trackResult(ctx: RecordsContext, request: FastifyRequest, record: RecordRow): Promise<SafeHtml> {
  const t = request.t;
  const [events, unit] = await Promise.all([listEvents(ctx.db, Number(record.id)), findUnit(ctx.db, Number(record.unit_id))]);
  const statuses = events.filter((e) => e.kind === 'status' && e.to_status !== null);
  return html`<section aria-labelledby="result-title" class="track-result"><h2 id="result-title">${t('records.track.result', { code: record.code })}</h2>
<dl class="answers"><dt>${t('records.status')}</dt><dd>${statusBadge(t, record.status)}</dd>
<dt>${t('records.procedure')}</dt><dd>${record.procedure_name}</dd><dt>${t('records.agency')}</dt><dd>${unit?.name ?? ''}</dd>
<dt>${t('records.submitted_at')}</dt><dd>${when(request, record.submitted_at)}</dd></dl>
<h3>${t('records.history')}</h3><ol class="events">${statuses.map((e) => html`<li><strong>${statusLabel(t, e.to_status!)}</strong> — ${when(request, e.at)}</li>`)}</ol></section>`;
}

export function listPages(ctx: RecordsContext) {
  const trackPage = (request: FastifyRequest, reply: FastifyReply, values: { code: string; idNumber: string }, extra: { result?: SafeHtml; problem?: string; status?: number } = {}) => {
    const t = request.t;
    return reply.page({
      title: t('records.track.title'),
      body: html`<h1>${t('records.track.title')}</h1><p>${t('records.track.intro')}</p>${problemSummary(t, {}, extra.problem ? [extra.problem] : [])}${trackForm(request, values)}${extra.result ?? ''}`,
    }, extra.status ?? 200);
  };

  return (app: App) => {
    app.get('/ho-so', { config: { permission: 'signed_in' }, schema: { querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } }, async (request, reply) => {
      const t = request.t;
      const who = filerOf(request);
      const page = (request.query as { page?: number }).page ?? 1;
      const [drafts, found] = await Promise.all([
        listOwnDrafts(ctx.db, { kind: who.kind, id: who.id }),
        listRecords(ctx.db, who.kind === 'citizen' ? await citizenScope(ctx.db, who.id) : { assistedBy: who.id }, { limit: PAGE, offset: (page - 1) * PAGE }),
      ]);
      const names = new Map<string, string>();
      for (const d of drafts) if (!names.has(d.procedureCode)) names.set(d.procedureCode, (await findProcedureByCode(ctx.db, d.procedureCode))?.name ?? d.procedureCode);
      const pages = Math.max(1, Math.ceil(found.total / PAGE));
      const body = html`<h1>${who.kind === 'citizen' ? t('records.mine.title') : t('records.mine.assisted_title')}</h1>
<p><a href="/thu-tuc" class="button">${t('records.mine.new')}</a></p>
${drafts.length > 0 ? html`<section aria-labelledby="drafts-title"><h2 id="drafts-title">${t('records.mine.drafts')}</h2><ul>${drafts.map((d) => html`<li><a href="/ho-so/nhap/${d.publicId}">${names.get(d.procedureCode)}</a> — ${t('records.mine.saved_at', { at: when(request, d.updatedAt) })}</li>`)}</ul></section>` : ''}
<section aria-labelledby="filed-title"><h2 id="filed-title">${t('records.mine.filed', { count: found.total })}</h2>
${found.rows.length === 0 ? html`<p>${t('records.mine.none')}</p>` : recordsTable(request, found.rows, (r) => `/ho-so/${r.code}`)}
${pages > 1 ? html`<nav aria-label="${t('catalogue.pages')}"><p>${page > 1 ? html`<a href="/ho-so?page=${page - 1}">${t('catalogue.prev')}</a> ` : ''}${t('catalogue.page_of', { page, pages })}${page < pages ? html` <a href="/ho-so?page=${page + 1}">${t('catalogue.next')}</a>` : ''}</p></nav>` : ''}</section>`;
      return reply.page({ title: t('records.mine.title'), body });
    });

    // The QR code on a receipt opens this page with the code filled in; the ID number is never in a URL.
    app.get('/tra-cuu', { config: { permission: 'public' }, schema: { querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 60 })) }) } }, async (request, reply) =>
      trackPage(request, reply, { code: normaliseRecordCode((request.query as { code?: string }).code ?? '') ?? '', idNumber: '' }));

    app.post('/tra-cuu', { config: { permission: 'public', rateLimit: TRACK_RATE } }, async (request, reply) => {
      const codeText = formText(request, 'code', 100);
      const idNumber = formText(request, 'idNumber', 40).trim();
      const code = normaliseRecordCode(codeText);
      if (!code || !/^[0-9]{12}$/.test(idNumber)) return trackPage(request, reply, { code: codeText, idNumber }, { problem: request.t('records.track.invalid'), status: 400 });
      const record = await trackRecord(ctx.db, code, idNumber);
      // The same answer whether the code or the ID number is wrong: a code alone reveals nothing.
      if (!record) return trackPage(request, reply, { code, idNumber }, { problem: request.t('records.track.not_found'), status: 404 });
      return trackPage(request, reply, { code, idNumber: '' }, { result: await trackResult(ctx, request, record) });
    });
  };
}
