/**
 * The official's own page (/account/signature): the certificate they sign with (download it), and their
 * handwritten signature image (blue ink, transparent PNG) that visible signatures show — its preview and the
 * upload form. Any signed-in official (`workspace.view`, which every official role holds); citizens have none.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { OfficialActor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/errors.ts';
import { formFile } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField, errorSummary } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { nowOf } from '../context.ts';
import type { SignaturesContext } from '../context.ts';
import { saveSignatureImage } from '../manage-images.ts';
import { findCurrentCertificate, findSignatureImage } from '../store.ts';
import { certificateDetails, sendCertificate } from './certificate-pages.ts';

const OFFICIAL = { permission: 'workspace.view' } as const;
const PAGE = '/account/signature';

function official(request: FastifyRequest): OfficialActor {
  const actor = request.actor;
  if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
  return actor;
}

async function signaturePage(ctx: SignaturesContext, request: FastifyRequest, reply: FastifyReply, error?: MessageKey) {
  const t = request.t;
  const actor = official(request);
  const [certificate, image] = await Promise.all([findCurrentCertificate(ctx.db, { officialId: actor.id }), findSignatureImage(ctx.db, actor.id)]);
  const token = request.csrfToken();
  return reply.page(
    {
      title: t('signatures.account.title'),
      body: html`<p><a href="/account">← ${t('signatures.account.back')}</a></p>
<h1>${t('signatures.account.title')}</h1>
${errorSummary(t, error ? { image: error } : {})}
<section aria-labelledby="cert-title"><h2 id="cert-title">${t('signatures.account.certificate_title')}</h2>
${certificate
  ? html`${certificateDetails(t, certificate, nowOf(ctx))}
<p><a href="${PAGE}/certificate.cer">${t('signatures.certs.download')}</a></p>`
  : html`<p>${t('signatures.account.no_certificate')}</p>`}
</section>
<section aria-labelledby="image-title"><h2 id="image-title">${t('signatures.account.image_title')}</h2>
${image ? html`<p><img class="seal-image" src="${PAGE}.png" alt="${t('signatures.account.image_alt', { name: actor.name })}"></p>` : html`<p>${t('signatures.account.no_image')}</p>`}
<form method="post" action="${PAGE}" enctype="multipart/form-data" novalidate>
${csrfField(token)}
<div class="field${error ? ' field-error' : ''}">
  <label for="f-image">${t('signatures.account.image_file')}</label>
  <p class="hint" id="f-image-hint">${t('signatures.account.image_hint')}</p>
  ${error ? html`<p class="error-message" id="f-image-error">${t(error)}</p>` : ''}
  <input id="f-image" name="image" type="file" accept="image/png,.png" required aria-describedby="f-image-hint${error ? ' f-image-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button secondary">${t('signatures.account.image_submit')}</button>
</form></section>`,
    },
    error ? 400 : 200,
  );
}

export function accountSignaturePages(ctx: SignaturesContext) {
  return (app: App) => {
    app.get(PAGE, { config: OFFICIAL }, async (request, reply) => signaturePage(ctx, request, reply));

    app.post(PAGE, { config: { ...OFFICIAL, multipart: true } }, async (request, reply) => {
      const actor = official(request);
      const result = await saveSignatureImage(ctx, auditActorOf(request), { officialId: actor.id, unitId: actor.unitId }, formFile(request, 'image'));
      if (!result.ok) return signaturePage(ctx, request, reply, result.error);
      return reply.redirectWithNotice(PAGE, 'signatures.account.image_saved');
    });

    app.get(`${PAGE}.png`, { config: OFFICIAL }, async (request, reply) => {
      const image = await findSignatureImage(ctx.db, official(request).id);
      if (!image) throw new AppError('error.not_found', 404);
      return reply
        .header('content-type', 'image/png')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline; filename="chu-ky.png"')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(image));
    });

    app.get(`${PAGE}/certificate.cer`, { config: OFFICIAL }, async (request, reply) => {
      const row = await findCurrentCertificate(ctx.db, { officialId: official(request).id });
      if (!row) throw new AppError('error.not_found', 404);
      return sendCertificate(reply, row);
    });
  };
}
