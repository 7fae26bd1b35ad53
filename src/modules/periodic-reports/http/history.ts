/** Every revision a commune submitted for a request, newest first, each with its signed PDF and its return. */
import type { FastifyRequest } from 'fastify';
import { html } from '../../../platform/views/html.ts';
import type { VersionRow } from '../store.ts';
import { pdfUrl, when } from './shared.ts';

export function historyTable(request: FastifyRequest, versions: readonly VersionRow[], base: string) {
  const t = request.t;
  if (versions.length === 0) return '';
  return html`<h2 id="history-title">${t('periodic_reports.history')}</h2>
<div class="table-wrap" role="region" aria-labelledby="history-title" tabindex="0"><table data-history>
<thead><tr><th scope="col">${t('periodic_reports.col.revision')}</th><th scope="col">${t('periodic_reports.col.submitted_at')}</th><th scope="col">${t('periodic_reports.col.signer')}</th><th scope="col">${t('periodic_reports.col.returned')}</th><th scope="col">${t('periodic_reports.col.signed_pdf')}</th></tr></thead>
<tbody>${versions.map((v) => html`<tr data-revision="${v.revision}"><td>${v.revision}</td>
<td>${when(request, v.submitted_at)} — ${v.submitted_by_name}${v.late ? html` <span class="badge status-5">${t('periodic_reports.late')}</span>` : ''}</td>
<td>${t(v.signer === 'official' ? 'periodic_reports.signer.official' : 'periodic_reports.signer.unit')}${v.signed_public_id ? html` · <a href="/xac-thuc/${v.signed_public_id}">${t('periodic_reports.verify_link')}</a>` : ''}</td>
<td>${v.returned_at ? html`${when(request, v.returned_at)} — ${v.returned_by_name ?? ''}: ${v.return_reason ?? ''}` : '—'}</td>
<td><a href="${pdfUrl(base, v.revision)}">${t('periodic_reports.download_revision', { revision: v.revision })}</a> <span class="hint">SHA-256 ${v.pdf_sha256.slice(0, 16)}…</span></td></tr>`)}</tbody>
</table></div>`;
}
