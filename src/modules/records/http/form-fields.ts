/** The online form, rendered from the procedure's definition: plain HTML that works without JavaScript. */
import type { FastifyRequest } from 'fastify';
import type { FormField, FormSection } from '../../catalogue/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import type { FieldProblem } from '../domain/form-values.ts';

type T = FastifyRequest['t'];

export const problemText = (t: T, p: FieldProblem) => t(p.key, p.params);

/** The GOV.UK error summary with each message linking to its field. */
export function problemSummary(t: T, problems: Record<string, FieldProblem>, general: string[] = []): SafeHtml {
  const entries = Object.entries(problems);
  if (entries.length === 0 && general.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t('form.error_summary')}</h2>
<ul>${general.map((g) => html`<li>${g}</li>`)}${entries.map(([name, p]) => html`<li><a href="#f-${name}">${problemText(t, p)}</a></li>`)}</ul>
</div>`;
}

function conditionHint(t: T, field: FormField, all: readonly FormField[]): string {
  if (!field.showIf) return '';
  const other = all.find((f) => f.name === field.showIf!.field);
  if (!other) return '';
  const answers = field.showIf.in.map((v) => other.options?.find((o) => o.value === v)?.label ?? (v === 'on' ? t('records.form.ticked') : v));
  return t('records.form.only_if', { field: other.label, answers: answers.join(' / ') });
}

/** 2026-11-28 → 28/11/2026; anything else as typed. */
const displayDate = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('/') : value);

function inputFor(field: FormField, id: string, value: string, describedBy: string, invalid: boolean): SafeHtml {
  // A conditional field is required only when it applies: the server decides, the browser must not insist.
  const common = html`id="${id}" name="${field.name}"${field.required && !field.showIf ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
  const max = field.validation?.maxLength;
  switch (field.type) {
    case 'textarea':
      return html`<textarea ${common} rows="5"${max ? html` maxlength="${max}"` : ''}>${value}</textarea>`;
    case 'select':
      return html`<select ${common}><option value="">—</option>${(field.options ?? []).map((o) => html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`)}</select>`;
    case 'date':
      // A text box in day/month/year order: a date picker follows the phone's language, and many phones here
      // are set to English (month first). The server reads dd/mm/yyyy and yyyy-mm-dd.
      return html`<input ${common} type="text" inputmode="numeric" autocomplete="off" maxlength="10" placeholder="dd/mm/yyyy" value="${value ? displayDate(value) : ''}">`;
    case 'number':
      return html`<input ${common} type="text" inputmode="numeric" pattern="[0-9]*" value="${value}">`;
    case 'id_number':
      return html`<input ${common} type="text" inputmode="numeric" pattern="[0-9]{12}" maxlength="12" autocomplete="off" value="${value}">`;
    case 'phone':
      return html`<input ${common} type="tel" inputmode="tel" maxlength="15" autocomplete="tel" value="${value}">`;
    case 'email':
      return html`<input ${common} type="email" maxlength="254" autocomplete="email" value="${value}">`;
    default:
      return html`<input ${common} type="text" value="${value}"${max ? html` maxlength="${max}"` : ''}>`;
  }
}

export function renderField(t: T, field: FormField, all: readonly FormField[], value: string, problem: FieldProblem | undefined): SafeHtml {
  const id = `f-${field.name}`;
  const condition = conditionHint(t, field, all);
  if (field.type === 'date') field = { ...field, hint: [field.hint, t('records.form.date_hint')].filter(Boolean).join(' ') };
  const sentence = (text: string) => (/[.!?…)]$/.test(text) ? text : `${text}.`);
  const hint = [field.hint ?? '', condition].filter(Boolean).map(sentence).join(' ');
  const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  const showIf = field.showIf ? html` data-show-if="${field.showIf.field}" data-show-in="${field.showIf.in.join('|')}"` : '';
  const error = problem ? html`<p class="error-message" id="${id}-error">${problemText(t, problem)}</p>` : '';
  const optional = field.required || field.type === 'checkbox' ? '' : html` <span class="optional">${t('records.form.optional')}</span>`;
  if (field.type === 'radio') {
    return html`<fieldset class="field${problem ? ' field-error' : ''}" id="${id}"${showIf}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
<legend>${field.label}${optional}</legend>${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}${error}
${(field.options ?? []).map((o, i) => html`<label class="choice"><input type="radio" name="${field.name}" value="${o.value}"${o.value === value ? html` checked` : ''}${i === 0 && field.required && !field.showIf ? html` required` : ''}> ${o.label}</label>`)}
</fieldset>`;
  }
  if (field.type === 'checkbox') {
    return html`<div class="field${problem ? ' field-error' : ''}"${showIf}>${error}<label class="choice" for="${id}"><input type="checkbox" id="${id}" name="${field.name}" value="on"${value === 'on' ? html` checked` : ''}> ${field.label}</label>${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}</div>`;
  }
  return html`<div class="field${problem ? ' field-error' : ''}"${showIf}>
<label for="${id}">${field.label}${optional}</label>${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}${error}
${inputFor(field, id, value, describedBy, !!problem)}
</div>`;
}

export function renderSections(t: T, sections: readonly FormSection[], values: Readonly<Record<string, string>>, problems: Record<string, FieldProblem>): SafeHtml {
  const all = sections.flatMap((s) => s.fields);
  return html`${sections.map((s) => html`<fieldset class="form-section"><legend>${s.title}</legend>
${s.fields.map((f) => renderField(t, f, all, values[f.name] ?? '', problems[f.name]))}
</fieldset>`)}`;
}

/** The answers as a read-only list, for the review and receipt pages. */
export function answersList(t: T, sections: readonly FormSection[], values: Readonly<Record<string, string>>): SafeHtml {
  const shown = (f: FormField) => {
    const v = values[f.name];
    if (v === undefined || v === '') return null;
    if (f.type === 'checkbox') return t('records.form.ticked');
    if (f.type === 'date') return v.split('-').reverse().join('/');
    return f.options?.find((o) => o.value === v)?.label ?? v;
  };
  return html`${sections.map((s) => {
    const rows = s.fields.map((f) => [f.label, shown(f)] as const).filter(([, v]) => v !== null);
    return rows.length === 0 ? '' : html`<h3>${s.title}</h3><dl class="answers">${rows.map(([label, v]) => html`<dt>${label}</dt><dd>${v}</dd>`)}</dl>`;
  })}`;
}
