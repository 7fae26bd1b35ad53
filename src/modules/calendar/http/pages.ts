/** The administrator's page of one year: the holidays and the official schedule by month, the add and import forms. */
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/views/forms.ts';
import type { FieldErrors } from '../../../platform/views/forms.ts';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../domain/holidays.ts';
import type { StatutoryHoliday } from '../domain/holidays.ts';
import { ENTRY_KINDS, NAME_MAX, SOURCE_MAX, yearScheduleJson } from '../domain/schedule.ts';
import type { DocumentProblem, ScheduleEntry } from '../domain/schedule.ts';
import { formatHours } from '../domain/working-calendar.ts';
import type { CalendarDay, CalendarSettings, WorkingCalendar } from '../domain/working-calendar.ts';
import type { RecordedSchedule } from '../store.ts';

export const CALENDAR_PATH = '/admin/calendar';
export const yearUrl = (year: number) => `${CALENDAR_PATH}?year=${year}`;

/** `2026-08-31` → `31/08/2026`. */
export const displayDate = (iso: string) => iso.split('-').reverse().join('/');

/** A failed post: which form, what was typed, what is wrong. */
export interface FormState {
  form: 'add' | 'import';
  errors: FieldErrors;
  values: Record<string, string>;
  problems?: DocumentProblem[];
}

export interface YearPage {
  year: number;
  calendar: WorkingCalendar;
  settings: CalendarSettings;
  schedule: RecordedSchedule | undefined;
  entries: ScheduleEntry[];
  token: string;
  state?: FormState | undefined;
}

const vietnamTime = (at: Date) => {
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${local.slice(11, 16)} ${displayDate(local.slice(0, 10))}`;
};

function holidayText(t: Translate, h: StatutoryHoliday): string {
  const name = t(`calendar.holiday.${h.code}`);
  if (!h.lunar) return name;
  const lunar = t(h.lunar.leap ? 'calendar.lunar_date_leap' : 'calendar.lunar_date', { day: h.lunar.day, month: h.lunar.month });
  return `${name} (${lunar})`;
}

function statusText(t: Translate, day: CalendarDay): string {
  if (day.working) return t('calendar.status.working');
  return day.weekday === 0 || day.weekday === 6 ? t('calendar.status.weekend') : t('calendar.status.off');
}

function dayRow(t: Translate, token: string, day: CalendarDay): SafeHtml {
  const date = displayDate(day.date);
  const lines = [
    ...day.holidays.map((h) => ({
      what: html`${holidayText(t, h)}${h.lunar ? html` <span class="badge">${t('calendar.lunar')}</span>` : ''}`,
      kind: t('calendar.kind.statutory'),
      source: t(h.code === 'culture_day' ? 'calendar.source.culture_day' : 'calendar.source.law'),
    })),
    ...(day.entry ? [{ what: html`${day.entry.name}`, kind: t(`calendar.kind.${day.entry.kind}`), source: day.entry.source || '—' }] : []),
  ];
  const remove = day.entry
    ? html`<form method="post" action="${CALENDAR_PATH}/entries/${day.date}/delete" class="inline">${csrfField(token)}<button type="submit" class="link-button">${t('calendar.remove')}<span class="visually-hidden"> ${t('calendar.remove_label', { date })}</span></button></form>`
    : '';
  return html`<tr><th scope="row">${date}<br><span class="hint">${t(`calendar.weekday.${day.weekday}` as MessageKey)}</span></th>
<td>${lines.map((l, i) => html`${i > 0 ? html`<br>` : ''}${l.what}`)}</td>
<td>${lines.map((l, i) => html`${i > 0 ? html`<br>` : ''}${l.kind}`)}</td>
<td>${statusText(t, day)}</td>
<td>${lines.map((l, i) => html`${i > 0 ? html`<br>` : ''}${l.source}`)}</td>
<td>${remove}</td></tr>`;
}

function monthTables(t: Translate, token: string, days: CalendarDay[]): SafeHtml {
  if (days.length === 0) return html`<p>${t('calendar.no_days')}</p>`;
  const months = new Map<number, CalendarDay[]>();
  for (const d of days) {
    const m = Number(d.date.slice(5, 7));
    months.set(m, [...(months.get(m) ?? []), d]);
  }
  return html`${[...months].map(([month, list]) => {
    const title = t('calendar.month', { month });
    return html`<h3 id="month-${month}">${title}</h3>
<div class="table-wrap" role="region" aria-labelledby="month-${month}" tabindex="0"><table>
<caption class="visually-hidden">${title}</caption>
<thead><tr><th scope="col">${t('calendar.col.date')}</th><th scope="col">${t('calendar.col.what')}</th><th scope="col">${t('calendar.col.kind')}</th><th scope="col">${t('calendar.col.status')}</th><th scope="col">${t('calendar.col.source')}</th><th scope="col">${t('calendar.col.actions')}</th></tr></thead>
<tbody>${list.map((d) => dayRow(t, token, d))}</tbody>
</table></div>`;
  })}`;
}

function yearNavigation(t: Translate, year: number): SafeHtml {
  return html`<nav aria-label="${t('calendar.years_nav')}"><ul class="inline-list">
${year > CALENDAR_MIN_YEAR ? html`<li><a href="${yearUrl(year - 1)}">${t('calendar.previous_year', { year: year - 1 })}</a></li>` : ''}
${year < CALENDAR_MAX_YEAR ? html`<li><a href="${yearUrl(year + 1)}">${t('calendar.next_year', { year: year + 1 })}</a></li>` : ''}
</ul>
<form method="get" action="${CALENDAR_PATH}" class="filters">
<div class="field"><label for="f-year">${t('calendar.year')}</label>
<input id="f-year" name="year" type="number" inputmode="numeric" min="${CALENDAR_MIN_YEAR}" max="${CALENDAR_MAX_YEAR}" value="${year}"></div>
<button type="submit" class="button secondary">${t('calendar.show_year')}</button>
</form></nav>`;
}

function scheduleStatus(t: Translate, year: number, schedule: RecordedSchedule | undefined): SafeHtml {
  if (!schedule) return html`<div class="warning"><p>${t('calendar.no_schedule', { year })}</p></div>`;
  const recorded = schedule.origin === 'built_in'
    ? t('calendar.schedule_recorded.built_in', { year })
    : t('calendar.schedule_recorded.import', { year, at: vietnamTime(schedule.recordedAt) });
  return html`<div class="notice-box"><p>${recorded}</p>${schedule.source ? html`<p>${t('calendar.schedule_source', { source: schedule.source })}</p>` : ''}</div>`;
}

function rules(t: Translate, settings: CalendarSettings): SafeHtml {
  const before = settings.holidays.tetDaysBefore;
  const nationalDay = settings.holidays.nationalDaySecond === 'auto' ? 'calendar.rule.national_day' : (`calendar.rule.national_day.${settings.holidays.nationalDaySecond}` as const);
  return html`<details><summary>${t('calendar.rules_title')}</summary><ul>
<li>${t('calendar.rule.tet', { before, after: 5 - before })}</li>
<li>${t(nationalDay)}</li>
<li>${t('calendar.rule.compensation')}</li>
<li>${t('calendar.rule.cutoff', { cutoff: settings.cutoff })}</li>
</ul></details>`;
}

function kindChoice(t: Translate, chosen: string, error: MessageKey | undefined): SafeHtml {
  return html`<fieldset class="field${error ? ' field-error' : ''}" id="f-kind"${error ? html` aria-describedby="f-kind-error"` : ''}>
<legend>${t('calendar.field.kind')}</legend>
${error ? html`<p class="error-message" id="f-kind-error">${t(error)}</p>` : ''}
${ENTRY_KINDS.map((k) => html`<div class="checkbox"><input type="radio" id="kind-${k}" name="kind" value="${k}"${k === chosen ? html` checked` : ''}><label for="kind-${k}">${t(`calendar.kind.${k}`)}</label></div>`)}
</fieldset>`;
}

function addForm(t: Translate, page: YearPage): SafeHtml {
  const mine = page.state?.form === 'add' ? page.state : undefined;
  const errors = mine?.errors ?? {};
  const v = mine?.values ?? {};
  return html`<section aria-labelledby="add-title"><h2 id="add-title">${t('calendar.add_title')}</h2>
<p class="hint">${t('calendar.add_hint')}</p>
<form method="post" action="${CALENDAR_PATH}/entries" novalidate>
${csrfField(page.token)}
<input type="hidden" name="year" value="${page.year}">
${textField(t, { name: 'date', label: t('calendar.field.date'), value: v.date, required: true, maxlength: 10, error: errors.date, autocomplete: 'off', hint: t('calendar.field.date_hint') })}
${kindChoice(t, v.kind ?? 'day_off', errors.kind)}
${textField(t, { name: 'name', label: t('calendar.field.name'), value: v.name, required: true, maxlength: NAME_MAX, error: errors.name, autocomplete: 'off', hint: t('calendar.field.name_hint') })}
${textField(t, { name: 'source', label: t('calendar.field.source'), value: v.source, maxlength: SOURCE_MAX, error: errors.source, autocomplete: 'off', hint: t('calendar.field.source_hint') })}
<button type="submit" class="button">${t('calendar.add_submit')}</button>
</form></section>`;
}

function problemText(t: Translate, p: DocumentProblem): string {
  const message = t(p.key);
  return p.entry === null ? t('calendar.import.problem_document', { field: p.field, message }) : t('calendar.import.problem_entry', { entry: p.entry, field: p.field, message });
}

function importForm(t: Translate, page: YearPage): SafeHtml {
  const mine = page.state?.form === 'import' ? page.state : undefined;
  const error = mine?.errors.schedule;
  const problems = mine?.problems ?? [];
  const describedBy = ['f-schedule-hint', error ? 'f-schedule-error' : ''].filter(Boolean).join(' ');
  const example = yearScheduleJson({ year: page.year, source: page.schedule?.source ?? '', entries: page.entries });
  return html`<section aria-labelledby="import-title"><h2 id="import-title">${t('calendar.import_title')}</h2>
${page.entries.length > 0 ? html`<p><a href="${CALENDAR_PATH}/export.json?year=${page.year}" download>${t('calendar.export_link', { year: page.year })}</a></p>` : ''}
<form method="post" action="${CALENDAR_PATH}/import" novalidate>
${csrfField(page.token)}
<input type="hidden" name="year" value="${page.year}">
<div class="field${error ? ' field-error' : ''}">
  <label for="f-schedule">${t('calendar.import_field')}</label>
  <p class="hint" id="f-schedule-hint">${t('calendar.import_hint')}</p>
  ${error ? html`<div class="error-message" id="f-schedule-error"><p>${t(error)}</p>${problems.length ? html`<ul>${problems.map((p) => html`<li>${problemText(t, p)}</li>`)}</ul>` : ''}</div>` : ''}
  <textarea id="f-schedule" name="schedule" rows="12" spellcheck="false" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''}>${mine?.values.schedule ?? ''}</textarea>
</div>
<details><summary>${page.entries.length > 0 ? t('calendar.import_example', { year: page.year }) : t('calendar.import_example_empty')}</summary><pre>${example}</pre></details>
<button type="submit" class="button">${t('calendar.import_submit')}</button>
</form></section>`;
}

export function yearPageBody(t: Translate, page: YearPage): SafeHtml {
  const { year, calendar } = page;
  return html`<h1>${t('calendar.title', { year })}</h1>
${page.state ? errorSummary(t, page.state.errors) : ''}
<p>${t('calendar.intro')}</p>
${yearNavigation(t, year)}
${scheduleStatus(t, year, page.schedule)}
<p>${t('calendar.summary', { year, count: calendar.workingDaysIn(year), hours: formatHours(calendar.periods) })}</p>
${rules(t, page.settings)}
<section aria-labelledby="days-title"><h2 id="days-title">${t('calendar.days_title')}</h2>
<p class="hint">${t('calendar.lunar_hint')}</p>
${monthTables(t, page.token, calendar.markedDays(year))}
</section>
${addForm(t, page)}
${importForm(t, page)}`;
}
