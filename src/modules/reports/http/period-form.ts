/** The period of a reports page: read from the query (`period`, or `from` and `to` days), and the form that picks it. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import { lastMonths, monthOf, parsePeriod } from '../domain/period.ts';
import type { Period } from '../domain/period.ts';

const one = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');

/** The period asked for; this month when none is given. A period that names nothing is a 400 the person can act on. */
export function periodFromQuery(request: FastifyRequest, now = new Date()): Period {
  const q = request.query as Record<string, unknown>;
  const from = one(q.from);
  const to = one(q.to);
  const text = from !== '' || to !== '' ? `${from}..${to}` : one(q.period);
  if (text === '') return monthOf(now);
  const period = parsePeriod(text);
  if (!period) throw new AppError('reports.error.period', 400);
  return period;
}

/** How a period reads on a page: "Tháng 11/2026", "Quý IV/2026", "Năm 2026", "01/11/2026 – 15/11/2026". */
export function periodLabel(request: FastifyRequest, p: Period): string {
  const t = request.t;
  const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  if (p.kind === 'month') return t('reports.period.month', { month: p.key.slice(5, 7), year: p.key.slice(0, 4) });
  if (p.kind === 'quarter') return t('reports.period.quarter', { quarter: ['I', 'II', 'III', 'IV'][Number(p.key.slice(6)) - 1]!, year: p.key.slice(0, 4) });
  if (p.kind === 'year') return t('reports.period.year', { year: p.key });
  return `${dmy(p.firstDay)} – ${dmy(p.lastDay)}`;
}

/** The periods offered in the picker: the last 12 months, the last 4 quarters and the last 2 years. */
function choices(now: Date): string[] {
  const months = lastMonths(now, 12).map((m) => m.key).reverse();
  const year = Number(months[0]!.slice(0, 4));
  const quarter = Math.ceil(Number(months[0]!.slice(5, 7)) / 3);
  const quarters: string[] = [];
  for (let i = 0; i < 4; i++) {
    const n = year * 4 + quarter - 1 - i;
    quarters.push(`${Math.floor(n / 4)}-Q${(n % 4) + 1}`);
  }
  return [...months, ...quarters, String(year), String(year - 1)];
}

/** A GET form that works without JavaScript: a list of periods, or a range of days. Extra query values ride along. */
export function periodForm(request: FastifyRequest, action: string, current: Period, keep: Record<string, string> = {}, extra?: SafeHtml, now = new Date()): SafeHtml {
  const t = request.t;
  const options = choices(now);
  if (!options.includes(current.key) && current.kind !== 'range') options.unshift(current.key);
  return html`<form method="get" action="${action}" class="filters period-form">
${Object.entries(keep).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<div class="field"><label for="f-period">${t('reports.period.label')}</label>
<select id="f-period" name="period">${options.map((key) => html`<option value="${key}"${key === current.key ? html` selected` : ''}>${periodLabel(request, parsePeriod(key)!)}</option>`)}</select></div>
${extra ?? ''}<button type="submit" class="button secondary">${t('reports.period.show')}</button>
</form>
<details class="period-range"${current.kind === 'range' ? html` open` : ''}><summary>${t('reports.period.range')}</summary>
<form method="get" action="${action}" class="filters">
${Object.entries(keep).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<div class="field"><label for="f-from">${t('reports.period.from')}</label><input id="f-from" name="from" type="date" required value="${current.kind === 'range' ? current.firstDay : ''}"></div>
<div class="field"><label for="f-to">${t('reports.period.to')}</label><input id="f-to" name="to" type="date" required value="${current.kind === 'range' ? current.lastDay : ''}"></div>
<button type="submit" class="button secondary">${t('reports.period.show')}</button>
</form></details>`;
}

/** One formatter per language: building an Intl.NumberFormat costs ~15 µs, and a ranking page formats ~1,500 numbers. */
const NUMBER_FORMATS = { vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }) };

/** Percentages and points as people read them: "66,67" in Vietnamese, "66.67" in English. */
export function formatNumber(lang: Lang, value: number): string {
  return (lang === 'vi' ? NUMBER_FORMATS.vi : NUMBER_FORMATS.en).format(value);
}
