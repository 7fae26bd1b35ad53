/**
 * The outgoing document's part of the shared document page: its recipients (with "đã đến" and a link to the incoming
 * document for those inside the install, "chờ gửi" for those outside), its draft versions, and the step forms the
 * official may use now — edit (new version), submit, forward, return, approve, sign, issue.
 */
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import type { DocumentsContext } from '../context.ts';
import { allowedActions } from '../domain/outgoing-rules.ts';
import type { OutgoingAction } from '../domain/outgoing-rules.ts';
import { reviewersOf, stateOf } from '../outgoing-review.ts';
import { listOutgoingFiles, listOutgoingRecipients } from '../outgoing-store.ts';
import type { DocumentRow } from '../store.ts';
import { outgoingBase } from './outgoing-draft-pages.ts';

export async function outgoingPanel(ctx: DocumentsContext, request: FastifyRequest, doc: DocumentRow): Promise<SafeHtml> {
  if (doc.direction !== 'outgoing') return html``;
  const t = request.t;
  const id = Number(doc.id);
  const unitId = Number(doc.unit_id);
  const [recipients, files] = await Promise.all([listOutgoingRecipients(ctx.db, id), listOutgoingFiles(ctx.db, id)]);
  const versions = files.filter((f) => f.kind === 'draft');
  const actor = request.actor;
  const own = actor?.kind === 'official' && actor.unitId === unitId;
  const actions: OutgoingAction[] = own ? allowedActions(stateOf(doc), { id: actor.id, permissions: actor.permissions }) : [];
  const reviewers = actions.some((a) => a === 'submit' || a === 'forward') && own ? await reviewersOf(ctx, unitId, actor.id) : [];
  const csrf = csrfField(request.csrfToken());
  const stepUrl = `${outgoingBase(unitId)}/${id}/step`;
  const versionField = html`<input type="hidden" name="version" value="${doc.version}">`;
  // One id per form: several forms may offer a comment at once (forward, approve, return).
  const comment = (step: OutgoingAction, required: boolean) => html`<div class="field"><label for="f-comment-${step}">${t('documents.outgoing.panel.comment')}</label>${required ? html`<p class="hint" id="f-comment-${step}-hint">${t('documents.outgoing.panel.comment_hint')}</p>` : ''}<textarea id="f-comment-${step}" name="comment" rows="2" maxlength="2000"${required ? html` required aria-describedby="f-comment-${step}-hint"` : ''}></textarea></div>`;
  const button = (a: OutgoingAction, secondary = false) => html`<button type="submit" name="action" value="${a}" class="button${secondary ? ' secondary' : ''}" data-action="${a}">${t(`documents.outgoing.action.${a}` as MessageKey)}</button>`;
  // Each step its own box under its own heading, so that a comment field is seen to belong to its button.
  const box = (step: OutgoingAction, content: SafeHtml) => html`<form method="post" action="${stepUrl}" class="action-box" data-step="${step}">${csrf}${versionField}<h3>${t(`documents.outgoing.action.${step}` as MessageKey)}</h3>${content}</form>`;

  // The draft names its signer: passing it on goes to that person unless the drafter picks another.
  const signerName = doc.signer_name ?? '';
  const forms: SafeHtml[] = [];
  if (actions.includes('save')) forms.push(html`<p><a href="${outgoingBase(unitId)}/${id}/edit" data-action="edit">${t('documents.outgoing.panel.edit')}</a></p>`);
  // The step a leader or the clerk comes for first (approve, sign, issue), then passing it on, then returning it.
  if (actions.includes('approve')) forms.push(box('approve', html`${comment('approve', false)}${button('approve')}`));
  if (actions.includes('sign')) forms.push(box('sign', html`<p class="hint">${t('documents.outgoing.sign_hint')}</p>${button('sign')}`));
  if (actions.includes('issue')) forms.push(box('issue', html`<p class="hint">${t('documents.outgoing.issue_hint')}</p>${button('issue')}`));
  const pass = actions.filter((a): a is 'submit' | 'forward' => a === 'submit' || a === 'forward');
  if (pass.length > 0) {
    forms.push(box(pass[0]!, html`<div class="field"><label for="f-to">${t('documents.outgoing.panel.to')}</label><select id="f-to" name="to" required>${reviewers.map((r) => html`<option value="${r.id}"${r.name === signerName ? html` selected` : ''}>${r.name}</option>`)}</select></div>
${comment(pass[0]!, false)}${button(pass[0]!)}`));
  }
  if (actions.includes('return')) forms.push(box('return', html`${comment('return', true)}${button('return', true)}`));

  const fileHref = (fileId: number) => `/admin/units/${unitId}/documents/${id}/files/${fileId}`;
  return html`<section aria-labelledby="outgoing-title" data-outgoing-panel><h2 id="outgoing-title">${t('documents.outgoing.panel.title')}</h2>
<h3>${t('documents.outgoing.panel.recipients')}</h3><ul data-recipients>${recipients.map((r) => html`<li data-recipient="${r.id}" data-delivery="${r.status_code ?? 'waiting'}">${r.recipient_name}${r.recipient_organ_id ? ` (${r.recipient_organ_id})` : ''} — ${r.status_code === '01' ? t('documents.outgoing.panel.delivered') : r.status_code ? r.status_code : t('documents.outgoing.panel.waiting')}</li>`)}</ul>
<h3>${t('documents.outgoing.panel.versions')}</h3><ol reversed data-versions>${versions.map((v) => html`<li data-version="${v.version}"><a href="${fileHref(v.id)}">${t('documents.outgoing.panel.version', { version: v.version })}</a> — ${v.file_name}</li>`)}</ol>
${forms.length > 0 ? html`<div class="doc-actions">${forms}</div>` : own && doc.status !== 'issued' ? html`<p>${t('documents.outgoing.panel.none')}</p>` : ''}</section>`;
}
