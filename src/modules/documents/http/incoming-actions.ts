/**
 * The steps of handling an incoming document, posted from its page (`/admin/units/:unitId/documents/:documentId/…`):
 * present (clerk), assign (leader), opinion (handlers and leaders), forward and complete (main handler), tasks
 * (leader). Each answers with a redirect to the document and a one-line notice; refusals are 4xx with a message.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formList, formText } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { DocumentsContext } from '../context.ts';
import { MAX_NOTE } from '../domain/incoming-rules.ts';
import { addOpinion, assignDocument, completeDocument, forwardDocument, presentDocument } from '../incoming-process.ts';
import { MAX_TASK_TITLE, createTaskFromDocument } from '../tasks.ts';
import { documentHref, officialIdOf, ownUnitWho, unitDocument, versionOf } from './incoming-shared.ts';

const ids = (request: FastifyRequest, name: string) => formList(request, name, 100).map(officialIdOf);

export function incomingActions(ctx: DocumentsContext) {
  return (app: App) => {
    const step = (path: string, permission: string, notice: MessageKey, run: (request: FastifyRequest, unitId: number, documentId: number) => Promise<unknown>) =>
      app.post(`/admin/units/:unitId/documents/:documentId/${path}`, { config: { permission } }, async (request, reply) => {
        const doc = await unitDocument(ctx, request);
        const unitId = Number(doc.unit_id);
        await run(request, unitId, Number(doc.id));
        return reply.redirectWithNotice(documentHref(unitId, Number(doc.id)), notice);
      });

    step('present', 'documents.register', 'documents.incoming.notice.presented', (request, unitId, id) =>
      presentDocument(ctx, ownUnitWho(request), auditActorOf(request), unitId, id, { version: versionOf(request), leaderId: officialIdOf(formText(request, 'leader', 20)), note: formText(request, 'note', MAX_NOTE * 2) }));

    step('assign', 'documents.assign', 'documents.incoming.notice.assigned', (request, unitId, id) =>
      assignDocument(ctx, ownUnitWho(request), auditActorOf(request), unitId, id, {
        version: versionOf(request), mainId: officialIdOf(formText(request, 'main', 20)), coIds: ids(request, 'co'), infoIds: ids(request, 'info'),
        dueDay: formText(request, 'due', 20).trim(), opinion: formText(request, 'opinion', MAX_NOTE * 2),
      }));

    step('opinion', 'documents.handle', 'documents.incoming.notice.opinion', (request, unitId, id) =>
      addOpinion(ctx, ownUnitWho(request), auditActorOf(request), unitId, id, formText(request, 'note', MAX_NOTE * 2)));

    step('forward', 'documents.handle', 'documents.incoming.notice.forwarded', (request, unitId, id) =>
      forwardDocument(ctx, ownUnitWho(request), auditActorOf(request), unitId, id, { version: versionOf(request), toId: officialIdOf(formText(request, 'to', 20)), note: formText(request, 'note', MAX_NOTE * 2) }));

    step('complete', 'documents.handle', 'documents.incoming.notice.completed', (request, unitId, id) =>
      completeDocument(ctx, ownUnitWho(request), auditActorOf(request), unitId, id, { version: versionOf(request), note: formText(request, 'note', MAX_NOTE * 2) }));

    step('tasks', 'documents.assign', 'documents.task.notice.created', (request, unitId, id) =>
      createTaskFromDocument(ctx, ownUnitWho(request), auditActorOf(request), unitId, id, {
        assigneeId: officialIdOf(formText(request, 'assignee', 20)), title: formText(request, 'title', MAX_TASK_TITLE * 2), dueDay: formText(request, 'due', 20).trim(),
      }));
  };
}
