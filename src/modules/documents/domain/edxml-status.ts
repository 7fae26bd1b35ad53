/**
 * edXML status packages (vn-rules.md §8): what a recipient tells the sender about a document it received —
 *
 *   <edXML xmlns=… xmlns:edXML=…><edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:Status>
 *     ResponseFor{OrganId, Code, PromulgationDate, DocumentId}, From{…}, StatusCode, Description, Timestamp,
 *     StaffInfo{Department, Staff, Email, Mobile}
 *   </edXML:Status></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>
 *
 * with the codes 01 đã đến, 02 từ chối (trả lại), 03 đã tiếp nhận, 04 phân công, 05 đang xử lý, 06 hoàn thành,
 * 13 lấy lại / thu hồi, 15 đồng ý thu hồi, 16 từ chối thu hồi.
 */
import { child, edxmlDate, edxmlTimestamp, parseEdxmlDate, parseEdxmlTimestamp, Reader, readPackage, textAt, writePackage } from './edxml-xml.ts';
import type { EdxmlOrgan, ParseResult } from './edxml.ts';

export const STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];
export const isStatusCode = (s: string): s is StatusCode => (STATUS_CODES as readonly string[]).includes(s);

export interface EdxmlStatus {
  /** The document it is about, as the sender numbered it. */
  responseFor: { organId: string; code: string; /** yyyy-mm-dd */ promulgationDate: string; documentId?: string };
  from: EdxmlOrgan;
  statusCode: StatusCode;
  description: string;
  timestamp: Date;
  staff: { department?: string; staff?: string; email?: string; mobile?: string };
}

export function buildStatus(s: EdxmlStatus): Uint8Array {
  return writePackage({
    edXMLHeader: {
      Status: {
        ResponseFor: { OrganId: s.responseFor.organId, Code: s.responseFor.code, PromulgationDate: edxmlDate(s.responseFor.promulgationDate), DocumentId: s.responseFor.documentId ?? '' },
        From: {
          OrganId: s.from.organId, OrganizationInCharge: s.from.organizationInCharge ?? '', OrganName: s.from.organName, OrganAdd: s.from.organAdd ?? '',
          Email: s.from.email ?? '', Telephone: s.from.telephone ?? '', Fax: s.from.fax ?? '', Website: s.from.website ?? '',
        },
        StatusCode: s.statusCode,
        Description: s.description,
        Timestamp: edxmlTimestamp(s.timestamp),
        StaffInfo: { Department: s.staff.department ?? '', Staff: s.staff.staff ?? '', Email: s.staff.email ?? '', Mobile: s.staff.mobile ?? '' },
      },
    },
  });
}

export function parseStatus(bytes: Uint8Array): ParseResult<EdxmlStatus> {
  const read = readPackage(bytes);
  if ('problem' in read) return { ok: false, problems: [read.problem] };
  const envelope = read.rootName === 'edXML' ? child(read.root, 'edXMLEnvelope') : read.rootName === 'edXMLEnvelope' ? read.root : undefined;
  const status = child(child(envelope, 'edXMLHeader'), 'Status');
  if (!status) return { ok: false, problems: [{ code: 'missing_status' }] };
  const r = new Reader();
  const fromNode = child(status, 'From');
  if (!fromNode) r.problem('missing_from', 'From');
  const from = { organId: r.text(child(fromNode, 'OrganId'), 'From/OrganId', 60, 'missing_organ_id'), organName: r.text(child(fromNode, 'OrganName'), 'From/OrganName', 300) };
  const code = textAt(status, 'StatusCode');
  if (!isStatusCode(code)) r.problem('bad_status_code', 'StatusCode');
  const description = r.text(child(status, 'Description'), 'Description', 2000);
  const timestamp = parseEdxmlTimestamp(textAt(status, 'Timestamp'));
  if (!timestamp) r.problem('bad_timestamp', 'Timestamp');
  const responseNode = child(status, 'ResponseFor');
  const responseCode = r.text(child(responseNode, 'Code'), 'ResponseFor/Code', 100, 'missing_code');
  const responseDateText = textAt(responseNode, 'PromulgationDate');
  const responseDate = responseDateText === '' ? '' : parseEdxmlDate(responseDateText);
  if (responseDate === null) r.problem('bad_date', 'ResponseFor/PromulgationDate');
  const staffNode = child(status, 'StaffInfo');
  const staff = Object.fromEntries((['Department', 'Staff', 'Email', 'Mobile'] as const)
    .map((k) => [k.toLowerCase(), r.text(child(staffNode, k), `StaffInfo/${k}`, 200)] as const).filter(([, v]) => v !== ''));
  const responseOrgan = r.text(child(responseNode, 'OrganId'), 'ResponseFor/OrganId', 60);
  const documentId = r.text(child(responseNode, 'DocumentId'), 'ResponseFor/DocumentId', 100);
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  return {
    ok: true,
    value: {
      responseFor: { organId: responseOrgan, code: responseCode, promulgationDate: responseDate ?? '', ...(documentId ? { documentId } : {}) },
      from, statusCode: code as StatusCode, description, timestamp: timestamp!, staff,
    },
  };
}
