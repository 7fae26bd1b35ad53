/**
 * The records behind a number (`reports.view`): one record set of one unit for one period, the same predicate
 * that counted it, most recently received first, each row linking to the record; CSV and XLSX of the set
 * (up to EXPORT_ROWS rows).
 */
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { catalogueFacts } from '../../catalogue/index.ts';
import { isRecordSet, listRecordSet, recordsTable } from '../../records/index.ts';
import { findUnit, isAgency } from '../../tenancy/index.ts';
import { factsWindow } from '../compute.ts';
import { recordsData } from './export-tables.ts';
import { exportFormat, exportLinks, sendTables } from './send-tables.ts';
import { periodFromQuery, periodLabel } from './period-form.ts';
import { VIEW_REPORTS } from './unit-dashboard.ts';

const PAGE = 50;
const EXPORT_ROWS = 10_000;
const MAX_PAGE = 2_000;

export function drillDownPages(db: Db) {
  return (app: App) => {
    app.get('/admin/units/:unitId/reports/records', { config: VIEW_REPORTS }, async (request, reply) => {
      const t = request.t;
      const unit = await findUnit(db, idParam(request, 'unitId'));
      if (!unit || !isAgency(unit.kind) || unit.kind === 'province') throw new AppError('error.not_found', 404);
      const q = request.query as Record<string, unknown>;
      const set = q.set;
      if (!isRecordSet(set)) throw new AppError('reports.error.set', 400);
      const page = q.page === undefined ? 1 : Number(q.page);
      if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw new AppError('error.invalid_request', 400);
      const period = periodFromQuery(request);
      const format = exportFormat(request, ['csv', 'xlsx']);
      const window = factsWindow(period, new Date(), await catalogueFacts(db));
      const label = periodLabel(request, period);
      const setName = t(`reports.set.${set}` as MessageKey);
      const title = t('reports.drill.title', { set: setName });
      if (format) {
        const all = await listRecordSet(db, [unit.id], set, window, { limit: EXPORT_ROWS, offset: 0 });
        return sendTables(request, reply, format, `ho-so-${unit.code ?? unit.id}-${period.key}-${set}`, { title, subtitle: `${unit.name} · ${label}` }, [recordsData(request, title, `${unit.name} · ${label}`, all.rows)]);
      }
      const found = await listRecordSet(db, [unit.id], set, window, { limit: PAGE, offset: (page - 1) * PAGE });
      const pages = Math.max(1, Math.ceil(found.total / PAGE));
      const base = `/admin/units/${unit.id}/reports/records?period=${encodeURIComponent(period.key)}&set=${set}`;
      return reply.page({
        title,
        body: html`<p><a href="/admin/units/${unit.id}/reports?period=${encodeURIComponent(period.key)}">← ${t('reports.drill.back', { unit: unit.name })}</a></p>
<h1>${title}</h1>
<p class="lead">${t('reports.drill.intro', { unit: unit.name, period: label, count: found.total })}</p>
<p class="hint">${t(`reports.set_rule.${set}` as MessageKey)}</p>
${exportLinks(request, base, ['csv', 'xlsx'])}
${found.rows.length === 0 ? html`<p>${t('reports.drill.none')}</p>` : html`<div class="drill-records">${recordsTable(request, found.rows, (r) => `/admin/units/${unit.id}/records/${Number(r.id)}`, title)}</div>`}
${pages > 1 ? html`<nav aria-label="${t('catalogue.pages')}"><p>${page > 1 ? html`<a href="${base}&page=${page - 1}">${t('catalogue.prev')}</a> ` : ''}${t('catalogue.page_of', { page, pages })}${page < pages ? html` <a href="${base}&page=${page + 1}">${t('catalogue.next')}</a>` : ''}</p></nav>` : ''}`,
      });
    });
  };
}
