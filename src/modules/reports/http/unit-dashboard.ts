/**
 * A commune's dashboard (the leaders' home for reporting): today's workload, the period's indicators against
 * their targets with every number linking to its records, the score, the trend of the last twelve months, and
 * the average processing time per procedure (2.2). Exports: CSV and XLSX of the tables, PDF of the whole.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { lineChart } from '../../../platform/views/charts.ts';
import { catalogueFacts } from '../../catalogue/index.ts';
import { countQueues } from '../../records/index.ts';
import type { Queue } from '../../records/index.ts';
import { findUnit, isAgency } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import { monthlyTrend, processingTimes, reportUnits } from '../compute.ts';
import { lastMonths } from '../domain/period.ts';
import type { Period } from '../domain/period.ts';
import { settingsFor } from '../settings-for.ts';
import { documentsPanel } from './documents-panel.ts';
import { indicatorsData, processingData } from './export-tables.ts';
import { indicatorName, indicatorTable, scoreSummary } from './indicator-table.ts';
import { exportFormat, exportLinks, sendTables } from './send-tables.ts';
import { formatNumber, periodForm, periodFromQuery, periodLabel } from './period-form.ts';

export const VIEW_REPORTS = { permission: 'reports.view' } as const;
/** The indicators drawn in the trend chart. */
const TREND = ['2.1', '3.3', '3.6', '4.2'] as const;
const SOON_MS = 2 * 24 * 3600_000;

async function reportableUnit(db: Db, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(db, idParam(request, 'unitId'));
  if (!unit || !isAgency(unit.kind)) throw new AppError('error.not_found', 404);
  return unit;
}

export const drillHref = (unitId: number, period: Period) => (set: string) => `/admin/units/${unitId}/reports/records?period=${encodeURIComponent(period.key)}&set=${set}`;

function workloadPanel(request: FastifyRequest, unit: Unit, counts: Record<Queue, number>) {
  const t = request.t;
  const shown: Queue[] = ['new', 'in_progress', 'due_soon', 'overdue', 'waiting', 'to_return'];
  return html`<section aria-labelledby="workload-title"><h2 id="workload-title">${t('reports.workload')}</h2>
<ul class="queue-counts">${shown.map((q) => html`<li><a href="/admin/units/${unit.id}/records?queue=${q}"><span class="count${q === 'overdue' && counts[q] > 0 ? ' alert' : ''}" data-queue="${q}">${counts[q]}</span> ${t(`records.queue.${q}` as MessageKey)}</a></li>`)}</ul></section>`;
}

export function unitDashboardPages(db: Db) {
  return (app: App) => {
    app.get('/admin/reports', { config: VIEW_REPORTS }, async (request, reply) => {
      const actor = request.actor!;
      if (actor.kind !== 'official') throw new AppError('error.not_found', 404);
      const unit = await findUnit(db, actor.unitId);
      return reply.redirect(unit?.kind === 'province' ? `/admin/units/${actor.unitId}/reports/ranking` : `/admin/units/${actor.unitId}/reports`, 303);
    });

    app.get('/admin/units/:unitId/reports', { config: VIEW_REPORTS }, async (request, reply) => {
      const t = request.t;
      const unit = await reportableUnit(db, request);
      if (unit.kind === 'province') return reply.redirect(`/admin/units/${unit.id}/reports/ranking${request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''}`, 303);
      const format = exportFormat(request);
      const period = periodFromQuery(request);
      const now = new Date();
      const [{ settings }, catalogue] = await Promise.all([settingsFor(db, unit), catalogueFacts(db)]);
      // The catalogue read once; the period's figures, 2.2 and (on the page) the workload and the trend all at once.
      const [[report], times, queues, trend] = await Promise.all([
        reportUnits(db, [unit], period, settings, now, catalogue),
        processingTimes(db, [unit.id], period, now, catalogue),
        format ? undefined : countQueues(db, [unit.id], { now, soonMs: SOON_MS }),
        format ? [] : monthlyTrend(db, unit, lastMonths(now, 12), settings, now, catalogue),
      ]);
      const card = report!.card;
      const title = t('reports.unit.title', { unit: unit.name });
      const label = periodLabel(request, period);
      if (format) {
        return sendTables(request, reply, format, `chi-so-${unit.code ?? unit.id}-${period.key}`, { title, subtitle: label },
          [indicatorsData(request, t('reports.indicators_caption'), `${unit.name} · ${label}`, card), processingData(request, t('reports.processing.title'), `${unit.name} · ${label}`, times)]);
      }
      const chart = lineChart({
        id: 'trend', title: t('reports.trend.title'), description: t('reports.trend.description'), tableLabel: t('reports.chart.table'), notAvailable: t('reports.na'),
        categories: trend.map((m) => m.period.key.slice(5, 7) + '/' + m.period.key.slice(0, 4)), categoryHeading: t('reports.period.label'), max: 100,
        series: TREND.map((id) => ({ name: `${id} ${indicatorName(request, id)}`, values: trend.map((m) => m.report.values.find((v) => v.id === id)?.rate ?? null) })),
        format: (v) => `${formatNumber(request.lang, v)} %`,
      });
      return reply.page({
        title,
        body: html`<h1>${title}</h1>
<p class="lead">${t('reports.unit.intro', { period: label })}</p>
${periodForm(request, `/admin/units/${unit.id}/reports`, period)}
${workloadPanel(request, unit, queues!)}
<section aria-labelledby="score-title"><h2 id="score-title">${t('reports.score_title', { period: label })}</h2>
${scoreSummary(request, card)}
${exportLinks(request, `/admin/units/${unit.id}/reports?period=${encodeURIComponent(period.key)}`)}
${indicatorTable(request, card, drillHref(unit.id, period))}
<p class="hint">${t('reports.note.configured')} ${t('reports.note.rules')}</p></section>
${await documentsPanel(db, request, unit.id, period, now)}
<section aria-labelledby="trend-section"><h2 id="trend-section">${t('reports.trend.heading')}</h2>${chart}</section>
<section><h2 id="processing-title">${t('reports.processing.title')}</h2>
<p>${t('reports.processing.intro')}</p>
${times.length === 0 ? html`<p>${t('reports.processing.none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="processing-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('reports.col.procedure')}</th><th scope="col">${t('reports.col.finished')}</th><th scope="col">${t('reports.col.average_days')}</th></tr></thead>
<tbody>${times.map((p) => html`<tr><td>${p.procedureName} <small>(${p.procedureCode})</small></td><td class="num">${p.finished}</td><td class="num">${formatNumber(request.lang, p.averageWorkingDays)}</td></tr>`)}</tbody></table></div>`}
</section>`,
      });
    });
  };
}
