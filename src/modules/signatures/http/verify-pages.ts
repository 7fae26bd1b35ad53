/**
 * The public verification pages, in Vietnamese and English, working without JavaScript:
 *  - `/xac-thuc`: what is checked, in plain words, and a form to upload one PDF (≤ 20 MB); the POST shows the report;
 *  - `/xac-thuc/:publicId`: the link of the QR code printed on a result: the report of the original kept here,
 *    its title and a download of it (`/xac-thuc/:publicId/tai-ve`).
 * Uploaded files are verified in memory and never kept.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { formFile } from '../../../platform/http/form.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import type { SignaturesContext } from '../context.ts';
import { findSignedDocument } from '../store.ts';
import { MAX_VERIFY_BYTES, verifyDocument } from '../verify-documents.ts';
import { MAX_VERIFY_TEXT, PUBLIC_ID, STORED_RATE, VERIFY_RATE, inputProblem, pdfDisposition } from './verify-input.ts';
import { renderReport } from './verify-report.ts';

const PAGE = '/xac-thuc';
const FIELD = 'document';

function uploadPage(request: FastifyRequest, reply: FastifyReply, problem?: AppError) {
  const t = request.t;
  const message = problem ? t(problem.code, problem.params) : undefined;
  const described = `f-${FIELD}-hint${message ? ` f-${FIELD}-error` : ''}`;
  return reply.page({
    title: t('signatures.verify.title'),
    body: html`<h1>${t('signatures.verify.title')}</h1>
<p class="lead">${t('signatures.verify.intro')}</p>
<p>${t('signatures.verify.how')}</p>
<p class="hint">${t('signatures.verify.qr_hint')}</p>
${message ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t('form.error_summary')}</h2>
<ul><li><a href="#f-${FIELD}">${message}</a></li></ul></div>` : ''}
<form method="post" action="${PAGE}" enctype="multipart/form-data">${csrfField(request.csrfToken())}
<div class="field${message ? ' field-error' : ''}"><label for="f-${FIELD}">${t('signatures.verify.file')}</label>
<p class="hint" id="f-${FIELD}-hint">${t('signatures.verify.file_hint', { max: MAX_VERIFY_TEXT })}</p>
${message ? html`<p class="error-message" id="f-${FIELD}-error">${message}</p>` : ''}
<input id="f-${FIELD}" type="file" name="${FIELD}" accept="application/pdf,.pdf" required aria-describedby="${described}"${message ? html` aria-invalid="true"` : ''}></div>
<p class="hint">${t('signatures.verify.privacy')}</p>
<button type="submit" class="button">${t('signatures.verify.submit')}</button>
</form>
<section aria-labelledby="pki-title"><h2 id="pki-title">${t('signatures.verify.pki_title')}</h2>
<p>${t('signatures.verify.pki_text')}</p>
<ul><li><a href="/pki/root.crt">${t('signatures.verify.pki_root')}</a></li>
<li><a href="/pki/province-ca.crt">${t('signatures.verify.pki_province')}</a></li>
<li><a href="/pki/province-ca.crl">${t('signatures.verify.pki_crl')}</a></li></ul>
<p class="hint">${t('signatures.verify.api_hint')}</p></section>`,
  }, problem?.status ?? 200);
}

function notFoundPage(request: FastifyRequest, reply: FastifyReply) {
  const t = request.t;
  return reply.page({
    title: t('signatures.report.title'),
    body: html`<h1>${t('signatures.report.title')}</h1>
<p class="lead">${t('signatures.verify.not_found')}</p>
<p><a class="button" href="${PAGE}">${t('signatures.verify.title')}</a></p>`,
  }, 404);
}

/** The stored document of a QR link, or null (a malformed id is never looked up). */
async function storedDocument(ctx: SignaturesContext, request: FastifyRequest) {
  const { publicId } = request.params as { publicId: string };
  if (!PUBLIC_ID.test(publicId)) return null;
  return (await findSignedDocument(ctx.db, publicId)) ?? null;
}

export function verifyPages(ctx: SignaturesContext) {
  return (app: App) => {
    app.get(PAGE, { config: { permission: 'public' } }, async (request, reply) => uploadPage(request, reply));

    app.post(PAGE, { config: { permission: 'public', multipart: true, publicUpload: true, maxUploadBytes: MAX_VERIFY_BYTES, rateLimit: VERIFY_RATE } }, async (request, reply) => {
      const file = formFile(request, FIELD);
      if (!file || (file.data.length === 0 && file.filename === '')) return uploadPage(request, reply, new AppError('signatures.verify.file_required', 400));
      if (file.truncated) return uploadPage(request, reply, new AppError('signatures.verify.too_large', 413, { limit: MAX_VERIFY_TEXT }));
      if (file.data.length === 0) return uploadPage(request, reply, new AppError('signatures.verify.empty', 400));
      let report;
      try {
        report = await verifyDocument(ctx, file.data);
      } catch (error) {
        return uploadPage(request, reply, inputProblem(error));
      }
      return reply.page({ title: request.t('signatures.report.title'), body: renderReport(request.t, request.lang, report) });
    });

    app.get(`${PAGE}/:publicId`, { config: { permission: 'public', rateLimit: STORED_RATE } }, async (request, reply) => {
      const document = await storedDocument(ctx, request);
      if (!document) return notFoundPage(request, reply);
      let report;
      try {
        report = await verifyDocument(ctx, document.data);
      } catch (error) {
        throw inputProblem(error);
      }
      const t = request.t;
      // The link is printed on the paper: it is meant to be opened, not found by search engines.
      reply.header('x-robots-tag', 'noindex, nofollow');
      return reply.page({
        title: `${t('signatures.report.title')}: ${document.title}`,
        body: renderReport(t, request.lang, report, { title: document.title, downloadUrl: `${PAGE}/${document.public_id}/tai-ve` }),
      });
    });

    app.get(`${PAGE}/:publicId/tai-ve`, { config: { permission: 'public', rateLimit: STORED_RATE } }, async (request, reply) => {
      const document = await storedDocument(ctx, request);
      if (!document) return notFoundPage(request, reply);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', pdfDisposition(document.file_name))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-robots-tag', 'noindex, nofollow')
        .header('cache-control', 'private, no-cache')
        .send(Buffer.from(document.data));
    });
  };
}
