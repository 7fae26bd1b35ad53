/** The editor's pages: the list of versions, a code's history, the draft form, import results, a preview. */
import type { FastifyRequest } from 'fastify';
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { FEE_BASES, FEE_STATUSES, LIMITS, VERSION_STATES, displayDate } from '../domain/procedure-rules.ts';
import type { Problem, ProcedureContent, VersionState } from '../domain/procedure-rules.ts';
import { FEE_TIMINGS, FIELD_TYPES, ONLINE_LEVELS, TIME_UNITS } from '../domain/procedure.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../exchange/document.ts';
import type { RowProblems } from '../exchange-procedures.ts';
import type { ProcedureVersion, VersionLine } from '../store.ts';
import { EXTRA_ROWS } from './admin-form.ts';
import type { ComponentValues, FeeLineValues, FormValues, StepValues } from './admin-form.ts';
import { checkbox, fieldMessages, input, problemSummary, radios, select, textarea } from './admin-fields.ts';
import type { FieldMessages } from './admin-fields.ts';
import { effectiveLabel, pathLabel, problemText, stateLabel, vietnamTime } from './admin-labels.ts';
import { onlineLabel } from './labels.ts';

export const ADMIN = '/admin/procedures';
export const historyUrl = (code: string) => `${ADMIN}/${code}`;
export const versionUrl = (code: string, version: number) => `${ADMIN}/${code}/versions/${version}`;

// --- the list ------------------------------------------------------------------------------------------------------

export interface ListState {
  q: string;
  status: VersionState | '';
  page: number;
  pages: number;
  total: number;
  lines: VersionLine[];
}

function listLink(s: ListState, page: number): string {
  const params = new URLSearchParams();
  if (s.q) params.set('q', s.q);
  if (s.status) params.set('status', s.status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `${ADMIN}${query ? `?${query}` : ''}`;
}

/** The export links and the import form, on the list and on a page of import problems. */
export function exchangeSections(t: Translate, token: string, importError?: string): SafeHtml {
  const exportLink = (format: 'json' | 'xlsx', status: string, key: MessageKey) =>
    html`<li><a href="${ADMIN}/export.${format}${status ? `?status=${status}` : ''}" download>${t(key)}</a></li>`;
  return html`<section aria-labelledby="export-title"><h2 id="export-title">${t('catalogue_admin.export_title')}</h2>
<p class="hint">${t('catalogue_admin.export_hint')}</p>
<ul>${exportLink('json', '', 'catalogue_admin.export_json')}${exportLink('xlsx', '', 'catalogue_admin.export_xlsx')}${exportLink('json', 'all', 'catalogue_admin.export_json_all')}${exportLink('xlsx', 'all', 'catalogue_admin.export_xlsx_all')}</ul>
</section>
<section aria-labelledby="import-title"><h2 id="import-title">${t('catalogue_admin.import_title')}</h2>
<form method="post" action="${ADMIN}/import" enctype="multipart/form-data" novalidate>
${csrfField(token)}
<div class="field${importError ? ' field-error' : ''}">
  <label for="f-file">${t('catalogue_admin.import_file')}</label>
  <p class="hint" id="f-file-hint">${t('catalogue_admin.import_hint', { mb: MAX_IMPORT_BYTES / 1024 / 1024, rows: MAX_IMPORT_ROWS })}</p>
  ${importError ? html`<p class="error-message" id="f-file-error">${importError}</p>` : ''}
  <input id="f-file" name="file" type="file" accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="f-file-hint${importError ? ' f-file-error' : ''}"${importError ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button secondary">${t('catalogue_admin.import_submit')}</button>
</form></section>`;
}

export function listPage(request: FastifyRequest, s: ListState): SafeHtml {
  const t = request.t;
  return html`<h1>${t('catalogue_admin.title')}</h1>
<p class="lead">${t('catalogue_admin.intro')}</p>
<p><a class="button" href="${ADMIN}/new">${t('catalogue_admin.new')}</a></p>
<form class="search" method="get" action="${ADMIN}" role="search">
  <div class="field">
    <label for="f-q">${t('catalogue.search_label')}</label>
    <input id="f-q" name="q" type="search" value="${s.q}" maxlength="200">
  </div>
  <div class="field">
    <label for="f-status">${t('catalogue_admin.state')}</label>
    <select id="f-status" name="status"><option value="">${t('catalogue_admin.state.all')}</option>${VERSION_STATES.map(
      (v) => html`<option value="${v}"${v === s.status ? html` selected` : ''}>${stateLabel(t, v)}</option>`,
    )}</select>
  </div>
  <button class="button" type="submit">${t('catalogue.submit')}</button>
</form>
<h2 id="versions-title">${t('catalogue_admin.versions_found', { count: s.total })}</h2>
${s.lines.length > 0 ? html`<div class="table-wrap" role="region" aria-labelledby="versions-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('catalogue.code')}</th><th scope="col">${t('catalogue_admin.field.name')}</th><th scope="col">${t('catalogue_admin.field.version')}</th><th scope="col">${t('catalogue_admin.state')}</th><th scope="col">${t('catalogue_admin.field.effectiveFrom')}</th></tr></thead>
<tbody>${s.lines.map((l) => html`<tr><td><a href="${historyUrl(l.code)}">${l.code}</a></td><td>${l.status === 'draft' ? html`<a href="${versionUrl(l.code, l.version)}/edit">${l.name}</a>` : html`<a href="${versionUrl(l.code, l.version)}">${l.name}</a>`}</td><td>${l.version}</td><td>${stateLabel(t, l.state)}</td><td>${effectiveLabel(t, l.effectiveFrom)}</td></tr>`)}</tbody>
</table></div>` : ''}
${s.pages > 1 ? html`<nav class="pager" aria-label="${t('catalogue.pages')}"><p>${t('catalogue.page_of', { page: s.page, pages: s.pages })}</p><ul class="inline-list">
${s.page > 1 ? html`<li><a href="${listLink(s, s.page - 1)}" rel="prev">${t('catalogue.prev')}</a></li>` : ''}
${s.page < s.pages ? html`<li><a href="${listLink(s, s.page + 1)}" rel="next">${t('catalogue.next')}</a></li>` : ''}</ul></nav>` : ''}
${exchangeSections(t, request.csrfToken())}`;
}

// --- a code's history ------------------------------------------------------------------------------------------------

export interface HistoryState {
  code: string;
  versions: VersionLine[];
  draft: ProcedureVersion | undefined;
  /** What the draft changes against the version it will replace. */
  changes: (keyof ProcedureContent)[] | undefined;
  baseVersion: number | undefined;
  today: string;
  publishProblems?: Problem[];
  publishValue?: string;
}

export function historyPage(request: FastifyRequest, s: HistoryState): SafeHtml {
  const t = request.t;
  const token = request.csrfToken();
  const newest = s.versions[0]!;
  const inForce = s.versions.find((v) => v.state === 'published');
  const draft = s.draft;
  const problems = s.publishProblems ?? [];
  const editAnchor = (path: string) => (path === 'effectiveFrom' ? '#f-effectiveFrom' : draft ? `${versionUrl(s.code, draft.version)}/edit#f-${path}` : null);
  const messages = fieldMessages(t, problems);
  return html`<p><a href="${ADMIN}">← ${t('catalogue_admin.back_to_list')}</a></p>
<h1>${newest.name}</h1>
${problemSummary(t, problems, { link: editAnchor })}
<dl class="summary"><dt>${t('catalogue.code')}</dt><dd>${s.code}</dd>
<dt>${t('catalogue_admin.in_force')}</dt><dd>${inForce ? html`<a href="/thu-tuc/${s.code}">${t('catalogue_admin.version_n', { version: inForce.version })}</a> (${effectiveLabel(t, inForce.effectiveFrom)})` : t('catalogue_admin.none_in_force')}</dd></dl>
<h2 id="history-title">${t('catalogue_admin.history')}</h2>
<div class="table-wrap" role="region" aria-labelledby="history-title" tabindex="0"><table>
<thead><tr><th scope="col">${t('catalogue_admin.field.version')}</th><th scope="col">${t('catalogue_admin.state')}</th><th scope="col">${t('catalogue_admin.field.effectiveFrom')}</th><th scope="col">${t('catalogue_admin.published')}</th><th scope="col">${t('catalogue_admin.actions')}</th></tr></thead>
<tbody>${s.versions.map((v) => html`<tr><td>${v.version}</td><td>${stateLabel(t, v.state)}</td><td>${effectiveLabel(t, v.effectiveFrom)}</td><td>${v.publishedAt ? `${vietnamTime(v.publishedAt)}${v.publishedByName ? ` – ${v.publishedByName}` : ''}` : '—'}</td>
<td><ul class="inline-list"><li><a href="${versionUrl(s.code, v.version)}">${t('catalogue_admin.view')}<span class="visually-hidden"> ${t('catalogue_admin.version_n', { version: v.version })}</span></a></li>${v.status === 'draft' ? html`<li><a href="${versionUrl(s.code, v.version)}/edit">${t('catalogue_admin.edit')}<span class="visually-hidden"> ${t('catalogue_admin.version_n', { version: v.version })}</span></a></li>` : ''}</ul></td></tr>`)}</tbody>
</table></div>
${draft ? draftSection(t, token, s, draft, messages) : html`<section aria-labelledby="new-version-title"><h2 id="new-version-title">${t('catalogue_admin.new_version')}</h2>
<p>${t('catalogue_admin.new_version_hint')}</p>
<form method="post" action="${historyUrl(s.code)}/versions">${csrfField(token)}<button type="submit" class="button">${t('catalogue_admin.new_version_submit')}</button></form>
<p><a href="${ADMIN}/new?from=${s.code}">${t('catalogue_admin.new_variant')}</a></p></section>`}`;
}

function draftSection(t: Translate, token: string, s: HistoryState, draft: ProcedureVersion, messages: FieldMessages): SafeHtml {
  const url = versionUrl(s.code, draft.version);
  const changes = s.changes;
  return html`<section aria-labelledby="draft-title"><h2 id="draft-title">${t('catalogue_admin.draft_n', { version: draft.version })}</h2>
<p>${t('catalogue_admin.saved_at', { at: vietnamTime(draft.updatedAt) })}</p>
${changes && s.baseVersion !== undefined ? html`<p>${changes.length === 0 ? t('catalogue_admin.no_changes', { version: s.baseVersion }) : t('catalogue_admin.changes', { version: s.baseVersion, parts: changes.map((c) => pathLabel(t, c)).join(', ') })}</p>` : ''}
<ul class="inline-list"><li><a class="button secondary" href="${url}/edit">${t('catalogue_admin.edit_draft')}</a></li><li><a class="button secondary" href="${url}">${t('catalogue_admin.preview')}</a></li></ul>
<h3>${t('catalogue_admin.publish')}</h3>
<form method="post" action="${url}/publish" novalidate>
${csrfField(token)}
${input({ name: 'effectiveFrom', type: 'date', label: t('catalogue_admin.field.effectiveFrom'), hint: t('catalogue_admin.publish_hint', { today: displayDate(s.today) }), value: s.publishValue ?? s.today, min: s.today, error: messages.get('effectiveFrom') })}
<button type="submit" class="button">${t('catalogue_admin.publish_submit')}</button>
</form>
<h3>${t('catalogue_admin.delete_draft')}</h3>
<form method="post" action="${url}/delete">
${csrfField(token)}
<p class="hint">${t('catalogue_admin.delete_hint')}</p>
<button type="submit" class="button warning">${t('catalogue_admin.delete_submit', { version: draft.version })}</button>
</form></section>`;
}

// --- the draft form ----------------------------------------------------------------------------------------------------

export interface EditState {
  /** Creating a new procedure (the code is typed), or editing the draft `version` of `code`. */
  mode: 'create' | 'edit';
  code?: string;
  version?: number;
  values: FormValues;
  problems: Problem[];
  /** A message about the draft itself (someone else saved it meanwhile). */
  general?: string;
}

const choiceOptions = (t: Translate, prefix: string, values: readonly string[]) => values.map((v) => [v, t(`${prefix}.${v}` as MessageKey)] as const);

function feeLineRow(t: Translate, row: FeeLineValues, i: number, m: FieldMessages, existing: boolean): SafeHtml {
  const p = `feeLines.${i}`;
  return html`<fieldset class="row-group"><legend>${t('catalogue_admin.fee_line_n', { n: i + 1 })}</legend>
${input({ name: `${p}.label`, label: t('catalogue_admin.field.feeLines.label'), value: row.label, error: m.get(`${p}.label`), hint: t('catalogue_admin.fee_label_hint') })}
${input({ name: `${p}.amount`, label: t('catalogue_admin.field.feeLines.amount'), value: row.amount, inputmode: 'numeric', error: m.get(`${p}.amount`) })}
${select({ name: `${p}.basis`, label: t('catalogue_admin.field.feeLines.basis'), value: row.basis || 'per_case', options: choiceOptions(t, 'catalogue_admin.basis', FEE_BASES), error: m.get(`${p}.basis`) })}
${input({ name: `${p}.unitLabel`, label: t('catalogue_admin.field.feeLines.unitLabel'), value: row.unitLabel, error: m.get(`${p}.unitLabel`), hint: t('catalogue_admin.unit_label_hint') })}
${input({ name: `${p}.fromPage.page`, label: t('catalogue_admin.field.feeLines.fromPage.page'), value: row.fromPage, inputmode: 'numeric', error: m.get(`${p}.fromPage.page`) })}
${input({ name: `${p}.fromPage.amount`, label: t('catalogue_admin.field.feeLines.fromPage.amount'), value: row.fromPageAmount, inputmode: 'numeric', error: m.get(`${p}.fromPage.amount`) })}
${input({ name: `${p}.capPerCopy`, label: t('catalogue_admin.field.feeLines.capPerCopy'), value: row.capPerCopy, inputmode: 'numeric', error: m.get(`${p}.capPerCopy`) })}
${existing ? checkbox({ name: `${p}.remove`, label: t('catalogue_admin.remove_row'), checked: false }) : ''}
</fieldset>`;
}

function stepRow(t: Translate, row: StepValues, i: number, m: FieldMessages, existing: boolean): SafeHtml {
  const p = `internalSteps.${i}`;
  return html`<fieldset class="row-group"><legend>${t('catalogue_admin.step_n', { n: i + 1 })}</legend>
${input({ name: `${p}.name`, label: t('catalogue_admin.field.internalSteps.name'), value: row.name, error: m.get(`${p}.name`) })}
${input({ name: `${p}.hours`, label: t('catalogue_admin.field.internalSteps.hours'), value: row.hours, inputmode: 'numeric', error: m.get(`${p}.hours`) })}
${existing ? checkbox({ name: `${p}.remove`, label: t('catalogue_admin.remove_row'), checked: false }) : ''}
</fieldset>`;
}

function componentRow(t: Translate, row: ComponentValues, i: number, m: FieldMessages, existing: boolean): SafeHtml {
  const p = `components.${i}`;
  return html`<fieldset class="row-group"><legend>${t('catalogue_admin.component_n', { n: i + 1 })}</legend>
${textarea({ name: `${p}.name`, label: t('catalogue_admin.field.components.name'), value: row.name, rows: 2, error: m.get(`${p}.name`) })}
${input({ name: `${p}.originals`, label: t('catalogue_admin.field.components.originals'), value: row.originals, inputmode: 'numeric', error: m.get(`${p}.originals`) })}
${input({ name: `${p}.copies`, label: t('catalogue_admin.field.components.copies'), value: row.copies, inputmode: 'numeric', error: m.get(`${p}.copies`) })}
${select({ name: `${p}.required`, label: t('catalogue_admin.field.components.required'), value: row.required === '0' ? '0' : '1', options: [['1', t('catalogue.required_yes')], ['0', t('catalogue.required_if_any')]], error: m.get(`${p}.required`) })}
${input({ name: `${p}.templateFile`, label: t('catalogue_admin.field.components.templateFile'), value: row.templateFile, error: m.get(`${p}.templateFile`), hint: t('catalogue_admin.template_hint') })}
${existing ? checkbox({ name: `${p}.remove`, label: t('catalogue_admin.remove_row'), checked: false }) : ''}
</fieldset>`;
}

/** The rows there are and `extra` empty ones. */
function rows<T>(list: readonly T[], extra: number, empty: T, render: (row: T, i: number, existing: boolean) => SafeHtml): SafeHtml[] {
  return [...list.map((row, i) => render(row, i, true)), ...Array.from({ length: extra }, (_, j) => render(empty, list.length + j, false))];
}

export function editPage(request: FastifyRequest, s: EditState): SafeHtml {
  const t = request.t;
  const v = s.values;
  const m = fieldMessages(t, s.problems);
  const creating = s.mode === 'create';
  const action = creating ? ADMIN : versionUrl(s.code!, s.version!);
  const list = (name: 'agencies' | 'legalBasis' | 'steps' | 'methods', rows = 4) =>
    textarea({ name, label: t(`catalogue_admin.field.${name}`), value: v[name], rows, error: m.get(name), hint: t(`catalogue_admin.hint.${name}`) });
  const legend = (key: MessageKey) => html`<legend class="group-title">${t(key)}</legend>`;
  return html`<p><a href="${creating ? ADMIN : historyUrl(s.code!)}">← ${creating ? t('catalogue_admin.back_to_list') : t('catalogue_admin.back_to_history')}</a></p>
<h1>${creating ? t('catalogue_admin.new') : t('catalogue_admin.edit_title', { version: s.version!, name: v.name || s.code! })}</h1>
${problemSummary(t, s.problems, { general: s.general })}
<form method="post" action="${action}" novalidate>
${csrfField(request.csrfToken())}
<input type="hidden" name="revision" value="${v.revision}">
<fieldset>${legend('catalogue_admin.group.identity')}
${creating ? input({ name: 'code', label: t('catalogue_admin.field.code'), value: v.code, maxlength: 20, required: true, error: m.get('code'), hint: t('catalogue_admin.hint.code') }) : html`<p>${t('catalogue.code')}: ${s.code}</p>`}
${textarea({ name: 'name', label: t('catalogue_admin.field.name'), value: v.name, rows: 2, error: m.get('name') })}
${input({ name: 'field', label: t('catalogue_admin.field.field'), value: v.field, maxlength: LIMITS.field, error: m.get('field'), hint: t('catalogue_admin.hint.field') })}
${input({ name: 'level', label: t('catalogue_admin.field.level'), value: v.level, maxlength: LIMITS.level, error: m.get('level'), hint: t('catalogue_admin.hint.level') })}
${textarea({ name: 'source', label: t('catalogue_admin.field.source'), value: v.source, rows: 2, error: m.get('source') })}
</fieldset>
<fieldset>${legend('catalogue_admin.group.how')}
${list('agencies', 3)}
${list('steps', 6)}
${list('methods', 3)}
${textarea({ name: 'subjects', label: t('catalogue_admin.field.subjects'), value: v.subjects, rows: 2, error: m.get('subjects') })}
${list('legalBasis', 5)}
</fieldset>
<fieldset>${legend('catalogue_admin.group.time')}
${input({ name: 'processingTime.value', label: t('catalogue_admin.field.processingTime.value'), value: v.timeValue, inputmode: 'decimal', error: m.get('processingTime.value'), hint: t('catalogue_admin.hint.time_value') })}
${select({ name: 'processingTime.unit', label: t('catalogue_admin.field.processingTime.unit'), value: v.timeUnit, options: [['', t('catalogue_admin.unit.none')], ...choiceOptions(t, 'catalogue_admin.unit', TIME_UNITS)], error: m.get('processingTime.unit') })}
${textarea({ name: 'processingTime.note', label: t('catalogue_admin.field.processingTime.note'), value: v.timeNote, rows: 2, error: m.get('processingTime.note') })}
</fieldset>
<fieldset id="f-feeLines">${legend('catalogue_admin.group.fees')}
${radios({ name: 'feeStatus', label: t('catalogue_admin.field.feeStatus'), value: v.feeStatus, options: choiceOptions(t, 'catalogue_admin.fee_status', FEE_STATUSES), error: m.get('feeStatus'), hint: t('catalogue_admin.hint.fee_status') })}
${m.get('feeLines') ? html`<p class="error-message">${m.get('feeLines')}</p>` : ''}
${rows(v.feeLines, EXTRA_ROWS.feeLines, { label: '', amount: '', basis: '', unitLabel: '', fromPage: '', fromPageAmount: '', capPerCopy: '' }, (row, i, existing) => feeLineRow(t, row, i, m, existing))}
<p class="hint">${t('catalogue_admin.hint.more_rows')}</p>
${radios({ name: 'feeTiming', label: t('catalogue_admin.field.feeTiming'), value: v.feeTiming, options: choiceOptions(t, 'catalogue.fee_timing', FEE_TIMINGS), error: m.get('feeTiming') })}
${textarea({ name: 'feeNote', label: t('catalogue_admin.field.feeNote'), value: v.feeNote, rows: 2, error: m.get('feeNote'), hint: t('catalogue_admin.hint.fee_note') })}
</fieldset>
<fieldset>${legend('catalogue_admin.group.result')}
${checkbox({ name: 'paperResultRequired', label: t('catalogue_admin.field.paperResultRequired'), checked: v.paperResultRequired, error: m.get('paperResultRequired') })}
${textarea({ name: 'resultDocument', label: t('catalogue_admin.field.resultDocument'), value: v.resultDocument, rows: 2, error: m.get('resultDocument') })}
${radios({ name: 'onlineLevel', label: t('catalogue_admin.field.onlineLevel'), value: v.onlineLevel, options: ONLINE_LEVELS.map((l) => [l, onlineLabel(t, l)] as const), error: m.get('onlineLevel'), hint: t('catalogue_admin.hint.online_level') })}
</fieldset>
<fieldset id="f-internalSteps">${legend('catalogue_admin.group.internal')}
<p class="hint">${t('catalogue_admin.hint.internal_steps')}</p>
${m.get('internalSteps') ? html`<p class="error-message">${m.get('internalSteps')}</p>` : ''}
${rows(v.internalSteps, EXTRA_ROWS.internalSteps, { name: '', hours: '' }, (row, i, existing) => stepRow(t, row, i, m, existing))}
</fieldset>
<fieldset id="f-components">${legend('catalogue_admin.group.components')}
${m.get('components') ? html`<p class="error-message">${m.get('components')}</p>` : ''}
${rows(v.components, EXTRA_ROWS.components, { name: '', originals: '', copies: '', required: '1', templateFile: '' }, (row, i, existing) => componentRow(t, row, i, m, existing))}
<p class="hint">${t('catalogue_admin.hint.more_rows')}</p>
</fieldset>
<fieldset>${legend('catalogue_admin.group.form')}
${textarea({ name: 'formDefinition', label: t('catalogue_admin.field.formDefinition'), value: v.formDefinition, rows: 12, code: true, error: m.get('formDefinition'), hint: t('catalogue_admin.hint.form', { types: FIELD_TYPES.join(', ') }) })}
</fieldset>
<button type="submit" class="button">${creating ? t('catalogue_admin.create_submit') : t('catalogue_admin.save_submit')}</button>
</form>`;
}

// --- other pages ------------------------------------------------------------------------------------------------------

/** The problems of an import file, row by row (at most `shown` rows listed). */
export function importProblemsPage(request: FastifyRequest, result: { file?: string; rows?: RowProblems[] }): SafeHtml {
  const t = request.t;
  const shown = 200;
  const rows = result.rows ?? [];
  return html`<p><a href="${ADMIN}">← ${t('catalogue_admin.back_to_list')}</a></p>
<h1>${t('catalogue_admin.import_failed')}</h1>
<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${result.file ? t('catalogue_admin.import_file_refused') : t('catalogue_admin.import_rows_refused', { count: rows.length })}</h2>
${result.file ? html`<p>${result.file}</p>` : html`<p>${t('catalogue_admin.import_nothing_written')}</p>`}
</div>
${rows.length > 0 ? html`<ol class="import-problems">${rows.slice(0, shown).map((r) => html`<li><strong>${t(r.label.key, r.label.params)}${r.code ? ` (${r.code})` : ''}</strong>
<ul>${r.problems.map((p) => html`<li>${problemText(t, p)}</li>`)}</ul></li>`)}</ol>
${rows.length > shown ? html`<p>${t('catalogue_admin.import_more', { count: rows.length - shown })}</p>` : ''}` : ''}
${exchangeSections(t, request.csrfToken(), result.file)}`;
}

/** A message about the state of a version (published meanwhile, deleted…), with the way back. */
export function conflictPage(request: FastifyRequest, message: string, code: string | undefined): SafeHtml {
  const t = request.t;
  return html`<h1>${t('catalogue_admin.conflict_title')}</h1>
<p class="lead">${message}</p>
<p><a href="${code ? historyUrl(code) : ADMIN}">${code ? t('catalogue_admin.back_to_history') : t('catalogue_admin.back_to_list')}</a></p>`;
}

/** The banner above a version shown as the public will see it. */
export function previewBanner(t: Translate, v: ProcedureVersion, state: VersionState): SafeHtml {
  return html`<div class="warning-text"><p>${t('catalogue_admin.preview_banner', { version: v.version, state: stateLabel(t, state) })} <a href="${historyUrl(v.code)}">${t('catalogue_admin.back_to_history')}</a></p></div>`;
}
