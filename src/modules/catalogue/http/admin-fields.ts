/**
 * Form controls of the editor's pages, after platform/views/forms.ts (same markup and classes), for what it
 * lacks: textareas, selects, radio groups and messages that carry parameters.
 */
import type { Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import type { Problem } from '../domain/procedure-rules.ts';
import { problemText } from './admin-labels.ts';

/** The first problem of each path, as the message shown next to its field. */
export type FieldMessages = ReadonlyMap<string, string>;

export function fieldMessages(t: Translate, problems: readonly Problem[]): FieldMessages {
  const out = new Map<string, string>();
  for (const p of problems) if (!out.has(p.path)) out.set(p.path, t(p.key, p.params));
  return out;
}

/**
 * The GOV.UK pattern as in platform/views/forms.ts: a summary at the top, each problem linking to its field.
 * `link` gives the anchor of a path (null: not a link, the field is on another page).
 */
export function problemSummary(t: Translate, problems: readonly Problem[], options: { general?: string; link?: (path: string) => string | null } = {}): SafeHtml {
  if (problems.length === 0 && !options.general) return html``;
  const link = options.link ?? ((path: string) => `#f-${path}`);
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">${t('form.error_summary')}</h2>
  <ul>${options.general ? html`<li>${options.general}</li>` : ''}${problems.map((p) => {
    const href = link(p.path);
    return href ? html`<li><a href="${href}">${problemText(t, p)}</a></li>` : html`<li>${problemText(t, p)}</li>`;
  })}</ul>
</div>`;
}

interface Common {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

const idOf = (name: string) => `f-${name}`;

function describedBy(o: Common): SafeHtml | '' {
  const id = idOf(o.name);
  const ids = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function frame(o: Common, control: SafeHtml): SafeHtml {
  const id = idOf(o.name);
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <label for="${id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="${id}-error">${o.error}</p>` : ''}
  ${control}
</div>`;
}

export function input(o: Common & { value: string; inputmode?: 'numeric' | 'decimal'; maxlength?: number; required?: boolean; type?: 'text' | 'date'; min?: string }): SafeHtml {
  return frame(o, html`<input id="${idOf(o.name)}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}" autocomplete="off"${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.min ? html` min="${o.min}"` : ''}${o.required ? html` required` : ''}${describedBy(o)}${o.error ? html` aria-invalid="true"` : ''}>`);
}

export function textarea(o: Common & { value: string; rows?: number; code?: boolean }): SafeHtml {
  return frame(o, html`<textarea id="${idOf(o.name)}" name="${o.name}" rows="${o.rows ?? 3}"${o.code ? html` class="code" spellcheck="false"` : ''}${describedBy(o)}${o.error ? html` aria-invalid="true"` : ''}>${o.value}</textarea>`);
}

export function select(o: Common & { value: string; options: readonly (readonly [string, string])[] }): SafeHtml {
  return frame(o, html`<select id="${idOf(o.name)}" name="${o.name}"${describedBy(o)}${o.error ? html` aria-invalid="true"` : ''}>${o.options.map(
    ([value, label]) => html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`,
  )}</select>`);
}

/** Radio buttons in a fieldset; the fieldset carries the field's id, so that the summary's link lands on it. */
export function radios(o: Common & { value: string; options: readonly (readonly [string, string])[] }): SafeHtml {
  const id = idOf(o.name);
  return html`<fieldset class="field${o.error ? ' field-error' : ''}" id="${id}"${describedBy(o)}>
<legend>${o.label}</legend>
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
${o.error ? html`<p class="error-message" id="${id}-error">${o.error}</p>` : ''}
${o.options.map(([value, label]) => html`<div class="checkbox"><input type="radio" id="${id}-${value}" name="${o.name}" value="${value}"${value === o.value ? html` checked` : ''}><label for="${id}-${value}">${label}</label></div>`)}
</fieldset>`;
}

export function checkbox(o: { name: string; id?: string; label: string; checked: boolean; error?: string | undefined }): SafeHtml {
  const id = o.id ?? idOf(o.name);
  return html`<div class="field${o.error ? ' field-error' : ''}">${o.error ? html`<p class="error-message" id="${id}-error">${o.error}</p>` : ''}<div class="checkbox"><input type="checkbox" id="${id}" name="${o.name}" value="1"${o.checked ? html` checked` : ''}${o.error ? html` aria-describedby="${id}-error" aria-invalid="true"` : ''}><label for="${id}">${o.label}</label></div></div>`;
}
