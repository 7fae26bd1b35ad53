/**
 * Tasks (giao việc) of a unit: `/admin/units/:unitId/tasks?tab=mine|assigned|overdue|done` with counts, and one task
 * `/admin/units/:unitId/tasks/:taskId` with its progress reports; its assignee reports progress (0–100 %) and
 * completes it.
 */
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { DocumentsContext } from '../context.ts';
import { MAX_NOTE, progressOf } from '../domain/incoming-rules.ts';
import { TASK_TABS, completeTask, countTasks, findTask, listTaskReports, listTasks, reportProgress } from '../tasks.ts';
import type { TaskRow, TaskTab } from '../tasks.ts';
import { documentTabs, tabHref } from './tabs.ts';
import { documentHref, ownUnitWho, versionOf, when } from './incoming-shared.ts';

const VIEW = { permission: 'documents.view' } as const;
const HANDLE = { permission: 'documents.handle' } as const;

export function taskPages(ctx: DocumentsContext) {
  const unitTask = async (unitId: number, taskId: number): Promise<TaskRow> => {
    const task = await findTask(ctx.db, taskId);
    if (!task || Number(task.unit_id) !== unitId) throw new AppError('documents.task.not_found', 404);
    return task;
  };

  return (app: App) => {
    app.get('/admin/units/:unitId/tasks', {
      config: VIEW,
      schema: { querystring: Type.Object({ tab: Type.Optional(Type.String({ maxLength: 20 })) }) },
    }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const tab: TaskTab = TASK_TABS.find((x) => x === (request.query as { tab?: string }).tab) ?? 'mine';
      const me = request.actor!.id;
      const now = ctx.now();
      const [counts, rows] = await Promise.all([countTasks(ctx.db, unitId, me, now), listTasks(ctx.db, unitId, tab, me, now)]);
      const base = tabHref(unitId, 'tasks');
      const body = html`${documentTabs(request, unitId, 'tasks')}<h1>${t('documents.task.title')}</h1>
<nav aria-label="${t('documents.task.tabs')}" class="queues"><ul>${TASK_TABS.map((x) => html`<li><a href="${base}?tab=${x}"${x === tab ? html` aria-current="page"` : ''}><span class="label">${t(`documents.task.tab.${x}` as MessageKey)}</span> <span class="count${x === 'overdue' && counts[x] > 0 ? ' alert' : ''}" data-count="${x}">${counts[x]}</span></a></li>`)}</ul></nav>
${rows.length === 0 ? html`<p>${t('documents.task.empty')}</p>` : html`<div class="table-wrap" role="region" aria-label="${t('documents.task.title')}" tabindex="0"><table>
<thead><tr><th scope="col">${t('documents.task.field.title')}</th><th scope="col">${t('documents.task.field.assignee')}</th><th scope="col">${t('documents.task.assigned_by')}</th><th scope="col">${t('documents.task.field.due')}</th><th scope="col">${t('documents.task.progress')}</th></tr></thead>
<tbody>${rows.map((k) => html`<tr data-task="${k.id}"><td><a href="${base}/${k.id}">${k.title}</a></td><td>${k.assignee_name}</td><td>${k.assigned_by_name}</td><td>${when(request, k.due_at)}${k.status === 'open' && k.due_at.getTime() < now.getTime() ? html` <strong class="badge status-3">${t('documents.incoming.overdue')}</strong>` : ''}</td><td>${k.progress}%</td></tr>`)}</tbody></table></div>`}`;
      return reply.page({ title: t('documents.task.title'), body });
    });

    app.get('/admin/units/:unitId/tasks/:taskId', { config: VIEW }, async (request, reply) => {
      const t = request.t;
      const unitId = idParam(request, 'unitId');
      const task = await unitTask(unitId, idParam(request, 'taskId'));
      const reports = await listTaskReports(ctx.db, Number(task.id));
      const actor = request.actor!;
      const mine = actor.kind === 'official' && actor.unitId === unitId && Number(task.assignee_id) === actor.id && task.status === 'open' && actor.permissions.has('documents.handle');
      const base = `${tabHref(unitId, 'tasks')}/${task.id}`;
      const csrf = html`${csrfField(request.csrfToken())}<input type="hidden" name="version" value="${Number(task.version)}">`;
      const body = html`${documentTabs(request, unitId, 'tasks')}<p><a href="${tabHref(unitId, 'tasks')}">${t('documents.task.back')}</a></p>
<h1>${task.title}</h1>
<dl class="answers"><dt>${t('documents.task.field.assignee')}</dt><dd>${task.assignee_name}</dd><dt>${t('documents.task.assigned_by')}</dt><dd>${task.assigned_by_name}</dd>
<dt>${t('documents.task.field.due')}</dt><dd>${when(request, task.due_at)}</dd><dt>${t('documents.task.progress')}</dt><dd><progress max="100" value="${task.progress}">${task.progress}%</progress> <span data-progress>${task.progress}%</span></dd>
<dt>${t('documents.page.status')}</dt><dd data-task-status="${task.status}">${t(`documents.task.status.${task.status}` as MessageKey)}</dd>
${task.document_id ? html`<dt>${t('documents.task.document')}</dt><dd><a href="${documentHref(unitId, Number(task.document_id))}">${t('documents.page.open')}</a></dd>` : ''}</dl>
<section aria-labelledby="reports-title"><h2 id="reports-title">${t('documents.task.reports')}</h2>${reports.length === 0 ? html`<p>${t('documents.task.no_reports')}</p>` : html`<ol class="events">${reports.map((r) => html`<li><strong>${r.progress}%</strong> — ${when(request, r.at)}, ${r.author_name}<br>${r.body}</li>`)}</ol>`}</section>
${mine ? html`<form method="post" action="${base}/reports" class="action-box">${csrf}<h2>${t('documents.task.report')}</h2>
<div class="field"><label for="f-progress">${t('documents.task.progress')}</label><input id="f-progress" name="progress" type="number" min="0" max="100" step="1" value="${task.progress}" required></div>
<div class="field"><label for="f-body">${t('documents.task.report_body')}</label><textarea id="f-body" name="body" rows="3" maxlength="${MAX_NOTE}" required></textarea></div>
<button type="submit" class="button secondary">${t('documents.task.report')}</button></form>
<form method="post" action="${base}/complete" class="action-box">${csrf}<h2>${t('documents.task.complete')}</h2>
<div class="field"><label for="f-done">${t('documents.task.complete_body')}</label><textarea id="f-done" name="body" rows="3" maxlength="${MAX_NOTE}" required></textarea></div>
<button type="submit" class="button">${t('documents.task.complete')}</button></form>` : ''}`;
      return reply.page({ title: task.title, body });
    });

    app.post('/admin/units/:unitId/tasks/:taskId/reports', { config: HANDLE }, async (request, reply) => {
      const unitId = idParam(request, 'unitId');
      const task = await unitTask(unitId, idParam(request, 'taskId'));
      await reportProgress(ctx, ownUnitWho(request), auditActorOf(request), unitId, Number(task.id), { version: versionOf(request), progress: progressOf(formText(request, 'progress', 10)), body: formText(request, 'body', MAX_NOTE * 2) });
      return reply.redirectWithNotice(`${tabHref(unitId, 'tasks')}/${task.id}`, 'documents.task.notice.reported');
    });

    app.post('/admin/units/:unitId/tasks/:taskId/complete', { config: HANDLE }, async (request, reply) => {
      const unitId = idParam(request, 'unitId');
      const task = await unitTask(unitId, idParam(request, 'taskId'));
      await completeTask(ctx, ownUnitWho(request), auditActorOf(request), unitId, Number(task.id), { version: versionOf(request), body: formText(request, 'body', MAX_NOTE * 2) });
      return reply.redirectWithNotice(`${tabHref(unitId, 'tasks')}/${task.id}`, 'documents.task.notice.completed');
    });
  };
}
