/** edXML (QCVN 102:2016) document and status packages: round trips, Vietnamese text, a real-looking package, malformed ones, XML bombs. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { buildEdxml, codeOf, EDXML_NS, MAX_PACKAGE_BYTES, numberTextOf, parseEdxml } from '../../src/modules/documents/domain/edxml.ts';
import type { EdxmlDocument } from '../../src/modules/documents/domain/edxml.ts';
import { buildStatus, parseStatus } from '../../src/modules/documents/domain/edxml-status.ts';
import { edxmlTimestamp, parseEdxmlTimestamp } from '../../src/modules/documents/domain/edxml-xml.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const PDF = enc('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const sample = (over: Partial<EdxmlDocument> = {}): EdxmlDocument => ({
  from: { organId: '000.00.12.H11', organName: 'UBND xã Mường Đăng', organAdd: 'Bản Mường Đăng, tỉnh Điện Biên', email: 'vanthu@muongdang.gov.vn' },
  to: [{ organId: '000.00.00.H11', organName: 'Sở Nội vụ tỉnh Điện Biên' }],
  documentId: '000.00.12.H11,2026/03/05,12/QĐ-UBND',
  code: { number: '12', notation: 'QĐ-UBND' },
  promulgation: { place: 'Mường Đăng', date: '2026-03-05' },
  documentType: { type: '1', detail: '2', name: 'Quyết định' },
  subject: 'Về việc phê duyệt kế hoạch chuyển đổi số năm 2026 & "các chỉ tiêu" <quan trọng>',
  content: 'Nội dung trích yếu: Ủy ban nhân dân xã quyết định…',
  signer: { competence: 'TM. UBND', position: 'Chủ tịch', fullName: 'Lò Văn Thắng' },
  dueDate: '2026-04-30',
  toPlaces: ['Như Điều 3', 'Lưu: VT'],
  other: { priority: 1, promulgationAmount: 5, pageAmount: 2 },
  businessDocType: 0,
  trace: [{ organId: '000.00.12.H11', timestamp: new Date('2026-03-05T02:03:04Z') }],
  attachments: [
    { contentId: '1.pdf', name: 'quyet-dinh-12.pdf', contentType: 'application/pdf', data: PDF },
    { contentId: '2.pdf', name: 'Phụ lục kèm theo.pdf', contentType: 'application/pdf', data: crypto.randomBytes(3000) },
  ],
  ...over,
});

const problemCodes = (bytes: Uint8Array) => {
  const r = parseEdxml(bytes);
  assert.equal(r.ok, false, 'the package is refused');
  return r.ok ? [] : r.problems.map((p) => p.code);
};

describe('edXML document packages', () => {
  it('round trip: what is built parses back field by field, attachments byte for byte', () => {
    const doc = sample();
    const bytes = buildEdxml(doc);
    const parsed = parseEdxml(bytes);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    const v = parsed.value;
    assert.deepEqual(v.from, doc.from);
    assert.deepEqual(v.to, doc.to);
    assert.equal(v.subject, doc.subject);
    assert.equal(v.content, doc.content);
    assert.deepEqual(v.code, doc.code);
    assert.equal(numberTextOf(v.code), '12/QĐ-UBND');
    assert.deepEqual(v.promulgation, doc.promulgation);
    assert.deepEqual(v.documentType, doc.documentType);
    assert.deepEqual(v.signer, doc.signer);
    assert.equal(v.dueDate, '2026-04-30');
    assert.deepEqual(v.toPlaces, doc.toPlaces);
    assert.deepEqual(v.other, doc.other);
    assert.equal(v.businessDocType, 0);
    assert.deepEqual(v.trace, doc.trace);
    assert.equal(v.attachments.length, 2);
    for (const [i, a] of doc.attachments.entries()) {
      assert.equal(v.attachments[i]!.name, a.name);
      assert.equal(v.attachments[i]!.contentId, a.contentId);
      assert.equal(Buffer.from(v.attachments[i]!.data).equals(Buffer.from(a.data)), true);
    }
  });

  it('writes the namespaces, dates and codes of the standard', () => {
    const text = dec(buildEdxml(sample()));
    assert.match(text, new RegExp(`<edXML xmlns="${EDXML_NS}" xmlns:edXML="${EDXML_NS}">`));
    assert.match(text, /<edXML:edXMLEnvelope>/);
    assert.match(text, /<edXML:PromulgationDate>2026\/03\/05<\/edXML:PromulgationDate>/);
    // 02:03:04 UTC is 09:03:04 in Vietnam.
    assert.match(text, /<edXML:Timestamp>2026\/03\/05 09:03:04<\/edXML:Timestamp>/);
    assert.match(text, /<edXML:BussinessDocType>0<\/edXML:BussinessDocType>/);
    assert.match(text, /<edXML:ContentId>cid:1\.pdf<\/edXML:ContentId>/);
    assert.match(text, /<edXML:edXMLManifest version="1.0">/);
    assert.match(text, /<AttachmentEncoded>\s*<Attachment>\s*<ContentId>1\.pdf<\/ContentId>/);
    assert.match(text, /Về việc phê duyệt kế hoạch chuyển đổi số năm 2026 &amp; &quot;các chỉ tiêu&quot; &lt;quan trọng&gt;/);
    assert.match(text, new RegExp(`<ContentTransferEncoded>${Buffer.from(PDF).toString('base64').replace(/[+/]/g, '\\$&')}</ContentTransferEncoded>`));
  });

  it('reads a package written by another system: no attachments prefix, folded base64, character references, CDATA', () => {
    const b64 = Buffer.from(PDF).toString('base64').replace(/(.{20})/g, '$1\n      ');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="${EDXML_NS}" xmlns:edXML="${EDXML_NS}">
  <edXML:edXMLEnvelope>
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>000.00.04.H11</edXML:OrganId><edXML:OrganName>S&#7903; N&#7897;i v&#x1EE5; t&#7881;nh &#272;i&#7879;n Bi&#234;n</edXML:OrganName></edXML:From>
        <edXML:To><edXML:OrganId>000.00.12.H11</edXML:OrganId><edXML:OrganName>UBND xã Mường Đăng</edXML:OrganName></edXML:To>
        <edXML:Code><edXML:CodeNumber>245</edXML:CodeNumber><edXML:CodeNotation>SNV-CCHC</edXML:CodeNotation></edXML:Code>
        <edXML:PromulgationInfo><edXML:Place>Điện Biên</edXML:Place><edXML:PromulgationDate>2026/02/27</edXML:PromulgationDate></edXML:PromulgationInfo>
        <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeDetail>0</edXML:TypeDetail><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
        <edXML:Subject><![CDATA[V/v báo cáo kết quả cải cách hành chính quý I/2026]]></edXML:Subject>
        <edXML:SignerInfo><edXML:Competence>KT. GIÁM ĐỐC</edXML:Competence><edXML:Position>Phó Giám đốc</edXML:Position><edXML:FullName>Nguyễn Thị Hoa</edXML:FullName></edXML:SignerInfo>
        <edXML:OtherInfo><edXML:Priority>0</edXML:Priority><edXML:PageAmount>3</edXML:PageAmount></edXML:OtherInfo>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType></edXML:Bussiness>
        <edXML:TraceHeader><edXML:OrganId>000.00.04.H11</edXML:OrganId><edXML:Timestamp>2026/02/27 16:45:00</edXML:Timestamp></edXML:TraceHeader>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody><edXML:edXMLManifest version="1.0">
      <edXML:Reference><edXML:ContentId>cid:&lt;245-SNV.pdf&gt;</edXML:ContentId><edXML:ContentType>application/pdf</edXML:ContentType><edXML:AttachmentName>245-SNV.pdf</edXML:AttachmentName></edXML:Reference>
    </edXML:edXMLManifest></edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded><Attachment><ContentId>245-SNV.pdf</ContentId><AttachmentName>245-SNV.pdf</AttachmentName><ContentType>application/pdf</ContentType>
    <ContentTransferEncoded>
      ${b64}
    </ContentTransferEncoded></Attachment></AttachmentEncoded>
</edXML>`;
    const parsed = parseEdxml(enc(xml));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    assert.equal(parsed.value.from.organName, 'Sở Nội vụ tỉnh Điện Biên');
    assert.equal(numberTextOf(parsed.value.code), '245/SNV-CCHC');
    assert.equal(parsed.value.subject, 'V/v báo cáo kết quả cải cách hành chính quý I/2026');
    assert.equal(parsed.value.promulgation.date, '2026-02-27');
    assert.equal(parsed.value.trace[0]!.timestamp.toISOString(), '2026-02-27T09:45:00.000Z');
    assert.equal(parsed.value.other.pageAmount, 3);
    assert.ok(Buffer.from(parsed.value.attachments[0]!.data).equals(Buffer.from(PDF)));
  });

  it('lists every problem of a malformed package', () => {
    const bare = dec(buildEdxml(sample()));
    const codes = problemCodes(enc(bare
      .replace(/<edXML:OrganId>000\.00\.12\.H11<\/edXML:OrganId>/, '<edXML:OrganId></edXML:OrganId>')
      .replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '<edXML:Subject>  </edXML:Subject>')
      .replace('2026/03/05</edXML:PromulgationDate>', '05/03/2026</edXML:PromulgationDate>')
      .replace(/<ContentTransferEncoded>[^<]*<\/ContentTransferEncoded>/, '<ContentTransferEncoded>not base64 at all!</ContentTransferEncoded>')));
    assert.deepEqual(codes.sort(), ['attachment_not_base64', 'bad_date', 'missing_organ_id', 'missing_subject'].sort());
  });

  it('refuses a package without From, or with an attachment the manifest does not list (and the reverse)', () => {
    const bare = dec(buildEdxml(sample()));
    assert.ok(problemCodes(enc(bare.replace(/<edXML:From>[\s\S]*?<\/edXML:From>/, ''))).includes('missing_from'));
    const codes = problemCodes(enc(bare.replace('<ContentId>2.pdf</ContentId>', '<ContentId>3.pdf</ContentId>')));
    assert.deepEqual(codes.sort(), ['attachment_missing', 'attachment_unlisted']);
    assert.deepEqual(problemCodes(buildEdxml(sample({ attachments: [] }))), ['no_attachments']);
    assert.deepEqual(problemCodes(buildEdxml(sample({ attachments: [{ contentId: 'x', name: '../../etc/passwd', contentType: 'application/pdf', data: PDF }] }))), ['attachment_name']);
  });

  it('refuses what is not edXML: another namespace, another root, not XML, not UTF-8, too deep, too large', () => {
    const bare = dec(buildEdxml(sample()));
    assert.deepEqual(problemCodes(enc(bare.replaceAll(EDXML_NS, 'http://example.com/other'))), ['namespace']);
    assert.deepEqual(problemCodes(enc(bare.replace(`xmlns:edXML="${EDXML_NS}"`, `xmlns:edXML="${EDXML_NS}" xmlns:x="urn:x"`).replace('<edXML:Subject>', '<x:Subject>').replace('</edXML:Subject>', '</x:Subject>'))), ['namespace']);
    assert.deepEqual(problemCodes(enc(`<html xmlns="${EDXML_NS}"><body/></html>`)), ['not_edxml']);
    assert.deepEqual(problemCodes(enc('<edXML><a></edXML>')), ['malformed']);
    assert.deepEqual(problemCodes(enc('%PDF-1.7 not xml')), ['malformed']);
    assert.deepEqual(problemCodes(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])), ['not_utf8']);
    assert.deepEqual(problemCodes(enc(`<edXML xmlns="${EDXML_NS}">${'<a>'.repeat(200)}${'</a>'.repeat(200)}</edXML>`)), ['too_deep']);
    assert.deepEqual(problemCodes(new Uint8Array(MAX_PACKAGE_BYTES + 1)), ['too_large']);
    // A raw control character cannot be stored; character references to one are dropped by the reader.
    assert.deepEqual(problemCodes(enc(bare.replace('<edXML:Subject>', '<edXML:Subject>\u0001'))), ['bad_text']);
    const dropped = parseEdxml(enc(bare.replace('<edXML:Subject>', '<edXML:Subject>&#0;&#x1;')));
    assert.ok(dropped.ok && dropped.value.subject.startsWith('Về việc'));
  });

  it('refuses a DTD: no entity expansion (billion laughs), no external entity', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<edXML xmlns="${EDXML_NS}"><Subject>&lol2;</Subject></edXML>`;
    assert.deepEqual(problemCodes(enc(laughs)), ['doctype']);
    const external = `<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "file:///etc/passwd"><edXML xmlns="${EDXML_NS}"/>`;
    assert.deepEqual(problemCodes(enc(external)), ['doctype']);
    // An undeclared entity is not expanded into anything.
    const bare = dec(buildEdxml(sample()));
    const parsed = parseEdxml(enc(bare.replace('<edXML:Content>', '<edXML:Content>&xxe;')));
    assert.ok(parsed.ok);
    assert.ok(parsed.value.content!.startsWith('&xxe;'));
  });

  it('number and symbol ↔ Code', () => {
    assert.deepEqual(codeOf('05/SY-UBND'), { number: '05', notation: 'SY-UBND' });
    assert.equal(numberTextOf(codeOf('12/UBND-VP')), '12/UBND-VP');
  });
});

describe('edXML status packages', () => {
  it('round trip of each code, with the staff and a Vietnamese description', () => {
    for (const code of ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const) {
      const status = {
        responseFor: { organId: '000.00.12.H11', code: '12/QĐ-UBND', promulgationDate: '2026-03-05', documentId: 'abc' },
        from: { organId: '000.00.00.H11', organName: 'Sở Nội vụ tỉnh Điện Biên' },
        statusCode: code, description: 'Trả lại: thiếu chữ ký số của cơ quan', timestamp: new Date('2026-03-06T01:00:00Z'),
        staff: { department: 'Văn phòng', staff: 'Nguyễn Văn Thư', email: 'vt@snv.gov.vn', mobile: '0912000000' },
      };
      const parsed = parseStatus(buildStatus(status));
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
      assert.deepEqual(parsed.value, status);
    }
    assert.match(dec(buildStatus({ responseFor: { organId: 'a', code: '1/QĐ-X', promulgationDate: '2026-01-02' }, from: { organId: 'b', organName: 'B' }, statusCode: '03', description: '', timestamp: new Date(0), staff: {} })), /<edXML:Status>[\s\S]*<edXML:StatusCode>03<\/edXML:StatusCode>/);
  });

  it('refuses an unknown code, a bad timestamp, a missing sender, a document package', () => {
    const good = dec(buildStatus({ responseFor: { organId: 'a', code: '1/QĐ-X', promulgationDate: '2026-01-02' }, from: { organId: 'b', organName: 'B' }, statusCode: '03', description: '', timestamp: new Date(0), staff: {} }));
    const codes = (text: string) => {
      const r = parseStatus(enc(text));
      assert.equal(r.ok, false);
      return r.ok ? [] : r.problems.map((p) => p.code).sort();
    };
    assert.deepEqual(codes(good.replace('>03<', '>07<').replace(/<edXML:Timestamp>[^<]*/, '<edXML:Timestamp>2026-01-01T00:00')), ['bad_status_code', 'bad_timestamp']);
    assert.deepEqual(codes(good.replace(/<edXML:From>[\s\S]*?<\/edXML:From>/, '')), ['missing_from', 'missing_organ_id']);
    assert.deepEqual(codes(dec(buildEdxml(sample()))), ['missing_status']);
  });

  it('timestamps are Vietnam time and reject impossible dates', () => {
    assert.equal(edxmlTimestamp(new Date('2026-12-31T17:30:00Z')), '2027/01/01 00:30:00');
    assert.equal(parseEdxmlTimestamp('2027/01/01 00:30:00')!.toISOString(), '2026-12-31T17:30:00.000Z');
    assert.equal(parseEdxmlTimestamp('2026/02/30 10:00:00'), null);
    assert.equal(parseEdxmlTimestamp('2026/02/10 24:00:00'), null);
  });
});
