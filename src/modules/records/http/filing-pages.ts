/**
 * Filing online, in three steps that each work without JavaScript: the form (saved as a draft), the
 * attachments (one file per upload, so a weak connection loses at most one file), then review and submit.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { Procedure } from '../../catalogue/index.ts';
import { listUnits } from '../../tenancy/index.ts';
import { findCitizen } from '../../identity/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import { ownerOf, MAX_FILE_BYTES } from '../context.ts';
import type { Filer, RecordsContext } from '../context.ts';
import { attachToDraft, discardDraft, receivesRecords, removeDraftFile, saveDraft } from '../drafts.ts';
import { feeOf, submitDraft } from '../file-record.ts';
import { checkForm, formSections } from '../domain/form-values.ts';
import type { FieldProblem } from '../domain/form-values.ts';
import { vietnamDate } from '../domain/record-code.ts';
import { contentDisposition } from '../domain/file-name.ts';
import { findOwnDraft, findRecordByDraft, listDraftFiles, readFile } from '../store.ts';
import type { Draft } from '../store.ts';
import { answersList, problemSummary, renderSections } from './form-fields.ts';
import { feeText, filerOf, procedureOf, sizeText } from './shared.ts';

const DRAFT_ID = /^[A-Za-z0-9_-]{22}$/;
/** Every field of the longest form, with room to spare; more is not a form of ours. */
const MAX_FORM_FIELDS = 80;

/** The posted form as plain strings: one value per field, nothing else. */
function postedValues(request: FastifyRequest, procedure: Procedure): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (Object.keys(body).length > MAX_FORM_FIELDS) throw new AppError('error.invalid_request', 400, { detail: 'form' });
  const values: Record<string, string> = {};
  for (const field of formSections(procedure.formDefinition).flatMap((s) => s.fields)) values[field.name] = formText(request, field.name, 4000);
  return values;
}

/** What the citizen's account already says about them: name, phone, email, and the ID number once verified. */
async function citizenDefaults(ctx: RecordsContext, citizenId: number): Promise<Record<string, string>> {
  const c = await findCitizen(ctx.db, citizenId);
  if (!c) return {};
  const values: Record<string, string> = { applicantName: c.fullName };
  if (c.phone) values.applicantPhone = c.phone;
  if (c.email) values.applicantEmail = c.email;
  if (c.idNumber) values.applicantId = c.idNumber;
  return values;
}

async function ownDraft(ctx: RecordsContext, request: FastifyRequest, who: Filer): Promise<Draft> {
  const { draftId } = request.params as { draftId: string };
  const draft = DRAFT_ID.test(draftId) ? await findOwnDraft(ctx.db, draftId, ownerOf(who)) : undefined;
  if (!draft) throw new AppError('records.draft_not_found', 404);
  return draft;
}

async function agencies(ctx: RecordsContext, who: Filer): Promise<Unit[]> {
  const all = (await listUnits(ctx.db)).filter(receivesRecords);
  return who.kind === 'official' ? all.filter((u) => u.id === who.unitId) : all;
}

interface FormState {
  unitId: string;
  values: Record<string, string>;
  problems: Record<string, FieldProblem>;
  unitProblem: MessageKey | null;
  notice?: string;
}

async function formPage(ctx: RecordsContext, request: FastifyRequest, reply: FastifyReply, who: Filer, procedure: Procedure, draft: Draft | null, state: FormState, status = 200) {
  const t = request.t;
  const units = await agencies(ctx, who);
  const sections = formSections(procedure.formDefinition);
  const action = draft ? `/ho-so/nhap/${draft.publicId}/sua` : `/thu-tuc/${procedure.code}/nop`;
  const unitError = state.unitProblem ? html`<p class="error-message" id="f-unitId-error">${t(state.unitProblem)}</p>` : '';
  const body = html`<p><a href="/thu-tuc/${procedure.code}">${t('records.back_to_procedure')}</a></p>
<h1>${procedure.name}</h1>
<p class="steps">${t('records.step', { step: 1, steps: 3 })}: ${t('records.step.form')}</p>
${who.kind === 'official' ? html`<p class="notice-box">${t('records.assisted_intro', { name: who.name })}</p>` : ''}
${problemSummary(t, state.unitProblem ? { unitId: { key: state.unitProblem, params: {} }, ...state.problems } : state.problems)}
<form method="post" action="${action}" novalidate>
${csrfField(request.csrfToken())}
<div class="field${state.unitProblem ? ' field-error' : ''}">
<label for="f-unitId">${t('records.form.agency')}</label>${unitError}
<select id="f-unitId" name="unitId" required${state.unitProblem ? html` aria-invalid="true" aria-describedby="f-unitId-error"` : ''}>
${units.length === 1 ? '' : html`<option value="">—</option>`}${units.map((u) => html`<option value="${u.id}"${String(u.id) === state.unitId ? html` selected` : ''}>${u.name}</option>`)}
</select></div>
${renderSections(t, sections, state.values, state.problems)}
<div class="actions"><button type="submit" name="next" value="attach" class="button">${t('records.form.continue')}</button>
<button type="submit" name="next" value="save" class="button secondary">${t('records.form.save_draft')}</button></div>
</form>`;
  return reply.page({ title: Object.keys(state.problems).length > 0 || state.unitProblem ? request.t('records.form.title_with_errors', { title: procedure.name }) : procedure.name, body, scripts: ['forms.js'], notice: state.notice }, status);
}

async function draftPage(ctx: RecordsContext, request: FastifyRequest, reply: FastifyReply, who: Filer, procedure: Procedure, draft: Draft, extra: { problems?: Record<string, FieldProblem>; general?: string[]; status?: number } = {}) {
  const t = request.t;
  const files = await listDraftFiles(ctx.db, draft.id);
  const units = await agencies(ctx, who);
  const agency = units.find((u) => u.id === draft.unitId)?.name ?? '';
  const fee = feeOf(procedure, draft.values);
  const csrf = csrfField(request.csrfToken());
  const base = `/ho-so/nhap/${draft.publicId}`;
  const filesOf = (position: number | null) => files.filter((f) => f.componentPosition === position);
  const missing = procedure.components.map((c, i) => ({ ...c, position: i + 1 })).filter((c) => c.required && filesOf(c.position).length === 0);
  const uploadForm = (position: number, label: string) => html`<form method="post" action="${base}/tep" enctype="multipart/form-data" class="upload">
${csrf}<input type="hidden" name="component" value="${position}">
<label for="file-${position}">${label}</label>
<input id="file-${position}" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required>
<button type="submit" class="button secondary">${t('records.files.upload')}</button></form>`;
  const fileList = (position: number | null) => {
    const list = filesOf(position);
    return list.length === 0 ? '' : html`<ul class="files">${list.map((f) => html`<li><a href="${base}/tep/${f.id}">${f.fileName}</a> (${sizeText(f.sizeBytes)})
<form method="post" action="${base}/tep/${f.id}/xoa" class="inline">${csrf}<button type="submit" class="link-button">${t('records.files.remove')}<span class="visually-hidden"> ${f.fileName}</span></button></form></li>`)}</ul>`;
  };
  const body = html`<p><a href="/ho-so">${t('records.mine.back')}</a></p>
<h1>${procedure.name}</h1>
<p class="steps">${t('records.step', { step: 2, steps: 3 })}: ${t('records.step.attach')}</p>
${problemSummary(t, extra.problems ?? {}, extra.general ?? [])}
<section aria-labelledby="answers-title"><h2 id="answers-title">${t('records.review.answers')}</h2>
<p>${t('records.form.agency')}: <strong>${agency}</strong></p>
${answersList(t, formSections(procedure.formDefinition), draft.values)}
<p><a href="${base}/sua">${t('records.review.edit')}</a></p></section>
<section aria-labelledby="files-title"><h2 id="files-title">${t('records.files.title')}</h2>
<p class="hint">${t('records.files.rules', { max: `${MAX_FILE_BYTES / 1024 / 1024} MB` })}</p>
<ol class="components">${procedure.components.map((c, i) => html`<li><p>${c.name} <span class="hint">(${c.required ? t('records.files.required') : t('records.files.if_any')})</span></p>
${fileList(i + 1)}${uploadForm(i + 1, t('records.files.choose', { n: i + 1 }))}</li>`)}
<li><p>${t('records.files.other')}</p>${fileList(null)}${uploadForm(0, t('records.files.choose_other'))}</li></ol></section>
<section aria-labelledby="submit-title"><h2 id="submit-title">${t('records.step', { step: 3, steps: 3 })}: ${t('records.step.submit')}</h2>
<p>${t('records.fee')}: <strong>${feeText(t, fee)}</strong>${fee > 0 ? html` — ${t(`catalogue.fee_timing.${procedure.feeTiming}` as MessageKey)}` : ''}</p>
${missing.length > 0 ? html`<div class="warning"><p>${t('records.files.missing')}</p><ul>${missing.map((c) => html`<li>${c.name}</li>`)}</ul></div>` : ''}
<form method="post" action="${base}/nop" novalidate>${csrf}
<div class="field${extra.problems?.declaration ? ' field-error' : ''}">${extra.problems?.declaration ? html`<p class="error-message" id="f-declaration-error">${t('records.declaration_required')}</p>` : ''}
<label class="choice" for="f-declaration"><input type="checkbox" id="f-declaration" name="declaration" value="on" required${extra.problems?.declaration ? html` aria-invalid="true" aria-describedby="f-declaration-error"` : ''}> ${who.kind === 'official' ? t('records.declaration_assisted') : t('records.declaration')}</label></div>
<button type="submit" class="button">${t('records.submit')}</button></form>
<details class="discard"><summary>${t('records.draft.discard')}</summary><p>${t('records.draft.discard_confirm')}</p>
<form method="post" action="${base}/xoa">${csrf}<button type="submit" class="button warning">${t('records.draft.discard_submit')}</button></form></details></section>`;
  return reply.page({ title: procedure.name, body }, extra.status ?? 200);
}

export function filingPages(ctx: RecordsContext) {
  return (app: App) => {
    app.get('/thu-tuc/:code/nop', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const procedure = await procedureOf(ctx.db, (request.params as { code: string }).code);
      if (who.kind === 'citizen' && procedure.onlineLevel === 'none') throw new AppError('records.not_online', 400);
      const values = who.kind === 'citizen' ? await citizenDefaults(ctx, who.id) : {};
      const units = await agencies(ctx, who);
      return formPage(ctx, request, reply, who, procedure, null, { unitId: units.length === 1 ? String(units[0]!.id) : '', values, problems: {}, unitProblem: null });
    });

    const saveAndGo = async (request: FastifyRequest, reply: FastifyReply, who: Filer, procedure: Procedure, draft: Draft | null) => {
      const values = postedValues(request, procedure);
      const unitId = formText(request, 'unitId', 20);
      const result = await saveDraft(ctx, who, auditActorOf(request), procedure, draft, { unitId, values }, vietnamDate(new Date()));
      if (!result.ok) return formPage(ctx, request, reply, who, procedure, draft, { unitId, values, problems: result.problems, unitProblem: result.unitProblem }, 400);
      const next = formText(request, 'next', 10);
      if (next === 'save') return reply.redirectWithNotice('/ho-so', 'records.draft.saved');
      // "Continue" checks everything now, so the citizen learns what is missing before the papers; what was typed is saved either way.
      const complete = checkForm(formSections(procedure.formDefinition), values, { today: vietnamDate(new Date()), complete: true });
      if (Object.keys(complete.problems).length > 0) {
        return formPage(ctx, request, reply, who, procedure, result.draft, { unitId, values, problems: complete.problems, unitProblem: null, notice: request.t('records.draft.kept') }, 400);
      }
      return reply.redirect(`/ho-so/nhap/${result.draft.publicId}`, 303);
    };

    app.post('/thu-tuc/:code/nop', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const procedure = await procedureOf(ctx.db, (request.params as { code: string }).code);
      return saveAndGo(request, reply, who, procedure, null);
    });

    app.get('/ho-so/nhap/:draftId', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      return draftPage(ctx, request, reply, who, await procedureOf(ctx.db, draft.procedureCode), draft);
    });

    app.get('/ho-so/nhap/:draftId/sua', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      const procedure = await procedureOf(ctx.db, draft.procedureCode);
      return formPage(ctx, request, reply, who, procedure, draft, { unitId: String(draft.unitId), values: draft.values, problems: {}, unitProblem: null });
    });

    app.post('/ho-so/nhap/:draftId/sua', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      return saveAndGo(request, reply, who, await procedureOf(ctx.db, draft.procedureCode), draft);
    });

    app.post('/ho-so/nhap/:draftId/tep', { config: { permission: 'signed_in', multipart: true, maxUploadBytes: MAX_FILE_BYTES } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      const procedure = await procedureOf(ctx.db, draft.procedureCode);
      const file = formFile(request, 'file');
      const result = await attachToDraft(ctx, who, auditActorOf(request), draft, procedure, formText(request, 'component', 5), file);
      if (!result.ok) return draftPage(ctx, request, reply, who, procedure, draft, { general: [request.t(result.error, result.params)], status: 400 });
      return reply.redirectWithNotice(`/ho-so/nhap/${draft.publicId}`, 'records.files.uploaded');
    });

    app.get('/ho-so/nhap/:draftId/tep/:fileId', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      const file = await readFile(ctx.db, { draftId: draft.id }, idParam(request, 'fileId'));
      if (!file) throw new AppError('error.not_found', 404);
      return sendFile(reply, file);
    });

    app.post('/ho-so/nhap/:draftId/tep/:fileId/xoa', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      await removeDraftFile(ctx, auditActorOf(request), draft, idParam(request, 'fileId'));
      return reply.redirectWithNotice(`/ho-so/nhap/${draft.publicId}`, 'records.files.removed');
    });

    app.post('/ho-so/nhap/:draftId/xoa', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      const draft = await ownDraft(ctx, request, who);
      await discardDraft(ctx, auditActorOf(request), draft);
      return reply.redirectWithNotice('/ho-so', 'records.draft.discarded');
    });

    app.post('/ho-so/nhap/:draftId/nop', { config: { permission: 'signed_in' } }, async (request, reply) => {
      const who = filerOf(request);
      // A second click after the first went through: the draft is gone, its record is there.
      const { draftId } = request.params as { draftId: string };
      const filed = DRAFT_ID.test(draftId) ? await findRecordByDraft(ctx.db, draftId) : undefined;
      if (filed && (who.kind === 'citizen' ? Number(filed.applicant_citizen_id) === who.id : Number(filed.assisted_by_official_id) === who.id)) {
        return reply.redirect(`/ho-so/${filed.code}`, 303);
      }
      const draft = await ownDraft(ctx, request, who);
      const procedure = await procedureOf(ctx.db, draft.procedureCode);
      if (formText(request, 'declaration', 5) !== 'on') {
        return draftPage(ctx, request, reply, who, procedure, draft, { problems: { declaration: { key: 'records.declaration_required', params: {} } }, status: 400 });
      }
      const result = await submitDraft(ctx, who, auditActorOf(request), procedure, draft);
      if (!result.ok) {
        if (result.general === 'records.procedure_changed') return draftPage(ctx, request, reply, who, procedure, draft, { general: [request.t(result.general)], status: 409 });
        // Answers that were fine as a draft but are not complete: back to the form with every problem listed.
        return formPage(ctx, request, reply, who, procedure, draft, { unitId: String(draft.unitId), values: draft.values, problems: result.problems, unitProblem: result.unitProblem }, 400);
      }
      return reply.redirectWithNotice(`/ho-so/${result.record.code}`, 'records.submitted', { code: result.record.code });
    });
  };
}

/** A stored file, as a download: never rendered by the browser in our origin. */
export function sendFile(reply: FastifyReply, file: { fileName: string; contentType: string; data: Uint8Array }) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.data));
}
