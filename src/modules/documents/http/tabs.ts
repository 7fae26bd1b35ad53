/** The tabs across the documents pages of a unit: incoming, outgoing, search, tasks, case files. */
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';

export const DOCUMENT_TABS = ['incoming', 'outgoing', 'search', 'tasks', 'files'] as const;
export type DocumentTab = (typeof DOCUMENT_TABS)[number];

const PATHS: Record<DocumentTab, string> = { incoming: 'documents/incoming', outgoing: 'documents/outgoing', search: 'documents/search', tasks: 'tasks', files: 'case-files' };

export const tabHref = (unitId: number, tab: DocumentTab) => `/admin/units/${unitId}/${PATHS[tab]}`;

export function documentTabs(request: FastifyRequest, unitId: number, current: DocumentTab): SafeHtml {
  const t = request.t;
  return html`<nav class="queues" aria-label="${t('documents.tabs')}"><ul>${DOCUMENT_TABS.map((tab) => html`<li><a href="${tabHref(unitId, tab)}"${tab === current ? html` aria-current="page"` : ''}>${t(`documents.tab.${tab}` as MessageKey)}</a></li>`)}</ul></nav>`;
}
