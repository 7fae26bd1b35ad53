/** What the incoming pages share: the document of the URL, who acts, labels, small form readers. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import { formText, idParam } from '../../../platform/http/form.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { documentType } from '../domain/document-types.ts';
import type { Who } from '../incoming-process.ts';
import { maySee } from '../confidential.ts';
import type { DocumentsContext } from '../context.ts';
import { findDocument } from '../store.ts';
import type { DocumentRow, DocumentStatus } from '../store.ts';

export type T = FastifyRequest['t'];

/** The document of the URL when it belongs to the URL's unit (whose reach the platform checked); otherwise 404. */
export async function unitDocument(ctx: DocumentsContext, request: FastifyRequest): Promise<DocumentRow> {
  const unitId = idParam(request, 'unitId');
  const doc = await findDocument(ctx.db, idParam(request, 'documentId'));
  if (!doc || Number(doc.unit_id) !== unitId) throw new AppError('documents.incoming.not_found', 404);
  const a = request.actor;
  if (!(await maySee(ctx.db, doc, a?.kind === 'official' ? a : null))) throw new AppError('documents.incoming.not_found', 404);
  return doc;
}

/**
 * The official acting, who must work in the URL's unit: officials above a commune read its documents, only the
 * commune's own officials act on them.
 */
export function ownUnitWho(request: FastifyRequest): Who {
  const a = request.actor;
  if (a?.kind !== 'official' || a.unitId !== idParam(request, 'unitId')) throw new AppError('documents.incoming.error.not_own_unit', 403);
  return { id: a.id, name: a.name, permissions: a.permissions };
}

/** The version a form saw; a missing or malformed one is a 400. */
export function versionOf(request: FastifyRequest): number {
  const v = formText(request, 'version', 12).trim();
  if (!/^\d{1,9}$/.test(v)) throw new AppError('error.invalid_request', 400, { detail: 'version' });
  return Number(v);
}

/** An official's id as chosen in a form ('' or malformed: 0, which names nobody). */
export const officialIdOf = (text: string): number => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : 0);

export const when = (request: FastifyRequest, at: Date) => html`<time datetime="${at.toISOString()}">${formatDateTime(request.lang, at)}</time>`;

/** A calendar day as officials read it: 05/03/2026. */
export const dayText = (day: string | null): string => (day ? day.split('-').reverse().join('/') : '');

export const typeName = (code: string): string => documentType(code)?.name ?? code;

export function statusBadge(t: T, status: DocumentStatus): SafeHtml {
  const tone = status === 'completed' || status === 'issued' ? 'status-9' : status === 'returned' || status === 'withdrawn' ? 'status-3' : 'status-6';
  return html`<span class="badge ${tone}" data-status="${status}">${t(`documents.page.status.${status}` as MessageKey)}</span>`;
}

export const urgencyLabel = (t: T, urgency: string): string => t(`documents.incoming.urgency.${urgency}` as MessageKey);

export const incomingBase = (unitId: number | string) => `/admin/units/${unitId}/documents/incoming`;
export const documentHref = (unitId: number | string, id: number | string) => `/admin/units/${unitId}/documents/${id}`;
