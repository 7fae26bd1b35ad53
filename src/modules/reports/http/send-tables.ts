/** `?format=csv|xlsx|pdf` on a reports page: the page's tables as a file, and the links that ask for them. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import { sendExport, tableToCsv, tableToXlsx, tablesToPdf } from '../../../platform/exports/index.ts';
import type { DataTable, ExportFormat } from '../../../platform/exports/index.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';

const FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'pdf'];

/** The format asked for, none for the page itself; anything else is a 400. */
export function exportFormat(request: FastifyRequest, allowed: readonly ExportFormat[] = FORMATS): ExportFormat | null {
  const value = (request.query as Record<string, unknown>).format;
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new AppError('reports.error.format', 400);
  return value as ExportFormat;
}

export function exportLinks(request: FastifyRequest, base: string, formats: readonly ExportFormat[] = FORMATS): SafeHtml {
  const t = request.t;
  const join = base.includes('?') ? '&' : '?';
  return html`<p class="exports">${t('reports.export')} ${formats.map((f, i) => html`${i > 0 ? ' · ' : ''}<a href="${base}${join}format=${f}" download>${t(`reports.export.${f}`)}</a>`)}</p>`;
}

/** CSV holds the first table; XLSX one sheet per table; PDF every table under the report's title. */
export async function sendTables(request: FastifyRequest, reply: FastifyReply, format: ExportFormat, baseName: string, head: { title: string; subtitle: string }, tables: DataTable[]) {
  const naText = request.t('reports.na');
  const body = format === 'csv' ? tableToCsv(tables[0]!, { naText })
    : format === 'xlsx' ? await tableToXlsx(tables, { naText })
      : await tablesToPdf({ title: head.title, subtitle: head.subtitle, generatedAt: request.t('reports.generated_at', { at: formatDateTime(request.lang, new Date()) }), tables, naText, lang: request.lang });
  return sendExport(reply, format, baseName, body);
}
