/**
 * What a viewer may do with an incoming document, as forms on its page: present it to a leader (clerk), fill the
 * leader's part of the phiếu giải quyết (main handler, co-handlers, followers, deadline, opinion), record an opinion,
 * forward it, draft a reply, complete it, make a task of it. Forms post the version they saw.
 */
import type { FastifyRequest } from 'fastify';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import type { DocumentsContext } from '../context.ts';
import { MAX_NOTE, defaultDueDay, incomingActions, vietnamDay } from '../domain/incoming-rules.ts';
import type { IncomingState, UrgencyLevel } from '../domain/incoming-rules.ts';
import { officialsWith } from '../incoming-process.ts';
import type { Person } from '../incoming-process.ts';
import type { AssignmentLine } from '../incoming-store.ts';
import { MAX_TASK_TITLE } from '../tasks.ts';
import type { DocumentRow } from '../store.ts';
import { documentHref } from './incoming-shared.ts';

const options = (people: readonly Person[], selected?: number) => people.map((p) => html`<option value="${p.id}"${p.id === selected ? html` selected` : ''}>${p.name}</option>`);
const checks = (name: string, people: readonly Person[]) => people.map((p) => html`<div class="choice"><input id="f-${name}-${p.id}" name="${name}" type="checkbox" value="${p.id}"> <label for="f-${name}-${p.id}">${p.name}</label></div>`);

export async function incomingPanel(ctx: DocumentsContext, request: FastifyRequest, doc: DocumentRow, assignments: readonly AssignmentLine[]): Promise<SafeHtml> {
  const t = request.t;
  const actor = request.actor;
  if (actor?.kind !== 'official') return html``;
  const unitId = Number(doc.unit_id);
  const mine = assignments.find((a) => a.officialId === actor.id && a.completedAt === null);
  const actions = incomingActions(doc.status as IncomingState, doc.holder_official_id === null ? null : Number(doc.holder_official_id), {
    id: actor.id, permissions: actor.permissions, ownUnit: actor.unitId === unitId, role: mine?.role ?? null,
  });
  if (actions.length === 0) return html``;
  const base = documentHref(unitId, Number(doc.id));
  const csrf = html`${csrfField(request.csrfToken())}<input type="hidden" name="version" value="${Number(doc.version)}">`;
  const note = (id: string, label: string, required = false) => html`<div class="field"><label for="f-${id}">${label}</label><textarea id="f-${id}" name="note" rows="3" maxlength="${MAX_NOTE}"${required ? html` required` : ''}></textarea></div>`;
  const handlers = await officialsWith(ctx, unitId, 'documents.handle');
  const main = assignments.find((a) => a.role === 'main');
  const today = vietnamDay(ctx.now());
  const parts: SafeHtml[] = [];
  if (actions.includes('present')) {
    const leaders = await officialsWith(ctx, unitId, 'documents.assign');
    parts.push(html`<form method="post" action="${base}/present" class="action-box" data-action="present">${csrf}<h3>${t('documents.incoming.action.present')}</h3>
<div class="field"><label for="f-leader">${t('documents.incoming.field.leader')}</label><select id="f-leader" name="leader" required>${options(leaders)}</select></div>
${note('present-note', t('documents.incoming.field.note'))}<button type="submit" class="button">${t('documents.incoming.action.present')}</button></form>`);
  }
  if (actions.includes('assign')) {
    const everyone = await officialsWith(ctx, unitId);
    const due = defaultDueDay(today, doc.urgency as UrgencyLevel);
    parts.push(html`<form method="post" action="${base}/assign" class="action-box" data-action="assign">${csrf}<h3>${t('documents.incoming.action.assign')}</h3>
<div class="field"><label for="f-main">${t('documents.incoming.field.main')}</label><select id="f-main" name="main" required>${options(handlers)}</select></div>
<fieldset class="field"><legend>${t('documents.incoming.field.co')}</legend>${checks('co', handlers)}</fieldset>
<fieldset class="field"><legend>${t('documents.incoming.field.info')}</legend>${checks('info', everyone)}</fieldset>
<div class="field"><label for="f-due">${t('documents.incoming.field.due')}</label><p class="hint" id="f-due-hint">${t('documents.incoming.hint.due')}</p><input id="f-due" name="due" type="date" value="${due}" min="${today}" required aria-describedby="f-due-hint"></div>
<div class="field"><label for="f-opinion">${t('documents.incoming.field.leader_opinion')}</label><textarea id="f-opinion" name="opinion" rows="3" maxlength="${MAX_NOTE}"></textarea></div>
<button type="submit" class="button">${t('documents.incoming.action.assign')}</button></form>`);
  }
  if (actions.includes('opinion')) {
    parts.push(html`<form method="post" action="${base}/opinion" class="action-box" data-action="opinion">${csrfField(request.csrfToken())}<h3>${t('documents.incoming.action.opinion')}</h3>
${note('opinion-note', t('documents.incoming.field.opinion'), true)}<button type="submit" class="button secondary">${t('documents.incoming.action.opinion')}</button></form>`);
  }
  if (actions.includes('reply')) parts.push(html`<p class="action-box" data-action="reply"><a class="button secondary" href="/admin/units/${unitId}/documents/outgoing/new?replyTo=${Number(doc.id)}">${t('documents.incoming.action.reply')}</a></p>`);
  if (actions.includes('forward')) {
    parts.push(html`<form method="post" action="${base}/forward" class="action-box" data-action="forward">${csrf}<h3>${t('documents.incoming.action.forward')}</h3>
<div class="field"><label for="f-to">${t('documents.incoming.field.forward_to')}</label><select id="f-to" name="to" required>${options(handlers.filter((h) => h.id !== actor.id))}</select></div>
${note('forward-note', t('documents.incoming.field.note'), true)}<button type="submit" class="button secondary">${t('documents.incoming.action.forward')}</button></form>`);
  }
  if (actions.includes('complete')) {
    parts.push(html`<form method="post" action="${base}/complete" class="action-box" data-action="complete">${csrf}<h3>${t('documents.incoming.action.complete')}</h3>
${note('complete-note', t('documents.incoming.field.result'))}<button type="submit" class="button">${t('documents.incoming.action.complete')}</button></form>`);
  }
  if (actions.includes('task')) {
    const due = doc.due_at ? vietnamDay(doc.due_at) : defaultDueDay(today, 'normal');
    parts.push(html`<form method="post" action="${base}/tasks" class="action-box" data-action="task"><h3>${t('documents.incoming.action.task')}</h3>${csrfField(request.csrfToken())}
<div class="field"><label for="f-task-title">${t('documents.task.field.title')}</label><input id="f-task-title" name="title" type="text" maxlength="${MAX_TASK_TITLE}" value="${doc.subject.slice(0, MAX_TASK_TITLE)}" required></div>
<div class="field"><label for="f-assignee">${t('documents.task.field.assignee')}</label><select id="f-assignee" name="assignee" required>${options(handlers, main?.officialId)}</select></div>
<div class="field"><label for="f-task-due">${t('documents.task.field.due')}</label><input id="f-task-due" name="due" type="date" value="${due < today ? today : due}" min="${today}" required></div>
<button type="submit" class="button secondary">${t('documents.incoming.action.task')}</button></form>`);
  }
  return html`<section aria-labelledby="actions-title" class="doc-actions"><h2 id="actions-title">${t('documents.page.actions')}</h2>${parts}</section>`;
}
