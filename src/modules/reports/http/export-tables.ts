/** The reports pages' tables as data: the same rows the pages show, for CSV, XLSX and PDF. */
import type { FastifyRequest } from 'fastify';
import type { DataTable } from '../../../platform/exports/table.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { RecordListRow } from '../../records/index.ts';
import { GROUPS, indicatorById } from '../domain/indicators.ts';
import type { ProcessingTime } from '../domain/indicators.ts';
import type { Scorecard } from '../domain/scoring.ts';
import type { RankedReport } from '../compute.ts';
import { groupName, indicatorName } from './indicator-table.ts';

const KEY_RATES = ['2.1', '3.3', '3.6', '4.2', '5.4'] as const;
export { KEY_RATES };

export function indicatorsData(request: FastifyRequest, title: string, subtitle: string, card: Scorecard): DataTable {
  const t = request.t;
  return {
    title, subtitle,
    columns: [
      { key: 'id', label: t('reports.col.id'), kind: 'text' },
      { key: 'group', label: t('reports.col.group'), kind: 'text' },
      { key: 'name', label: t('reports.col.indicator'), kind: 'text' },
      { key: 'rate', label: t('reports.col.rate_percent'), kind: 'percent' },
      { key: 'numerator', label: t('reports.col.numerator'), kind: 'integer' },
      { key: 'denominator', label: t('reports.col.denominator'), kind: 'integer' },
      { key: 'target', label: t('reports.col.target_percent'), kind: 'percent' },
      { key: 'points', label: t('reports.col.points'), kind: 'decimal' },
      { key: 'max', label: t('reports.col.max_points'), kind: 'decimal' },
    ],
    rows: card.indicators.map((i) => ({
      id: i.id, group: groupName(request, indicatorById(i.id)!.group), name: indicatorName(request, i.id),
      rate: i.available ? i.rate : t('reports.no_source'), numerator: i.numerator, denominator: i.denominator,
      target: i.target, points: i.points, max: i.maxPoints,
    })),
    notes: [t('reports.note.total', { total: card.total, attainable: card.attainable }), t('reports.note.configured')],
  };
}

export function rankingData(request: FastifyRequest, title: string, subtitle: string, rows: readonly RankedReport[]): DataTable {
  const t = request.t;
  return {
    title, subtitle,
    columns: [
      { key: 'rank', label: t('reports.col.rank'), kind: 'integer' },
      { key: 'unit', label: t('reports.col.unit'), kind: 'text' },
      { key: 'code', label: t('reports.col.unit_code'), kind: 'text' },
      { key: 'total', label: t('reports.col.total'), kind: 'decimal' },
      { key: 'attainable', label: t('reports.col.attainable'), kind: 'decimal' },
      { key: 'label', label: t('reports.col.label'), kind: 'text' },
      ...GROUPS.map((g) => ({ key: `g_${g.key}`, label: `${groupName(request, g.key)} (${g.max})`, kind: 'decimal' as const })),
      ...KEY_RATES.map((id) => ({ key: `r_${id}`, label: `${id} ${indicatorName(request, id)} (%)`, kind: 'percent' as const })),
    ],
    rows: rows.map((r) => ({
      rank: r.rank, unit: r.unit.name, code: r.unit.code ?? '', total: r.card.total, attainable: r.card.attainable,
      label: r.card.label ? t(`reports.label.${r.card.label}` as MessageKey) : null,
      ...Object.fromEntries(r.card.groups.map((g) => [`g_${g.key}`, g.score])),
      ...Object.fromEntries(KEY_RATES.map((id) => [`r_${id}`, r.card.indicators.find((i) => i.id === id)?.rate ?? null])),
    })),
    notes: [t('reports.note.configured'), t('reports.note.ties')],
  };
}

export function processingData(request: FastifyRequest, title: string, subtitle: string, rows: readonly ProcessingTime[]): DataTable {
  const t = request.t;
  return {
    title, subtitle,
    columns: [
      { key: 'code', label: t('reports.col.procedure_code'), kind: 'text' },
      { key: 'name', label: t('reports.col.procedure'), kind: 'text' },
      { key: 'finished', label: t('reports.col.finished'), kind: 'integer' },
      { key: 'days', label: t('reports.col.average_days'), kind: 'decimal' },
    ],
    rows: rows.map((r) => ({ code: r.procedureCode, name: r.procedureName, finished: r.finished, days: r.averageWorkingDays })),
  };
}

export function recordsData(request: FastifyRequest, title: string, subtitle: string, rows: readonly RecordListRow[]): DataTable {
  const t = request.t;
  const day = (d: Date | null) => (d ? new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : null);
  return {
    title, subtitle,
    columns: [
      { key: 'code', label: t('records.code'), kind: 'text' },
      { key: 'procedure', label: t('records.procedure'), kind: 'text' },
      { key: 'status', label: t('records.status'), kind: 'text' },
      { key: 'channel', label: t('reports.col.channel'), kind: 'text' },
      { key: 'received', label: t('reports.col.received_at'), kind: 'text' },
      { key: 'due', label: t('records.due_at'), kind: 'text' },
      { key: 'finished', label: t('reports.col.finished_at'), kind: 'text' },
      { key: 'supplements', label: t('reports.col.supplements'), kind: 'integer' },
    ],
    rows: rows.map((r) => ({
      code: r.code, procedure: r.procedure_name, status: t(`records.status.${r.status}` as MessageKey), channel: t(`records.channel.${r.channel}` as MessageKey),
      received: day(r.received_at), due: day(r.due_at), finished: day(r.finished_at), supplements: r.supplement_requests,
    })),
  };
}

