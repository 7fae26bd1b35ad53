/**
 * Import of an edXML package as an incoming document (documents.register):
 * `/admin/units/:unitId/documents/incoming/import` — upload the .edxml/.xml file; a bad package answers 422 with
 * every problem listed and nothing written; a good one is registered and the clerk lands on the document.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formFile, idParam } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { DocumentsContext } from '../context.ts';
import { MAX_PACKAGE_BYTES } from '../domain/edxml.ts';
import { importEdxml } from '../exchange-import.ts';
import type { ImportProblem } from '../exchange-import.ts';
import { documentHref, incomingBase, ownUnitWho } from './incoming-shared.ts';
import { documentTabs } from './tabs.ts';

export const importUrl = (unitId: number | string) => `${incomingBase(unitId)}/import`;

function page(request: FastifyRequest, reply: FastifyReply, unitId: number, problems: readonly ImportProblem[] | null, status = 200) {
  const t = request.t;
  const title = t('documents.exchange.import.title');
  const summary = problems && problems.length > 0 ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-problems>
<h2 id="error-summary-title">${t('documents.exchange.import.problems')}</h2>
<ul>${problems.map((p) => html`<li data-problem="${p.code}"><a href="#f-package">${t(`documents.exchange.problem.${p.code}` as MessageKey)}</a>${p.field ? html` <code>${p.field}</code>` : ''}</li>`)}</ul></div>` : '';
  const body = html`${documentTabs(request, unitId, 'incoming')}
<p><a href="${incomingBase(unitId)}">${t('documents.exchange.import.back')}</a></p>
<h1>${title}</h1>
${summary}
<p>${t('documents.exchange.import.intro')}</p>
<form method="post" action="${importUrl(unitId)}" enctype="multipart/form-data">${csrfField(request.csrfToken())}
<div class="field${problems ? ' field-error' : ''}"><label for="f-package">${t('documents.exchange.import.file')}</label>
<p class="hint" id="f-package-hint">${t('documents.exchange.import.hint', { max: `${MAX_PACKAGE_BYTES / 1024 / 1024} MB` })}</p>
<input id="f-package" name="package" type="file" accept=".edxml,.xml,application/xml,text/xml" required aria-describedby="f-package-hint"></div>
<button type="submit" class="button">${t('documents.exchange.import.submit')}</button>
</form>`;
  return reply.page({ title, body }, status);
}

export function exchangeImportPages(ctx: DocumentsContext) {
  return (app: App) => {
    const permission = 'documents.register';
    app.get('/admin/units/:unitId/documents/incoming/import', { config: { permission } }, async (request, reply) => {
      ownUnitWho(request);
      return page(request, reply, idParam(request, 'unitId'), null);
    });

    app.post('/admin/units/:unitId/documents/incoming/import', { config: { permission, multipart: true, maxUploadBytes: MAX_PACKAGE_BYTES } }, async (request, reply) => {
      const who = ownUnitWho(request);
      const unitId = idParam(request, 'unitId');
      const upload = formFile(request, 'package');
      if (!upload || (upload.data.length === 0 && !upload.truncated)) return page(request, reply, unitId, [{ code: 'not_edxml' }], 422);
      if (upload.truncated) return page(request, reply, unitId, [{ code: 'too_large' }], 422);
      const outcome = await importEdxml(ctx, { id: who.id, name: who.name }, auditActorOf(request), unitId, { filename: upload.filename, data: upload.data });
      if (!outcome.ok) return page(request, reply, unitId, outcome.problems, 422);
      if (!outcome.registered) return reply.redirectWithNotice(documentHref(unitId, outcome.id), 'documents.exchange.import.returned');
      return reply.redirectWithNotice(documentHref(unitId, outcome.id), 'documents.exchange.import.done', { number: outcome.incomingNumber, year: outcome.incomingYear });
    });
  };
}
