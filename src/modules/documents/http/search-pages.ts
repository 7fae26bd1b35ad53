/**
 * Searching a unit's documents: the page `/admin/units/:unitId/documents/search` (a GET form, results with the
 * matching words highlighted and a snippet of the files' text, paged) and its JSON twin
 * `GET /api/v1/units/:unitId/documents?q=…` (operation searchDocuments). Permission documents.view; the platform
 * answers 404 for a :unitId out of the official's reach, and only that unit's own documents are searched (a village
 * or the province itself has none: 404). Confidential documents: see search.ts. The page also says when files wait
 * for their text or the OCR tools are missing (text-extraction.ts).
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/form.ts';
import { ErrorSchema, stringEnum } from '../../../platform/http/schema.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { listOfficialsOfUnit, permissionsOf } from '../../identity/index.ts';
import { findUnit, isAgency } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import type { DocumentsContext } from '../context.ts';
import { DOCUMENT_TYPES } from '../domain/document-types.ts';
import { anyHit, highlight, snippet } from '../domain/search-query.ts';
import type { ParsedQuery } from '../domain/search-query.ts';
import { ocrTools } from '../ocr.ts';
import { SEARCH_MAX_PAGE, searchDocuments } from '../search.ts';
import type { SearchFilters, SearchHit, Searcher } from '../search.ts';
import type { DocumentStatus } from '../store.ts';
import { countPendingExtractions } from '../text-extraction.ts';
import { dayText, documentHref, statusBadge, typeName, when } from './incoming-shared.ts';
import { documentTabs } from './tabs.ts';

const VIEW = { permission: 'documents.view' } as const;
export const STATUSES: readonly DocumentStatus[] = ['registered', 'presented', 'assigned', 'in_progress', 'completed', 'returned', 'drafting', 'in_review', 'approved', 'signed', 'issued', 'withdrawn'];
const TYPE_CODES = DOCUMENT_TYPES.map((d) => d.code);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : typeof v === 'number' ? String(v) : '').trim();
const bad = (field: string) => new AppError('documents.search.bad_filter' as MessageKey, 400, { field });

function day(value: string): string {
  if (value === '') return '';
  const d = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new AppError('documents.search.bad_date' as MessageKey, 400);
  return value;
}

/** The filters of a query string, checked: anything unknown is a 400 with the field's name. */
export function filtersOf(query: unknown): SearchFilters {
  const q = (query ?? {}) as Record<string, unknown>;
  const text = one(q.q);
  if (text.length > 500) throw bad('q');
  const f: SearchFilters = { q: text };
  const direction = one(q.direction);
  if (direction !== '') {
    if (direction !== 'incoming' && direction !== 'outgoing') throw bad('direction');
    f.direction = direction;
  }
  const type = one(q.type);
  if (type !== '') {
    if (!TYPE_CODES.includes(type)) throw bad('type');
    f.typeCode = type;
  }
  const status = one(q.status);
  if (status !== '') {
    if (!(STATUSES as readonly string[]).includes(status)) throw bad('status');
    f.status = status as DocumentStatus;
  }
  const sender = one(q.sender);
  if (sender.length > 200) throw bad('sender');
  if (sender !== '') f.sender = sender;
  const handler = one(q.handler);
  if (handler !== '') {
    if (!/^\d{1,15}$/.test(handler)) throw bad('handler');
    f.handlerId = Number(handler);
  }
  const dateField = one(q.dateField);
  if (dateField !== '' && dateField !== 'document' && dateField !== 'received') throw bad('dateField');
  f.dateField = dateField === 'document' ? 'document' : 'received';
  const from = day(one(q.from));
  const to = day(one(q.to));
  if (from && to && from > to) throw new AppError('documents.search.bad_range' as MessageKey, 400);
  if (from) f.from = from;
  if (to) f.to = to;
  const page = one(q.page);
  if (page !== '') {
    if (!/^\d{1,6}$/.test(page) || Number(page) < 1) throw bad('page');
    f.page = Number(page);
  }
  return f;
}

/** Leaders see every confidential document of the unit; other officials those they are part of (search.ts). */
export function searcherOf(request: FastifyRequest): Searcher {
  const actor = request.actor;
  if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
  return { officialId: actor.id, seesAllConfidential: actor.permissions.has('documents.assign') };
}

async function documentUnit(ctx: DocumentsContext, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
  if (!unit || !isAgency(unit.kind)) throw new AppError('error.not_found', 404);
  return unit;
}

const isSearching = (f: SearchFilters) => f.q !== '' || !!(f.direction || f.typeCode || f.status || f.sender || f.handlerId || f.from || f.to);

function marked(text: string, q: ParsedQuery): SafeHtml {
  return html`${highlight(text, q).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}`;
}

function hitRow(request: FastifyRequest, unitId: number, h: SearchHit, q: ParsedQuery): SafeHtml {
  const t = request.t;
  const inMetadata = [h.subject, h.numberText, h.senderName].some((x) => anyHit(x, q));
  const excerpt = !inMetadata && q.words.length > 0 ? snippet(h.excerpt, q) : '';
  return html`<tr data-document="${h.id}">
<td><a href="${documentHref(unitId, h.id)}">${typeName(h.typeCode)}: ${marked(h.subject, q)}</a>${h.confidential ? html` <span class="badge">${t('documents.search.confidential' as MessageKey)}</span>` : ''}
${excerpt ? html`<p class="hint" data-snippet>${t('documents.search.in_text' as MessageKey)} ${marked(excerpt, q)}</p>` : ''}</td>
<td>${h.numberText ? marked(h.numberText, q) : '—'}${h.incomingNumber ? html`<br><small>${t('documents.search.incoming_number' as MessageKey, { number: h.incomingNumber, year: h.incomingYear ?? '' })}</small>` : ''}</td>
<td>${h.receivedAt ? when(request, h.receivedAt) : dayText(h.documentDate) || when(request, h.createdAt)}</td>
<td>${h.senderName ? marked(h.senderName, q) : '—'}</td>
<td>${statusBadge(t, h.status)}</td></tr>`;
}

function pageLinks(request: FastifyRequest, base: string, page: number, pages: number): SafeHtml {
  const t = request.t;
  if (pages <= 1) return html``;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(request.query as Record<string, unknown>)) if (k !== 'page' && one(v) !== '') params.set(k, one(v));
  const href = (p: number) => { params.set('page', String(p)); return `${base}?${params.toString()}`; };
  const last = Math.min(pages, SEARCH_MAX_PAGE);
  return html`<nav aria-label="${t('documents.search.pages' as MessageKey)}" class="pager"><ul>
${page > 1 ? html`<li><a rel="prev" href="${href(page - 1)}">${t('documents.search.prev' as MessageKey)}</a></li>` : ''}
${page < last ? html`<li><a rel="next" href="${href(page + 1)}">${t('documents.search.next' as MessageKey)}</a></li>` : ''}
</ul>${pages > SEARCH_MAX_PAGE ? html`<p class="hint">${t('documents.search.too_deep' as MessageKey, { max: SEARCH_MAX_PAGE })}</p>` : ''}</nav>`;
}

async function toolHints(ctx: DocumentsContext, request: FastifyRequest, unitId: number): Promise<SafeHtml> {
  const t = request.t;
  const [tools, pending] = await Promise.all([ocrTools(), countPendingExtractions(ctx.db, unitId)]);
  return html`${!tools.pdfText ? html`<p class="hint" data-ocr="no-pdftotext">${t('documents.search.pdf_text_unavailable' as MessageKey)}</p>` : ''}
${!tools.ocr ? html`<p class="hint" data-ocr="unavailable">${t('documents.search.ocr_unavailable' as MessageKey)}</p>` : ''}
${pending > 0 ? html`<p class="hint" data-pending="${pending}">${t('documents.search.pending' as MessageKey, { count: pending })}</p>` : ''}`;
}

function form(request: FastifyRequest, base: string, f: SearchFilters, handlers: readonly { id: number; name: string }[]): SafeHtml {
  const t = request.t;
  const k = (key: string) => t(key as MessageKey);
  const option = (value: string, label: string, current: string | undefined) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${base}" class="filters" role="search">
<div class="field"><label for="s-q">${k('documents.search.q')}</label><input id="s-q" name="q" type="search" maxlength="500" value="${f.q}" aria-describedby="s-q-hint"><p class="hint" id="s-q-hint">${k('documents.search.q_hint')}</p></div>
<fieldset><legend>${k('documents.search.filters')}</legend>
<div class="field"><label for="s-direction">${k('documents.search.direction')}</label><select id="s-direction" name="direction">${option('', k('documents.search.direction.any'), f.direction)}${option('incoming', k('documents.search.direction.incoming'), f.direction)}${option('outgoing', k('documents.search.direction.outgoing'), f.direction)}</select></div>
<div class="field"><label for="s-type">${k('documents.search.type')}</label><select id="s-type" name="type">${option('', k('documents.search.any'), f.typeCode)}${DOCUMENT_TYPES.map((d) => option(d.code, d.name, f.typeCode))}</select></div>
<div class="field"><label for="s-sender">${k('documents.search.sender')}</label><input id="s-sender" name="sender" maxlength="200" value="${f.sender ?? ''}"></div>
<div class="field"><label for="s-status">${k('documents.search.status')}</label><select id="s-status" name="status">${option('', k('documents.search.any'), f.status)}${STATUSES.map((s) => option(s, t(`documents.page.status.${s}` as MessageKey), f.status))}</select></div>
<div class="field"><label for="s-handler">${k('documents.search.handler')}</label><select id="s-handler" name="handler">${option('', k('documents.search.any'), f.handlerId ? String(f.handlerId) : '')}${handlers.map((h) => option(String(h.id), h.name, f.handlerId ? String(f.handlerId) : ''))}</select></div>
<div class="field"><label for="s-date-field">${k('documents.search.date_field')}</label><select id="s-date-field" name="dateField">${option('received', k('documents.search.date_field.received'), f.dateField)}${option('document', k('documents.search.date_field.document'), f.dateField)}</select></div>
<div class="field"><label for="s-from">${k('documents.search.from')}</label><input id="s-from" name="from" type="date" value="${f.from ?? ''}"></div>
<div class="field"><label for="s-to">${k('documents.search.to')}</label><input id="s-to" name="to" type="date" value="${f.to ?? ''}"></div>
</fieldset>
<button type="submit" class="button">${k('documents.search.submit')}</button>
</form>`;
}

const hitJson = (unitId: number, h: SearchHit, q: ParsedQuery) => ({
  id: h.id, publicId: h.publicId, url: documentHref(unitId, h.id), direction: h.direction, typeCode: h.typeCode, subject: h.subject, numberText: h.numberText,
  incomingNumber: h.incomingNumber, incomingYear: h.incomingYear, senderName: h.senderName, documentDate: h.documentDate,
  receivedAt: h.receivedAt?.toISOString() ?? null, createdAt: h.createdAt.toISOString(), status: h.status, confidential: h.confidential, rank: h.rank,
  snippet: q.words.length > 0 ? snippet(h.excerpt, q) : '',
});

const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);
const HitSchema = Type.Object({
  id: Type.Integer(), publicId: Type.String(), url: Type.String({ description: 'The document\'s page' }),
  direction: stringEnum(['incoming', 'outgoing'] as const), typeCode: Type.String({ description: 'NĐ 30/2020 type code (QĐ, CV, …)' }), subject: Type.String(),
  numberText: Nullable(Type.String()), incomingNumber: Type.Union([Type.Integer(), Type.Null()]), incomingYear: Type.Union([Type.Integer(), Type.Null()]),
  senderName: Nullable(Type.String()), documentDate: Nullable(Type.String({ format: 'date' })), receivedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }), status: stringEnum(STATUSES), confidential: Type.Boolean(),
  rank: Type.Number({ description: 'Relevance (ts_rank); 0 without words' }), snippet: Type.String({ description: 'Folded text around the first matching word' }),
});
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Words, with or without diacritics; all required, the last also as a prefix' })),
  direction: Type.Optional(stringEnum(['incoming', 'outgoing'] as const)), type: Type.Optional(Type.String({ maxLength: 10 })),
  sender: Type.Optional(Type.String({ maxLength: 200 })), status: Type.Optional(stringEnum(STATUSES)),
  handler: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'An official\'s id: assigned (main or co-handler) or holding it' })),
  dateField: Type.Optional(stringEnum(['received', 'document'] as const)),
  from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })),
  page: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
});

export function searchPages(ctx: DocumentsContext) {
  return (app: App) => {
    app.get('/admin/units/:unitId/documents/search', { config: VIEW }, async (request, reply) => {
      const t = request.t;
      const unit = await documentUnit(ctx, request);
      const f = filtersOf(request.query);
      const base = `/admin/units/${unit.id}/documents/search`;
      const [officials, hints] = await Promise.all([listOfficialsOfUnit(ctx.db, unit.id), toolHints(ctx, request, unit.id)]);
      const handlers = officials.filter((o) => !o.disabled && permissionsOf(o.roles).has('documents.handle')).map((o) => ({ id: o.id, name: o.fullName }));
      const searching = isSearching(f);
      const result = searching ? await searchDocuments(ctx.db, unit.id, f, searcherOf(request)) : undefined;
      const pages = result ? Math.ceil(result.total / result.pageSize) : 0;
      const title = t('documents.search.title' as MessageKey);
      return reply.page({
        title,
        body: html`${documentTabs(request, unit.id, 'search')}
<h1>${t('documents.search.heading' as MessageKey, { unit: unit.name })}</h1>
<p>${t('documents.search.intro' as MessageKey)}</p>
${hints}
${form(request, base, f, handlers)}
<section aria-labelledby="results-title"><h2 id="results-title">${t('documents.search.results' as MessageKey)}</h2>
${!result ? html`<p>${t('documents.search.prompt' as MessageKey)}</p>` : result.total === 0 ? html`<p data-count="0">${t('documents.search.none' as MessageKey)}</p>` : html`
<p data-count="${result.total}" role="status">${pages > 1 ? t('documents.search.count_page' as MessageKey, { count: result.total, page: result.page, pages }) : t('documents.search.count' as MessageKey, { count: result.total })}</p>
<div class="table-wrap" role="region" aria-labelledby="results-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('documents.search.col.document' as MessageKey)}</th><th scope="col">${t('documents.search.col.number' as MessageKey)}</th><th scope="col">${t('documents.search.col.date' as MessageKey)}</th><th scope="col">${t('documents.search.col.sender' as MessageKey)}</th><th scope="col">${t('documents.search.col.status' as MessageKey)}</th></tr></thead>
<tbody>${result.hits.map((h) => hitRow(request, unit.id, h, result.query))}</tbody></table></div>
${pageLinks(request, base, result.page, pages)}`}
<p class="hint">${t('documents.search.confidential_note' as MessageKey)}</p>
</section>`,
      });
    });

    app.get('/api/v1/units/:unitId/documents', {
      config: VIEW,
      schema: {
        operationId: 'searchDocuments', tags: ['documents'], security: [{ session: [] }],
        summary: 'Search a unit\'s documents: full text over metadata and the files\' text ignoring diacritics and case, with filters; relevance then date, 20 a page',
        description: 'Only the unit\'s own documents; confidential ones only for its leaders and the officials assigned to, holding, registering or drafting them. 404 for a unit out of reach or not an agency.',
        params: Type.Object({ unitId: Type.String({ pattern: '^[0-9]{1,15}$' }) }),
        querystring: SearchQuery,
        response: { 200: Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), words: Type.Array(Type.String()), items: Type.Array(HitSchema) }), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    }, async (request) => {
      const unit = await documentUnit(ctx, request);
      const result = await searchDocuments(ctx.db, unit.id, filtersOf(request.query), searcherOf(request));
      return { total: result.total, page: result.page, pageSize: result.pageSize, words: result.query.words, items: result.hits.map((h) => hitJson(unit.id, h, result.query)) };
    });
  };
}
