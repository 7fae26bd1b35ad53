/**
 * The province's ranking of its communes and wards (`reports.view` at the province) and the public transparency
 * page with the same figures (`/chi-so`, no sign-in): scores, labels, groups and the key rates, sortable,
 * ranked "1224", a bar chart of the scores, CSV/XLSX/PDF. The public page shows aggregates only (no record,
 * no person) and links nowhere behind a number.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { barChart } from '../../../platform/views/charts.ts';
import { catalogueFacts } from '../../catalogue/index.ts';
import { findUnit, listUnits, listUnitsWithin } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import { rank, reportUnits } from '../compute.ts';
import type { RankedReport } from '../compute.ts';
import { GROUPS } from '../domain/indicators.ts';
import { loadSettings } from '../store.ts';
import { KEY_RATES, rankingData } from './export-tables.ts';
import { groupName, indicatorName } from './indicator-table.ts';
import { exportFormat, exportLinks, sendTables } from './send-tables.ts';
import { formatNumber, periodForm, periodFromQuery, periodLabel } from './period-form.ts';
import { VIEW_REPORTS } from './unit-dashboard.ts';

/** Sort keys: the rank (default), the name, a group or a key rate. */
const SORTS = ['rank', 'name', ...GROUPS.map((g) => `g_${g.key}`), ...KEY_RATES.map((id) => `r_${id}`)] as const;
type Sort = (typeof SORTS)[number];
const KINDS = ['all', 'commune', 'ward'] as const;
type KindFilter = (typeof KINDS)[number];

const one = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function readFilters(request: FastifyRequest): { sort: Sort; kind: KindFilter } {
  const q = request.query as Record<string, unknown>;
  const sort = one(q.sort) || 'rank';
  const kind = one(q.kind) || 'all';
  if (!(SORTS as readonly string[]).includes(sort) || !(KINDS as readonly string[]).includes(kind)) throw new AppError('error.invalid_request', 400);
  return { sort: sort as Sort, kind: kind as KindFilter };
}

function sortValue(r: RankedReport, sort: Sort): number | null {
  if (sort.startsWith('g_')) return r.card.groups.find((g) => `g_${g.key}` === sort)?.score ?? null;
  if (sort.startsWith('r_')) return r.card.indicators.find((i) => `r_${i.id}` === sort)?.rate ?? null;
  return null;
}

function sorted(rows: RankedReport[], sort: Sort): RankedReport[] {
  if (sort === 'rank') return rows;
  if (sort === 'name') return [...rows].sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'));
  // Highest first; N/A last.
  return [...rows].sort((a, b) => (sortValue(b, sort) ?? -1) - (sortValue(a, sort) ?? -1) || a.rank - b.rank);
}

interface RankingView {
  action: string;
  title: string;
  /** Where a unit's name links (its dashboard), or nowhere on the public page. */
  unitHref?: (u: Unit) => string;
  intro: string;
  /** The scoring settings, for those who may change them. */
  settingsHref?: string;
}

function rankingTable(request: FastifyRequest, rows: readonly RankedReport[], view: RankingView, sort: Sort): SafeHtml {
  const t = request.t;
  const rate = (r: RankedReport, id: string) => {
    const v = r.card.indicators.find((i) => i.id === id)!;
    return v.rate === null ? html`<abbr title="${t('reports.na')}">${t('reports.na_short')}</abbr>` : formatNumber(request.lang, v.rate);
  };
  return html`<div class="table-wrap" role="region" aria-labelledby="ranking-title" tabindex="0"><table class="ranking">
<caption id="ranking-title">${t('reports.ranking.caption')}</caption>
<thead><tr><th scope="col">${t('reports.col.rank')}</th><th scope="col">${t('reports.col.unit')}</th><th scope="col">${t('reports.col.total')}</th><th scope="col">${t('reports.col.label')}</th>
${GROUPS.map((g) => html`<th scope="col"${sort === `g_${g.key}` ? html` aria-sort="descending"` : ''}><abbr title="${groupName(request, g.key)}">${g.key}</abbr> <small>/${g.max}</small></th>`)}
${KEY_RATES.map((id) => html`<th scope="col"${sort === `r_${id}` ? html` aria-sort="descending"` : ''}><abbr title="${indicatorName(request, id)}">${id}</abbr> <small>%</small></th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr data-unit="${r.unit.id}"><td class="num" data-rank="${r.rank}">${r.rank}</td>
<th scope="row">${view.unitHref ? html`<a href="${view.unitHref(r.unit)}">${r.unit.name}</a>` : r.unit.name}</th>
<td class="num" data-total="${r.card.total}"><strong>${formatNumber(request.lang, r.card.total)}</strong> <small>/ ${formatNumber(request.lang, r.card.attainable)}</small></td>
<td>${r.card.label ? html`<span class="badge label-${r.card.label}">${t(`reports.label.${r.card.label}` as MessageKey)}</span>` : t('reports.na')}</td>
${r.card.groups.map((g) => html`<td class="num">${formatNumber(request.lang, g.score)}</td>`)}
${KEY_RATES.map((id) => html`<td class="num">${rate(r, id)}</td>`)}</tr>`)}</tbody></table></div>`;
}

/** The sort and kind choices, inside the period form (one form, one button). */
function sortFields(request: FastifyRequest, f: { sort: Sort; kind: KindFilter }): SafeHtml {
  const t = request.t;
  const sortLabel = (s: Sort) => s === 'rank' ? t('reports.sort.rank') : s === 'name' ? t('reports.sort.name') : s.startsWith('g_') ? groupName(request, s.slice(2)) : `${s.slice(2)} ${indicatorName(request, s.slice(2))}`;
  return html`<div class="field"><label for="f-sort">${t('reports.sort.label')}</label><select id="f-sort" name="sort">${SORTS.map((s) => html`<option value="${s}"${s === f.sort ? html` selected` : ''}>${sortLabel(s)}</option>`)}</select></div>
<div class="field"><label for="f-kind">${t('reports.kind.label')}</label><select id="f-kind" name="kind">${KINDS.map((k) => html`<option value="${k}"${k === f.kind ? html` selected` : ''}>${t(`reports.kind.${k}` as MessageKey)}</option>`)}</select></div>`;
}

/** Both pages: read the period and filters, rank, answer a file or the page. */
async function rankingPage(db: Db, request: FastifyRequest, reply: FastifyReply, province: Unit, units: readonly Unit[], view: RankingView) {
  const t = request.t;
  const period = periodFromQuery(request);
  const f = readFilters(request);
  const format = exportFormat(request);
  // The settings and the catalogue at once, then the aggregate: each round trip to the database waits its turn on a busy server.
  const [{ settings }, catalogue] = await Promise.all([loadSettings(db, province.id), catalogueFacts(db)]);
  const communes = units.filter((u) => (f.kind === 'all' ? u.kind === 'commune' || u.kind === 'ward' : u.kind === f.kind));
  const rows = sorted(rank(await reportUnits(db, communes, period, settings, new Date(), catalogue)), f.sort);
  const label = periodLabel(request, period);
  if (format) return sendTables(request, reply, format, `xep-hang-${province.code ?? province.id}-${period.key}`, { title: view.title, subtitle: label }, [rankingData(request, view.title, label, rows)]);
  const query = `period=${encodeURIComponent(period.key)}&sort=${f.sort}&kind=${f.kind}`;
  const chart = barChart({
    id: 'scores', title: t('reports.ranking.chart_title', { period: label }), description: t('reports.ranking.chart_description'), tableLabel: t('reports.chart.table'), notAvailable: t('reports.na'),
    labelHeading: t('reports.col.unit'), valueHeading: t('reports.col.total'), max: 100,
    bars: rows.map((r) => ({ label: `${r.rank}. ${r.unit.name}`, value: r.card.total, ...(view.unitHref ? { href: `${view.unitHref(r.unit)}` } : {}) })),
    format: (v) => formatNumber(request.lang, v),
  });
  return reply.page({
    title: view.title,
    body: html`<h1>${view.title}</h1><p class="lead">${view.intro}</p>
${view.settingsHref ? html`<p><a href="${view.settingsHref}">${t('reports.settings.link')}</a></p>` : ''}
${periodForm(request, view.action, period, {}, sortFields(request, f))}
<h2>${t('reports.ranking.heading', { period: label })}</h2>
${exportLinks(request, `${view.action}?${query}`)}
${rows.length === 0 ? html`<p>${t('reports.ranking.none')}</p>` : rankingTable(request, rows, view, f.sort)}
<p class="hint">${t('reports.note.configured')} ${t('reports.note.ties')} ${t('reports.note.rules')}</p>
${rows.length > 0 ? chart : ''}`,
  });
}

export function rankingPages(db: Db) {
  return (app: App) => {
    app.get('/admin/units/:unitId/reports/ranking', { config: VIEW_REPORTS }, async (request, reply) => {
      const province = await findUnit(db, idParam(request, 'unitId'));
      if (!province || province.kind !== 'province') throw new AppError('error.not_found', 404);
      const t = request.t;
      return rankingPage(db, request, reply, province, await listUnitsWithin(db, province.path), {
        action: `/admin/units/${province.id}/reports/ranking`,
        title: t('reports.ranking.title', { province: province.name }),
        intro: t('reports.ranking.intro'),
        unitHref: (u) => `/admin/units/${u.id}/reports?period=${encodeURIComponent(periodFromQuery(request).key)}`,
        ...(request.actor?.kind === 'official' && request.actor.permissions.has('reports.configure') ? { settingsHref: `/admin/units/${province.id}/reports/settings` } : {}),
      });
    });

    // The transparency page: the same figures for everyone, aggregates only.
    app.get('/chi-so', { config: { permission: 'public' } }, async (request, reply) => {
      const units = await listUnits(db);
      const province = units.find((u) => u.kind === 'province');
      if (!province) throw new AppError('error.not_found', 404);
      const t = request.t;
      return rankingPage(db, request, reply, province, units, { action: '/chi-so', title: t('reports.public.title', { province: province.name }), intro: t('reports.public.intro') });
    });
  };
}
