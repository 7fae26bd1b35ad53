/**
 * A request's aggregate as a download: CSV (the aggregate table alone, for other programs) and XLSX (the
 * aggregate, then each unit's state and submitted answers on a second sheet), in the reader's language.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { idParam } from '../../../platform/http/form.ts';
import { sendExport, tableToCsv, tableToXlsx } from '../../../platform/exports/index.ts';
import type { DataColumn, DataTable } from '../../../platform/exports/index.ts';
import type { PeriodicReportsContext } from '../context.ts';
import { aggregate } from '../domain/progress.ts';
import { requestOf } from '../return-report.ts';
import type { RequestRow } from '../store.ts';
import { aggregateRows, unitLines } from './request-tables.ts';
import { officialOf, period, PROVINCE_PATH } from './shared.ts';

async function tables(ctx: PeriodicReportsContext, request: FastifyRequest, r: RequestRow): Promise<DataTable[]> {
  const t = request.t;
  const lines = await unitLines(ctx, r);
  const submitted = lines.filter((l) => l.submission?.status === 'submitted').map((l) => l.submission!.answers);
  const result = aggregate(r.fields, submitted);
  const subtitle = `${period(t, r)} — ${t('periodic_reports.aggregate_of', { count: result.submitted })}`;
  const summary: DataTable = {
    title: `${r.name} — ${t('periodic_reports.aggregate')}`,
    subtitle,
    columns: [
      { key: 'key', label: t('periodic_reports.export.key'), kind: 'text' },
      { key: 'label', label: t('periodic_reports.col.field'), kind: 'text' },
      { key: 'count', label: t('periodic_reports.col.count'), kind: 'integer' },
      { key: 'sum', label: t('periodic_reports.col.sum'), kind: 'decimal' },
      { key: 'average', label: t('periodic_reports.col.average'), kind: 'decimal' },
    ],
    rows: aggregateRows(t, r, result).map((row) => ({ key: row.key, label: row.label, count: row.count, sum: row.sum, average: row.average })),
  };
  const fieldColumns: DataColumn[] = r.fields.map((f) => ({ key: `f_${f.key}`, label: f.label, kind: f.kind === 'text' ? 'text' : f.kind }));
  const units: DataTable = {
    title: `${r.name} — ${t('periodic_reports.units_title')}`,
    subtitle,
    columns: [
      { key: 'unit', label: t('periodic_reports.col.unit'), kind: 'text' },
      { key: 'state', label: t('periodic_reports.col.state'), kind: 'text' },
      { key: 'revision', label: t('periodic_reports.col.revision'), kind: 'integer' },
      ...fieldColumns,
    ],
    rows: lines.map((l) => {
      // Answers in force only: a returned report's row may hold a draft of its correction.
      const s = l.submission?.status === 'submitted' ? l.submission : undefined;
      const answers = s ? Object.entries(s.answers).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [`f_${k}`, v!]) : [];
      return { unit: l.unitName, state: t(`periodic_reports.state.${l.state}`), ...(s ? { revision: s.revision } : {}), ...Object.fromEntries(answers) };
    }),
  };
  return [summary, units];
}

export function exportRoutes(ctx: PeriodicReportsContext) {
  return (app: App) => {
    const permission = { config: { permission: 'reports.request' } };
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`${PROVINCE_PATH}/ky/:requestId/tong-hop.${format}`, permission, async (request, reply) => {
        const r = await requestOf(ctx, officialOf(request), idParam(request, 'requestId'));
        const [summary, units] = await tables(ctx, request, r);
        const o = { naText: request.t('periodic_reports.export.na') };
        const body = format === 'csv' ? tableToCsv(summary!, o) : await tableToXlsx([summary!, units!], o);
        return sendExport(reply, format, `${r.name} ${r.period_label}`, body);
      });
    }
  };
}

/** The links the request page shows. */
export const exportPaths = (requestId: number) => ({ csv: `${PROVINCE_PATH}/ky/${requestId}/tong-hop.csv`, xlsx: `${PROVINCE_PATH}/ky/${requestId}/tong-hop.xlsx` });
