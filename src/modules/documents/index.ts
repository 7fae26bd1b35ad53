/**
 * Document management and operations (e-office, issue #8): incoming and outgoing official documents, registers and
 * numbers, assignment and handling, drafting, approval, signing, issue and dispatch, tasks, case files, search.
 * Other modules use only this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';

export { DOCUMENT_TYPES, COPY_KINDS, documentType } from './domain/document-types.ts';
export type { DocumentType, CopyKind } from './domain/document-types.ts';
export { numberAndSymbol, placeAndDate } from './domain/numbering.ts';
export { documentsRoutes } from './http/routes.ts';
export { countDocumentFacts } from './indicator-facts.ts';
export type { DocumentFacts } from './indicator-facts.ts';
export { buildEdxml, parseEdxml } from './domain/edxml.ts';
export type { EdxmlDocument, EdxmlProblem } from './domain/edxml.ts';
export { buildStatus, parseStatus, STATUS_CODES } from './domain/edxml-status.ts';
export type { EdxmlStatus, StatusCode } from './domain/edxml-status.ts';
export type { DocumentsContext } from './context.ts';
export { documentsContext } from './context.ts';
export { searchDocuments } from './search.ts';
export type { SearchFilters, SearchResult, Searcher } from './search.ts';
export { extractPendingTexts, startTextExtractionWorker } from './text-extraction.ts';
export { ocrTools } from './ocr.ts';

export const documentsMigrations: MigrationSource = {
  module: 'documents',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

export const documentsNav: NavItem[] = [
  { href: '/admin/documents', label: 'nav.documents', permission: 'documents.view' },
];
