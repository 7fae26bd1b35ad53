/**
 * The exchange actions of one document (the panel's forms post here; every write audited, CSRF-checked, under
 * the document's version where it changes state):
 *  - `GET  …/documents/:documentId/recipients/:recipientId/edxml` — the edXML package for an outside recipient;
 *  - `POST …/recipients/:recipientId/edxml` — the same, handed over: the recipient is marked sent;
 *  - `POST …/recipients/:recipientId/status` — a status the recipient answered (its status package, or a code and a note);
 *  - `POST …/documents/:documentId/status-package` — for a document received by edXML, the status package to send back;
 *  - `POST …/documents/:documentId/copies` — an electronic copy (sao y, trích sao, sao lục).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { contentDisposition } from '../../../platform/http/content-disposition.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { DocumentsContext } from '../context.ts';
import { isCopyKind, makeCopy } from '../copies.ts';
import type { EdxmlProblem } from '../domain/edxml.ts';
import { recipientPackage, recordDeliveryStatus, sendToRecipient } from '../exchange-dispatch.ts';
import { statusPackageBack } from '../exchange-status-back.ts';
import { documentHref, ownUnitWho, unitDocument, versionOf } from './incoming-shared.ts';

const RECIPIENT = '/admin/units/:unitId/documents/:documentId/recipients/:recipientId';
const DOCUMENT = '/admin/units/:unitId/documents/:documentId';

function sendXml(reply: FastifyReply, file: { data: Uint8Array; fileName: string }) {
  return reply.header('content-type', 'application/xml; charset=utf-8').header('content-disposition', contentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(Buffer.from(file.data));
}

/** A refused form: the reason (and a package's problems) with a way back to the document, 422. */
function refused(request: FastifyRequest, reply: FastifyReply, key: MessageKey, problems: readonly EdxmlProblem[] = []) {
  const t = request.t;
  const back = documentHref(idParam(request, 'unitId'), idParam(request, 'documentId'));
  const body = html`<h1>${t('documents.exchange.refused.title')}</h1>
<div class="error-summary" role="alert" data-refused="${key}"><p>${t(key)}</p>${problems.length > 0 ? html`<ul>${problems.map((p) => html`<li data-problem="${p.code}">${t(`documents.exchange.problem.${p.code}` as MessageKey)}${p.field ? html` <code>${p.field}</code>` : ''}</li>`)}</ul>` : ''}</div>
<p><a href="${back}#exchange">${t('documents.exchange.refused.back')}</a></p>`;
  return reply.page({ title: t('documents.exchange.refused.title'), body }, 422);
}

export function exchangeActions(ctx: DocumentsContext) {
  return (app: App) => {
    app.get(`${RECIPIENT}/edxml`, { config: { permission: 'documents.issue' } }, async (request, reply) => {
      ownUnitWho(request);
      const doc = await unitDocument(ctx, request);
      return sendXml(reply, await recipientPackage(ctx, Number(doc.unit_id), Number(doc.id), idParam(request, 'recipientId')));
    });

    app.post(`${RECIPIENT}/edxml`, { config: { permission: 'documents.issue' } }, async (request, reply) => {
      const who = ownUnitWho(request);
      const doc = await unitDocument(ctx, request);
      return sendXml(reply, await sendToRecipient(ctx, who, auditActorOf(request), Number(doc.unit_id), Number(doc.id), idParam(request, 'recipientId')));
    });

    app.post(`${RECIPIENT}/status`, { config: { permission: 'documents.issue', multipart: true, maxUploadBytes: 1024 * 1024 } }, async (request, reply) => {
      const who = ownUnitWho(request);
      const doc = await unitDocument(ctx, request);
      const version = versionOf(request);
      const upload = formFile(request, 'package');
      const hasFile = !!upload && (upload.data.length > 0 || upload.truncated);
      if (upload?.truncated) return refused(request, reply, 'documents.exchange.error.status_package', [{ code: 'too_large' }]);
      const input = hasFile ? { kind: 'package' as const, data: upload!.data } : { kind: 'manual' as const, code: formText(request, 'code', 4).trim(), note: formText(request, 'note', 4000) };
      const outcome = await recordDeliveryStatus(ctx, who, auditActorOf(request), Number(doc.unit_id), Number(doc.id), idParam(request, 'recipientId'), version, input);
      if (!outcome.ok) return 'problems' in outcome ? refused(request, reply, 'documents.exchange.error.status_package', outcome.problems) : refused(request, reply, outcome.error);
      return reply.redirectWithNotice(`${documentHref(Number(doc.unit_id), Number(doc.id))}#exchange`, 'documents.exchange.status_recorded', { code: outcome.code });
    });

    app.post(`${DOCUMENT}/status-package`, { config: { permission: 'documents.register' } }, async (request, reply) => {
      const who = ownUnitWho(request);
      const doc = await unitDocument(ctx, request);
      const file = await statusPackageBack(ctx, who, auditActorOf(request), Number(doc.unit_id), Number(doc.id), versionOf(request), formText(request, 'code', 4).trim(), formText(request, 'reason', 4000));
      return sendXml(reply, file);
    });

    app.post(`${DOCUMENT}/copies`, { config: { permission: 'documents.issue' } }, async (request, reply) => {
      const who = ownUnitWho(request);
      const doc = await unitDocument(ctx, request);
      const kind = formText(request, 'kind', 4).trim();
      if (!isCopyKind(kind)) throw new AppError('documents.exchange.error.copy_kind', 422);
      const outcome = await makeCopy(ctx, who, auditActorOf(request), Number(doc.unit_id), Number(doc.id), versionOf(request), kind, formText(request, 'pages', 200));
      if (!outcome.ok) return refused(request, reply, outcome.error);
      return reply.redirectWithNotice(`${documentHref(Number(doc.unit_id), Number(doc.id))}#exchange`, 'documents.exchange.copy.made', { number: outcome.numberText });
    });
  };
}
