import type { MessageKey, Translate } from '../i18n/index.ts';
import { html } from './html.ts';
import type { SafeHtml } from './html.ts';

/** Field name → message key; the order of insertion is the order of the error summary. */
export type FieldErrors = Record<string, MessageKey>;

/** The GOV.UK pattern: a summary at the top, each message linking to its field. */
export function errorSummary(t: Translate, errors: FieldErrors, general?: string): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !general) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">${t('form.error_summary')}</h2>
  <ul>${general ? html`<li>${general}</li>` : ''}${entries.map(([name, key]) => html`<li><a href="#f-${name}">${t(key)}</a></li>`)}</ul>
</div>`;
}

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  type?: 'text' | 'password' | 'email' | 'tel' | 'number';
  error?: MessageKey | undefined;
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  maxlength?: number;
  hint?: string;
}

export function textField(t: Translate, o: FieldOptions): SafeHtml {
  const id = `f-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <label for="${id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="${id}-error">${t(o.error)}</p>` : ''}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.type === 'password' ? '' : o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.required ? html` required` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
