/**
 * edXML document packages (QCVN 102:2016/BTTTT, vn-rules.md §8): the builder and the parser, pure. A package is
 *
 *   <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016" xmlns:edXML="…same…">
 *    <edXML:edXMLEnvelope>
 *     <edXML:edXMLHeader><edXML:MessageHeader>From, To…, DocumentId, Code, PromulgationInfo, DocumentType, Subject,
 *       Content, SignerInfo, DueDate, ToPlaces, OtherInfo, SteeringType, ResponseFor</edXML:MessageHeader>
 *      <edXML:TraceHeaderList><edXML:Bussiness>BussinessDocType…</edXML:Bussiness><edXML:TraceHeader>…</edXML:TraceHeader></edXML:TraceHeaderList>
 *     </edXML:edXMLHeader>
 *     <edXML:edXMLBody><edXML:edXMLManifest version="1.0"><edXML:Reference>ContentId "cid:…", ContentType, AttachmentName</edXML:Reference>…
 *    </edXML:edXMLEnvelope>
 *    <AttachmentEncoded><Attachment>ContentId, AttachmentName, ContentType, ContentTransferEncoded (base64)</Attachment>…</AttachmentEncoded>
 *   </edXML>
 *
 * The parser never throws on a bad package: it returns every problem it found (missing sender or agency code,
 * subject, number; dates not `yyyy/MM/dd`; attachments not base64, not in the manifest or the manifest naming one
 * that is absent; sizes) or the typed envelope. Status packages are in edxml-status.ts.
 */
import { child, children, edxmlDate, edxmlTimestamp, parseEdxmlDate, parseEdxmlTimestamp, Reader, readPackage, textAt, textOf, writePackage } from './edxml-xml.ts';
import type { EdxmlProblem, XmlValue } from './edxml-xml.ts';

export { EDXML_NS, MAX_PACKAGE_BYTES, edxmlDate, edxmlTimestamp } from './edxml-xml.ts';
export type { EdxmlProblem, EdxmlProblemCode } from './edxml-xml.ts';

export const MAX_ATTACHMENTS = 20;
export const MAX_ATTACHMENT_BYTES = 12 * 1024 * 1024;

/** An agency (From, To): its electronic code (OrganId, e.g. `002.00.99.H44`) and name, the rest optional. */
export interface EdxmlOrgan {
  organId: string;
  organName: string;
  organizationInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface EdxmlAttachment {
  /** Without the `cid:` of the manifest. */
  contentId: string;
  name: string;
  contentType: string;
  data: Uint8Array;
}

/** 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type EdxmlPriority = 0 | 1 | 2 | 3 | 4;
/** 0 a new document; 1 revoke, 2 update, 3 replace an earlier one. */
export type BusinessDocType = 0 | 1 | 2 | 3;

export interface EdxmlDocument {
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  documentId?: string;
  /** `12` and `QĐ-UBND` of "12/QĐ-UBND". */
  code: { number: string; notation: string };
  promulgation: { place: string; /** yyyy-mm-dd */ date: string };
  documentType: { type: string; detail: string; name: string };
  subject: string;
  content?: string;
  signer: { competence?: string; position: string; fullName: string };
  /** yyyy-mm-dd */
  dueDate?: string;
  toPlaces: string[];
  other: { priority: EdxmlPriority; sphereOfPromulgation?: string; typerNotation?: string; promulgationAmount?: number; pageAmount?: number };
  steeringType?: string;
  responseFor?: { organId: string; code: string; promulgationDate: string; documentId?: string };
  businessDocType: BusinessDocType;
  /** Who handled the package on its way, the sender first. */
  trace: { organId: string; timestamp: Date }[];
  attachments: EdxmlAttachment[];
}

// --- building --------------------------------------------------------------------------------------

const organ = (o: EdxmlOrgan) => ({
  OrganId: o.organId, OrganizationInCharge: o.organizationInCharge ?? '', OrganName: o.organName, OrganAdd: o.organAdd ?? '',
  Email: o.email ?? '', Telephone: o.telephone ?? '', Fax: o.fax ?? '', Website: o.website ?? '',
});

const base64 = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');

/** The package of a document (UTF-8 bytes). */
export function buildEdxml(d: EdxmlDocument): Uint8Array {
  const header = {
    From: organ(d.from),
    To: d.to.map(organ),
    ...(d.documentId ? { DocumentId: d.documentId } : {}),
    Code: { CodeNumber: d.code.number, CodeNotation: d.code.notation },
    PromulgationInfo: { Place: d.promulgation.place, PromulgationDate: edxmlDate(d.promulgation.date) },
    DocumentType: { Type: d.documentType.type, TypeDetail: d.documentType.detail, TypeName: d.documentType.name },
    Subject: d.subject,
    Content: d.content ?? '',
    SignerInfo: { Competence: d.signer.competence ?? '', Position: d.signer.position, FullName: d.signer.fullName },
    DueDate: d.dueDate ? edxmlDate(d.dueDate) : '',
    ToPlaces: { Place: d.toPlaces },
    OtherInfo: {
      Priority: String(d.other.priority), SphereOfPromulgation: d.other.sphereOfPromulgation ?? '', TyperNotation: d.other.typerNotation ?? '',
      PromulgationAmount: d.other.promulgationAmount === undefined ? '' : String(d.other.promulgationAmount),
      PageAmount: d.other.pageAmount === undefined ? '' : String(d.other.pageAmount), Direction: 'false',
    },
    SteeringType: d.steeringType ?? '',
    ...(d.responseFor ? { ResponseFor: { OrganId: d.responseFor.organId, Code: d.responseFor.code, PromulgationDate: edxmlDate(d.responseFor.promulgationDate), DocumentId: d.responseFor.documentId ?? '' } } : {}),
  };
  const envelope = {
    edXMLHeader: {
      MessageHeader: header,
      TraceHeaderList: {
        Bussiness: { BussinessDocType: String(d.businessDocType), BussinessDocReason: '', Paper: '0' },
        TraceHeader: d.trace.map((t) => ({ OrganId: t.organId, Timestamp: edxmlTimestamp(t.timestamp) })),
      },
    },
    edXMLBody: {
      edXMLManifest: { '@version': '1.0', Reference: d.attachments.map((a) => ({ ContentId: `cid:${a.contentId}`, ContentType: a.contentType, AttachmentName: a.name })) },
    },
  };
  const attachments = { Attachment: d.attachments.map((a) => ({ ContentId: a.contentId, AttachmentName: a.name, ContentType: a.contentType, ContentTransferEncoded: base64(a.data) })) };
  return writePackage(envelope, attachments);
}

// --- parsing ---------------------------------------------------------------------------------------

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Path-free, printable, with an extension: what a file name of a package may be. */
const FILE_NAME = /^[^/\\\u0000-\u001f]{1,200}$/;
const cid = (text: string) => text.trim().replace(/^cid:/i, '').replace(/^<(.*)>$/, '$1');

/** An agency; the sender's code is required, a recipient's may be absent (an agency not yet on the axis). */
function readOrgan(r: Reader, node: XmlValue | undefined, field: string, sender = true): EdxmlOrgan {
  const opt = (name: string, max: number) => {
    const v = r.text(child(node, name), `${field}/${name}`, max);
    return v === '' ? {} : { [name.charAt(0).toLowerCase() + name.slice(1)]: v };
  };
  return {
    organId: r.text(child(node, 'OrganId'), `${field}/OrganId`, 60, sender ? 'missing_organ_id' : undefined),
    organName: r.text(child(node, 'OrganName'), `${field}/OrganName`, 300, 'missing_organ_name'),
    ...opt('OrganizationInCharge', 300), ...opt('OrganAdd', 300), ...opt('Email', 200), ...opt('Telephone', 50), ...opt('Fax', 50), ...opt('Website', 200),
  };
}

function readAttachments(r: Reader, manifest: XmlValue | undefined, encoded: XmlValue | undefined): EdxmlAttachment[] {
  const listed = new Map<string, { name: string; contentType: string }>();
  for (const ref of children(manifest, 'Reference')) {
    const id = cid(textOf(child(ref, 'ContentId')));
    listed.set(id, { name: textAt(ref, 'AttachmentName'), contentType: textAt(ref, 'ContentType') });
  }
  const all = children(encoded, 'Attachment');
  if (all.length === 0) r.problem('no_attachments', 'AttachmentEncoded');
  if (all.length > MAX_ATTACHMENTS) {
    r.problem('too_many_attachments', 'AttachmentEncoded');
    return [];
  }
  const seen = new Set<string>();
  const out: EdxmlAttachment[] = [];
  all.forEach((a, i) => {
    const field = `Attachment[${i + 1}]`;
    const id = cid(textOf(child(a, 'ContentId')));
    const name = textAt(a, 'AttachmentName');
    if (id === '' || !listed.has(id)) r.problem('attachment_unlisted', `${field}/ContentId`);
    if (seen.has(id)) r.problem('attachment_duplicate', `${field}/ContentId`);
    seen.add(id);
    if (!FILE_NAME.test(name) || name.trim() === '' || name === '.' || name === '..') r.problem('attachment_name', `${field}/AttachmentName`);
    const encodedText = textOf(child(a, 'ContentTransferEncoded')).replace(/\s+/g, '');
    if (encodedText.length % 4 !== 0 || !BASE64.test(encodedText)) {
      r.problem('attachment_not_base64', `${field}/ContentTransferEncoded`);
      return;
    }
    if (encodedText.length / 4 * 3 > MAX_ATTACHMENT_BYTES + 3) {
      r.problem('attachment_too_large', field);
      return;
    }
    const data = new Uint8Array(Buffer.from(encodedText, 'base64'));
    if (data.byteLength === 0) r.problem('attachment_empty', field);
    out.push({ contentId: id, name, contentType: textAt(a, 'ContentType') || listed.get(id)?.contentType || 'application/octet-stream', data });
  });
  for (const id of listed.keys()) if (!seen.has(id)) r.problem('attachment_missing', `edXMLManifest/Reference[cid:${id}]`);
  return out;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: EdxmlProblem[] };

/** Reads a document package: the typed envelope, or every problem found. */
export function parseEdxml(bytes: Uint8Array): ParseResult<EdxmlDocument> {
  const read = readPackage(bytes);
  if ('problem' in read) return { ok: false, problems: [read.problem] };
  const { root, rootName } = read;
  const envelope = rootName === 'edXML' ? child(root, 'edXMLEnvelope') : rootName === 'edXMLEnvelope' ? root : undefined;
  const header = child(child(envelope, 'edXMLHeader'), 'MessageHeader');
  if (!header) return { ok: false, problems: [{ code: 'not_edxml' }] };
  const r = new Reader();
  const fromNode = child(header, 'From');
  if (!fromNode) r.problem('missing_from', 'From');
  const from = readOrgan(r, fromNode, 'From');
  const to = children(header, 'To').map((n, i) => readOrgan(r, n, `To[${i + 1}]`, false));
  const code = { number: r.text(child(child(header, 'Code'), 'CodeNumber'), 'Code/CodeNumber', 20, 'missing_code'), notation: r.text(child(child(header, 'Code'), 'CodeNotation'), 'Code/CodeNotation', 79) };
  const promulgationNode = child(header, 'PromulgationInfo');
  const dateText = textAt(promulgationNode, 'PromulgationDate');
  const date = parseEdxmlDate(dateText);
  if (!date) r.problem('bad_date', 'PromulgationInfo/PromulgationDate');
  const typeNode = child(header, 'DocumentType');
  const documentType = { type: r.text(child(typeNode, 'Type'), 'DocumentType/Type', 20), detail: r.text(child(typeNode, 'TypeDetail'), 'DocumentType/TypeDetail', 20), name: r.text(child(typeNode, 'TypeName'), 'DocumentType/TypeName', 100) };
  if (!documentType.name && !documentType.detail && !code.notation) r.problem('missing_type', 'DocumentType');
  const subject = r.text(child(header, 'Subject'), 'Subject', 1000, 'missing_subject');
  const content = r.text(child(header, 'Content'), 'Content', 20_000);
  const signerNode = child(header, 'SignerInfo');
  const signer = { position: r.text(child(signerNode, 'Position'), 'SignerInfo/Position', 200), fullName: r.text(child(signerNode, 'FullName'), 'SignerInfo/FullName', 200), competence: r.text(child(signerNode, 'Competence'), 'SignerInfo/Competence', 200) };
  const dueText = textAt(header, 'DueDate');
  const dueDate = dueText === '' ? undefined : parseEdxmlDate(dueText);
  if (dueDate === null) r.problem('bad_date', 'DueDate');
  const otherNode = child(header, 'OtherInfo');
  const priorityText = textAt(otherNode, 'Priority') || '0';
  if (!/^[0-4]$/.test(priorityText)) r.problem('bad_priority', 'OtherInfo/Priority');
  const amount = (name: string) => {
    const v = textAt(otherNode, name);
    return /^\d{1,6}$/.test(v) ? { [name === 'PageAmount' ? 'pageAmount' : 'promulgationAmount']: Number(v) } : {};
  };
  const optional = (value: string, key: string) => (value === '' ? {} : { [key]: value });
  const other = {
    priority: (/^[0-4]$/.test(priorityText) ? Number(priorityText) : 0) as EdxmlPriority,
    ...optional(r.text(child(otherNode, 'SphereOfPromulgation'), 'OtherInfo/SphereOfPromulgation', 300), 'sphereOfPromulgation'),
    ...optional(r.text(child(otherNode, 'TyperNotation'), 'OtherInfo/TyperNotation', 50), 'typerNotation'),
    ...amount('PromulgationAmount'), ...amount('PageAmount'),
  };
  const responseNode = child(header, 'ResponseFor');
  const responseDate = responseNode ? parseEdxmlDate(textAt(responseNode, 'PromulgationDate')) : null;
  const trace = children(child(child(envelope, 'edXMLHeader'), 'TraceHeaderList'), 'TraceHeader').map((t, i) => {
    const at = parseEdxmlTimestamp(textAt(t, 'Timestamp'));
    if (!at) r.problem('bad_timestamp', `TraceHeader[${i + 1}]/Timestamp`);
    return { organId: r.text(child(t, 'OrganId'), `TraceHeader[${i + 1}]/OrganId`, 60), timestamp: at ?? new Date(0) };
  });
  const businessText = textAt(child(child(child(envelope, 'edXMLHeader'), 'TraceHeaderList'), 'Bussiness'), 'BussinessDocType') || '0';
  if (!/^[0-3]$/.test(businessText)) r.problem('bad_business_doc_type', 'Bussiness/BussinessDocType');
  const attachments = readAttachments(r, child(child(envelope, 'edXMLBody'), 'edXMLManifest'), child(root, 'AttachmentEncoded'));
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  const documentId = textAt(header, 'DocumentId');
  const steeringType = textAt(header, 'SteeringType');
  return {
    ok: true,
    value: {
      from, to, ...(documentId ? { documentId: documentId.slice(0, 100) } : {}), code,
      promulgation: { place: r.text(child(promulgationNode, 'Place'), 'PromulgationInfo/Place', 100), date: date! },
      documentType, subject, ...(content ? { content } : {}),
      signer: { position: signer.position, fullName: signer.fullName, ...(signer.competence ? { competence: signer.competence } : {}) },
      ...(dueDate ? { dueDate } : {}),
      toPlaces: children(child(header, 'ToPlaces'), 'Place').map((p) => textOf(p).trim()).filter((p) => p !== '').slice(0, 100),
      other, ...(steeringType ? { steeringType: steeringType.slice(0, 50) } : {}),
      ...(responseNode && responseDate ? { responseFor: { organId: textAt(responseNode, 'OrganId').slice(0, 60), code: textAt(responseNode, 'Code').slice(0, 100), promulgationDate: responseDate, ...(textAt(responseNode, 'DocumentId') ? { documentId: textAt(responseNode, 'DocumentId').slice(0, 100) } : {}) } } : {}),
      businessDocType: Number(businessText) as BusinessDocType,
      trace, attachments,
    },
  };
}

/** "12/QĐ-UBND" as written, from the package's Code. */
export const numberTextOf = (code: EdxmlDocument['code']): string => (code.notation ? `${code.number}/${code.notation}` : code.number);

/** "12/QĐ-UBND" → Code{12, QĐ-UBND}. */
export function codeOf(numberText: string): EdxmlDocument['code'] {
  const i = numberText.indexOf('/');
  return i < 0 ? { number: numberText, notation: '' } : { number: numberText.slice(0, i), notation: numberText.slice(i + 1) };
}
