/**
 * Between edXML's fields and ours: the document type (our NĐ 30 codes from the symbol's abbreviation or the type's
 * name), urgency ↔ Priority, and the edXML type fields we write. The national code lists of DocumentType/Type and
 * TypeDetail come with the operator's XSD (vn-rules.md §8, "get the exact XSD"): we write Type 1 and TypeDetail our
 * position in Phụ lục III, and read by name and abbreviation, which every sender fills.
 */
import { fold } from '../../catalogue/index.ts';
import { DOCUMENT_TYPES, documentType } from './document-types.ts';
import type { EdxmlDocument, EdxmlPriority } from './edxml.ts';
import type { Urgency } from '../store.ts';

/** Our type code for a received package: the abbreviation in its symbol ("QĐ-UBND" → QĐ), else the type's name, else a công văn. */
export function typeCodeOf(d: Pick<EdxmlDocument, 'code' | 'documentType'>): string {
  const first = d.code.notation.split('-')[0]!.trim();
  const byAbbreviation = DOCUMENT_TYPES.find((t) => t.abbreviation !== null && t.abbreviation === first);
  if (byAbbreviation) return byAbbreviation.code;
  const name = fold(d.documentType.name).trim();
  const byName = DOCUMENT_TYPES.find((t) => fold(t.name) === name);
  if (byName) return byName.code;
  const byDetail = documentType(d.documentType.detail);
  return byDetail ? byDetail.code : 'CV';
}

export function edxmlTypeOf(typeCode: string): EdxmlDocument['documentType'] {
  const i = DOCUMENT_TYPES.findIndex((t) => t.code === typeCode);
  const t = DOCUMENT_TYPES[i] ?? documentType('CV')!;
  return { type: '1', detail: String(i + 1), name: t.name };
}

const PRIORITY: Record<Urgency, EdxmlPriority> = { normal: 0, urgent: 1, very_urgent: 2, express: 3 };

export const priorityOf = (u: Urgency): EdxmlPriority => PRIORITY[u];

/** Hỏa tốc hẹn giờ (4) is kept as hỏa tốc. */
export const urgencyOf = (p: EdxmlPriority): Urgency => (p === 0 ? 'normal' : p === 1 ? 'urgent' : p === 2 ? 'very_urgent' : 'express');
