/**
 * PAdES signing checked with tools that share no code with ours: poppler's `pdfsig` (NSS, with the test root
 * in its database), `openssl cms -verify` and `openssl ts -verify` on each extracted signature, `pdftotext` and
 * `pdftoppm` on the rendered appearance. The test PKI (test/support/test-pki.ts) is made with openssl and has
 * Vietnamese diacritics in every name. Set PADES_OUT=/some/dir to keep the files.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as asn1js from 'asn1js';
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { addDss, signPdf, vietnamTime, pdfDate, findPreviousXref, type SignPdfOptions } from '../../src/modules/signatures/pades/index.ts';
import { pngPhysicalWidthPt } from '../../src/modules/signatures/pades/png-size.ts';
import { currentCrl, makeTestPki, opensslTsa, testSigner, type TestKeyType, type TestPki } from '../support/test-pki.ts';
import { PNG_SIGNATURE, pngChunk } from '../support/png.ts';
import { createLocalTsa } from '../../src/modules/signatures/pki/index.ts';
import type { TimestampAuthority } from '../../src/modules/signatures/domain/ports.ts';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const TOOLS = ['pdfsig', 'certutil', 'pdftotext', 'pdftoppm', 'openssl'].every(has);
const keep = process.env.PADES_OUT;
let dir = '';
before(() => {
  dir = keep ? (fs.mkdirSync(keep, { recursive: true }), keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'pades-'));
});
after(() => {
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): { out: string; err: string; status: number | null } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

// --- fixtures -------------------------------------------------------------------------------------------

/** An RGBA PNG (colour type 6) drawn by `ink`, with an optional pHYs resolution. */
function rgbaPng(w: number, h: number, ink: (x: number, y: number) => [number, number, number, number], perMetre?: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((1 + w * 4) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(ink(x, y), y * (1 + w * 4) + 1 + x * 4);
  const chunks = [pngChunk('IHDR', ihdr)];
  if (perMetre) {
    const phys = Buffer.alloc(9);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1;
    chunks.push(pngChunk('pHYs', phys));
  }
  return Buffer.concat([PNG_SIGNATURE, ...chunks, pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}
const CLEAR: [number, number, number, number] = [0, 0, 0, 0];
/** A blue scribble on transparent. */
const signatureImage = rgbaPng(240, 90, (x, y) => (Math.abs(y - 45 - 30 * Math.sin(x / 18)) < 4 ? [0x10, 0x30, 0xc0, 255] : CLEAR));
/** A red ring with a red centre on transparent, 300 px at 8571 px/m: 35 mm wide. */
const sealImage = rgbaPng(300, 300, (x, y) => {
  const r = Math.hypot(x - 150, y - 150);
  return (r < 148 && r > 128) || r < 40 ? [0xd0, 0x10, 0x20, 255] : CLEAR;
}, 8571);

const FONT = fs.readFileSync(path.resolve(import.meta.dirname, '../../assets/fonts/NotoSans-Regular-VN.ttf'));

async function unsignedPdf(useObjectStreams = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(FONT, { subset: false });
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Giấy chứng nhận — Ủy ban nhân dân xã Mường Đăng', { x: 50, y: 700, size: 14, font });
  return doc.save({ useObjectStreams });
}

const OFFICIAL_RECT = { x: 330, y: 480, width: 200, height: 90 };
const TIME = new Date('2026-11-28T11:56:35Z');
/** The in-process TSA of the pki part (src/modules/signatures/pki/tsa.ts) with the test TSA certificate. */
const localTsa = (pki: TestPki): TimestampAuthority => createLocalTsa({ signer: testSigner(pki, 'tsa'), policy: '1.2.3.4.1' });
const official = (pki: TestPki, tsa = localTsa(pki)): SignPdfOptions => ({
  signer: testSigner(pki, 'official'), fieldName: 'ChuKyNguoiCoThamQuyen', level: 'B-T', tsa, signingTime: TIME,
  reason: 'Phê duyệt kết quả', location: 'Xã Mường Đăng',
  appearance: { kind: 'official', rect: OFFICIAL_RECT, image: signatureImage, name: 'Nguyễn Văn Ánh', title: 'Chủ tịch' },
});
const seal = (pki: TestPki, tsa = localTsa(pki)): SignPdfOptions => ({
  signer: testSigner(pki, 'seal'), fieldName: 'ChuKyCoQuan', level: 'B-T', tsa, signingTime: TIME,
  appearance: { kind: 'seal', over: 'ChuKyNguoiCoThamQuyen', image: sealImage, agencyName: 'Ủy ban nhân dân xã Mường Đăng' },
});

// --- independent checks ---------------------------------------------------------------------------------

function nssDb(pki: TestPki): string {
  const db = path.join(pki.dir, 'nssdb');
  if (!fs.existsSync(db)) {
    fs.mkdirSync(db);
    assert.equal(run('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']).status, 0);
    assert.equal(run('certutil', ['-A', '-d', `sql:${db}`, '-n', 'root', '-t', 'CT,C,C', '-i', pki.rootPath]).status, 0);
  }
  return db;
}

interface PdfsigEntry { field: string; signer: string; validation: string; certificate: string }

function pdfsig(pki: TestPki, pdf: Uint8Array, name: string): PdfsigEntry[] {
  const file = path.join(pki.dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const { out } = run('pdfsig', ['-nssdir', `sql:${nssDb(pki)}`, '-no-ocsp', file]);
  return out.split(/^Signature #\d+:$/m).slice(1).map((block) => {
    const get = (label: string) => new RegExp(`- ${label}: (.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
    return { field: get('Signature Field Name'), signer: get('Signer Certificate Common Name'), validation: get('Signature Validation'), certificate: get('Certificate Validation') };
  });
}

function assertAllValid(entries: PdfsigEntry[], fields: string[]): void {
  assert.deepEqual(entries.map((e) => e.field), fields);
  for (const e of entries) {
    assert.equal(e.validation, 'Signature is Valid.', `${e.field}: ${JSON.stringify(e)}`);
    assert.equal(e.certificate, 'Certificate is Trusted.', `${e.field}: ${JSON.stringify(e)}`);
  }
}

/** Each signature's CMS (zero padding trimmed) and the bytes its /ByteRange covers, found by text search. */
function extractSignatures(pdf: Uint8Array): Array<{ der: Buffer; signed: Buffer }> {
  const buf = Buffer.from(pdf);
  return [...buf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => {
    const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
    // The gap is exactly the hex string, and the second range runs to the end of that revision's %%EOF.
    assert.equal(a, 0);
    assert.equal(buf[b], 0x3c);
    assert.equal(buf[c - 1], 0x3e);
    assert.match(buf.subarray(c + d - 7, c + d).toString('latin1'), /%%EOF\s*$/);
    const der = Buffer.from(buf.subarray(b + 1, c - 1).toString('latin1'), 'hex');
    const lenBytes = der[1]! & 0x80 ? der[1]! & 0x7f : 0;
    const total = 2 + lenBytes + (lenBytes ? der.readUIntBE(2, lenBytes) : der[1]!);
    return { der: der.subarray(0, total), signed: Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]) };
  });
}

/** The SignerInfo's signature value and its timestamp token (if any), walking the DER with asn1js. */
function signerInfoParts(cms: Buffer): { signature: Buffer; token?: Buffer } {
  const content = asn1js.fromBER(new Uint8Array(cms)).result as asn1js.Sequence;
  const signedData = (content.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const signerInfos = signedData.valueBlock.value.at(-1) as asn1js.Set;
  const fields = (signerInfos.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  const signature = fields.find((f) => f instanceof asn1js.OctetString) as asn1js.OctetString;
  const unsigned = fields.at(-1)!;
  let token: Buffer | undefined;
  if (unsigned.idBlock.tagClass === 3 && unsigned.idBlock.tagNumber === 1) {
    const attr = (unsigned as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    assert.equal((attr.valueBlock.value[0] as asn1js.ObjectIdentifier).getValue(), '1.2.840.113549.1.9.16.2.14');
    token = Buffer.from(((attr.valueBlock.value[1] as asn1js.Set).valueBlock.value[0]!).toBER());
  }
  return { signature: Buffer.from(signature.valueBlock.valueHexView), token };
}

/** `openssl cms -verify` on one extracted signature, its attributes, and `openssl ts -verify` on its token. */
function opensslChecks(pki: TestPki, sig: { der: Buffer; signed: Buffer }, name: string, expectToken: boolean): void {
  const p = (ext: string) => path.join(pki.dir, `${name}.${ext}`);
  fs.writeFileSync(p('der'), sig.der);
  fs.writeFileSync(p('bin'), sig.signed);
  const verify = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p('der'), '-content', p('bin'), '-CAfile', pki.rootPath, '-purpose', 'any', '-out', p('out')]);
  assert.equal(verify.status, 0, `${name}: ${verify.err}`);
  assert.match(verify.err, /CMS Verification successful/);
  const printed = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', p('der')]).out;
  const objects = [...printed.matchAll(/object: (\S+)/g)].map((m) => m[1]);
  assert.ok(objects.includes('contentType') && objects.includes('messageDigest'), objects.join());
  assert.ok(objects.includes('id-smime-aa-signingCertificateV2'), objects.join());
  assert.ok(!objects.includes('signingTime'), 'PAdES B-B forbids the CMS signing-time attribute');
  const { signature, token } = signerInfoParts(sig.der);
  assert.equal(Boolean(token), expectToken, `${name}: timestamp token present?`);
  if (token) {
    fs.writeFileSync(p('tst'), token);
    fs.writeFileSync(p('sigvalue'), signature);
    fs.writeFileSync(p('untrusted'), pki.tsa.certPem + pki.intermediatePem);
    const ts = run('openssl', ['ts', '-verify', '-in', p('tst'), '-token_in', '-data', p('sigvalue'), '-CAfile', pki.rootPath, '-untrusted', p('untrusted')]);
    assert.match(ts.out, /Verification: OK/, `${name}: ${ts.out}${ts.err}`);
  }
}

/** The page rendered by pdftoppm as raw RGB (PPM), at `dpi`. */
function render(pdfFile: string, dpi: number): { w: number; h: number; px: (x: number, y: number) => [number, number, number] } {
  const prefix = pdfFile.replace(/\.pdf$/, '-page');
  assert.equal(run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdfFile, prefix]).status, 0);
  assert.equal(run('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdfFile, prefix]).status, 0);
  const ppm = fs.readFileSync(`${prefix}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [w, h, start] = [Number(header[1]), Number(header[2]), header[0].length];
  return { w, h, px: (x, y) => [...ppm.subarray(start + (y * w + x) * 3, start + (y * w + x) * 3 + 3)] as [number, number, number] };
}

/** How many pixels in a PDF-coordinate rectangle match `test`. */
function countPixels(page: ReturnType<typeof render>, dpi: number, r: { x: number; y: number; width: number; height: number }, test: (c: [number, number, number]) => boolean): number {
  const k = dpi / 72;
  let n = 0;
  for (let y = Math.floor(page.h - (r.y + r.height) * k); y < page.h - r.y * k; y++) {
    for (let x = Math.floor(r.x * k); x < (r.x + r.width) * k; x++) if (test(page.px(x, y))) n++;
  }
  return n;
}
const isBlue = ([r, g, b]: [number, number, number]) => b > 150 && r < 100 && g < 120;
const isRed = ([r, g, b]: [number, number, number]) => r > 150 && g < 90 && b < 100;

// --- tests ----------------------------------------------------------------------------------------------

describe('PAdES formats', () => {
  it('writes times in Vietnam time: ISO 8601 for the appearance, a PDF date for /M', () => {
    assert.equal(vietnamTime(new Date('2026-11-28T11:56:35Z')), '2026-11-28T18:56:35+07:00');
    assert.equal(vietnamTime(new Date('2026-12-31T20:00:00.900Z')), '2027-01-01T03:00:00+07:00');
    assert.equal(pdfDate(new Date('2026-11-28T11:56:35Z')), "D:20261128185635+07'00'");
  });

  it('reads a PNG’s physical size from pHYs', () => {
    assert.ok(Math.abs(pngPhysicalWidthPt(sealImage)! - (35 * 72) / 25.4) < 0.5);
    assert.equal(pngPhysicalWidthPt(signatureImage), undefined);
  });

  it('refuses what it cannot update, with a clear reason', async () => {
    assert.throws(() => findPreviousXref(Buffer.from('%PDF-1.7\nnot really\n')), /no startxref/);
    assert.throws(() => findPreviousXref(Buffer.from('%PDF-1.7\nxx\nstartxref\n3\n%%EOF\n')), /does not point at a cross-reference/);
  });
});

for (const keyType of ['RSA', 'ECDSA'] as TestKeyType[]) {
  describe(`PAdES signing, ${keyType}`, { skip: !TOOLS && 'needs poppler-utils, libnss3-tools and openssl' }, () => {
    let pki: TestPki;
    let unsigned: Uint8Array;
    let one: Uint8Array;
    let two: Uint8Array;
    let three: Uint8Array;
    before(async () => {
      pki = makeTestPki(path.join(dir, keyType), keyType);
      unsigned = await unsignedPdf();
    });

    it('signs once (official, visible, B-T): pdfsig trusts it, openssl verifies the CMS and the timestamp', async () => {
      one = await signPdf(unsigned, official(pki));
      assert.deepEqual(Buffer.from(one.subarray(0, unsigned.length)), Buffer.from(unsigned), 'the original bytes are kept');
      const entries = pdfsig(pki, one, '1-official');
      assertAllValid(entries, ['ChuKyNguoiCoThamQuyen']);
      assert.equal(entries[0]!.signer, 'Nguyễn Văn Ánh');
      const [sig] = extractSignatures(one);
      assert.equal(sig!.signed.length, one.length - 2 - 2 * 16384, "the range excludes exactly <16 KB of hex>");
      opensslChecks(pki, sig!, '1-official-sig', true);
    });

    it('adds the seal (second signature, B-T) and keeps the first valid', async () => {
      two = await signPdf(one, seal(pki));
      assert.deepEqual(Buffer.from(two.subarray(0, one.length)), Buffer.from(one));
      const entries = pdfsig(pki, two, '2-seal');
      assertAllValid(entries, ['ChuKyNguoiCoThamQuyen', 'ChuKyCoQuan']);
      assert.equal(entries[1]!.signer, 'Ủy ban nhân dân xã Mường Đăng');
      extractSignatures(two).forEach((s, i) => opensslChecks(pki, s, `2-sig${i + 1}`, true));
    });

    it('adds a third signature (deputy, invisible, B-B) and keeps both earlier ones valid', async () => {
      three = await signPdf(two, { signer: testSigner(pki, 'deputy'), fieldName: 'ChuKyPhoChuTich', level: 'B-B', signingTime: TIME });
      assertAllValid(pdfsig(pki, three, '3-deputy'), ['ChuKyNguoiCoThamQuyen', 'ChuKyCoQuan', 'ChuKyPhoChuTich']);
      extractSignatures(three).forEach((s, i) => opensslChecks(pki, s, `3-sig${i + 1}`, i < 2));
    });

    it('draws the Decree 30 appearance: blue signature, red seal over its left third, Vietnamese text', () => {
      const file = path.join(pki.dir, '2-seal.pdf');
      const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']).out;
      for (const s of ['Ký bởi: Nguyễn Văn Ánh', 'Chủ tịch', 'Thời gian: 2026-11-28T18:56:35+07:00', 'Ủy ban nhân dân xã Mường Đăng']) {
        assert.ok(text.includes(s), `pdftotext lacks "${s}":\n${text}`);
      }
      const dpi = 50;
      const page = render(file, dpi);
      const { x, y, width, height } = OFFICIAL_RECT;
      assert.ok(countPixels(page, dpi, { x: x + width / 3, y, width: (2 * width) / 3, height }, isBlue) > 20, 'blue signature in the widget');
      assert.ok(countPixels(page, dpi, { x, y, width: width / 3, height }, isRed) > 20, 'the seal covers the left third');
      assert.equal(countPixels(page, dpi, { x: x + width / 2, y, width: width / 2, height }, isRed), 0, 'but not the right half');
      assert.ok(countPixels(page, dpi, { x: x - 120, y: y - 60, width: 120, height: height + 120 }, isRed) > 100, 'seal left of the widget');
    });

    it('adds the DSS (B-LT) as another revision, once per object', async () => {
      const certs = [pki.official.certDer, pki.seal.certDer, pki.deputy.certDer, pki.tsa.certDer, pki.intermediateDer, pki.rootDer];
      const crls = [currentCrl(pki, 'root'), currentCrl(pki, 'intermediate')];
      const lt = await addDss(three, { certificates: certs, crls });
      const again = await addDss(lt, { certificates: [pki.rootDer], crls: [crls[0]!] });
      assertAllValid(pdfsig(pki, again, '4-dss'), ['ChuKyNguoiCoThamQuyen', 'ChuKyCoQuan', 'ChuKyPhoChuTich']);
      const doc = await PDFDocument.load(again);
      const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
      const contents = (key: string) => dss.lookup(PDFName.of(key), PDFArray).asArray()
        .map((ref) => Buffer.from(decodePDFRawStream(doc.context.lookup(ref) as PDFRawStream).decode()));
      assert.deepEqual(contents('Certs'), certs.map((c) => Buffer.from(c)));
      assert.deepEqual(contents('CRLs'), crls.map((c) => Buffer.from(c)));
    });

    it('a flipped byte breaks every signature (pdfsig: Digest Mismatch)', () => {
      const bad = Buffer.from(three);
      bad[1000]! ^= 0x01;
      const entries = pdfsig(pki, bad, '5-tampered');
      assert.equal(entries.length, 3);
      for (const e of entries) assert.equal(e.validation, 'Digest Mismatch.');
    });
  });
}

describe('PAdES signing, other inputs and refusals', { skip: !TOOLS && 'needs poppler-utils, libnss3-tools and openssl' }, () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki(path.join(dir, 'other'), 'ECDSA');
  });

  it('puts a copy’s signature ("SAO Y") top right of the first page, 10 pt, black, without image', async () => {
    const signed = await signPdf(await unsignedPdf(), {
      signer: testSigner(pki, 'seal'), fieldName: 'SaoY', level: 'B-B', signingTime: TIME,
      appearance: { kind: 'copy', copyForm: 'SAO Y', agencyName: 'Ủy ban nhân dân xã Mường Đăng' },
    });
    assertAllValid(pdfsig(pki, signed, 'copy'), ['SaoY']);
    const file = path.join(pki.dir, 'copy.pdf');
    const html = run('pdftotext', ['-enc', 'UTF-8', '-bbox', file, '-']).out;
    const word = (w: string) => {
      const m = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="([\\d.]+)">${w}</word>`).exec(html);
      assert.ok(m, `pdftotext -bbox lacks ${w}`);
      return m.slice(1).map(Number) as [number, number, number, number];
    };
    const [, yMin] = word('SAO');
    const [, , xMax] = word('2026-11-28T18:56:35\\+07:00');
    assert.ok(yMin < 40 && xMax > 595.28 - 40, `top right: ${yMin}, ${xMax}`);
    const [, ya, , yb] = word('SAO');
    assert.ok(yb - ya > 9 && yb - ya < 15, `about 10 pt: ${yb - ya}`);
    const page = render(file, 72);
    const corner = { x: 595.28 - 250, y: 841.89 - 70, width: 250, height: 70 };
    assert.equal(countPixels(page, 72, corner, ([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 40), 0, 'no colour, no image');
    assert.ok(countPixels(page, 72, corner, ([r, g, b]) => r + g + b < 200) > 50, 'black text');
  });

  it('signs a pdf-lib default save (object and cross-reference streams) with xref-stream updates; openssl as the TSA', async () => {
    const unsigned = await unsignedPdf(true);
    assert.equal(findPreviousXref(unsigned).kind, 'stream');
    const one = await signPdf(unsigned, official(pki, opensslTsa(pki)));
    const two = await signPdf(one, seal(pki, opensslTsa(pki)));
    assert.equal(findPreviousXref(two).kind, 'stream');
    assertAllValid(pdfsig(pki, two, 'objstm'), ['ChuKyNguoiCoThamQuyen', 'ChuKyCoQuan']);
    extractSignatures(two).forEach((s, i) => opensslChecks(pki, s, `objstm-sig${i + 1}`, true));
  });

  it('refuses a duplicate field name, a missing TSA for B-T, a CMS larger than the room, a signer whose key is not its certificate’s', async () => {
    const one = await signPdf(await unsignedPdf(), { signer: testSigner(pki, 'official'), fieldName: 'A', level: 'B-B', signingTime: TIME });
    const base = { signer: testSigner(pki, 'seal'), level: 'B-B' as const, signingTime: TIME };
    await assert.rejects(signPdf(one, { ...base, fieldName: 'A' }), /already has a field named "A"/);
    await assert.rejects(signPdf(one, { ...base, fieldName: 'B', level: 'B-T' }), /B-T needs a timestamp authority/);
    await assert.rejects(signPdf(one, { ...base, fieldName: 'B', contentsSize: 500 }), /the CMS is \d+ bytes but only 500 were reserved/);
    const wrongKey = { ...testSigner(pki, 'official'), sign: testSigner(pki, 'seal').sign };
    await assert.rejects(signPdf(one, { ...base, signer: wrongKey, fieldName: 'B' }), /does not verify with its certificate/);
  });

  it('the ESS hash is the SHA-256 of the signer certificate and the issuer is copied byte for byte', async () => {
    const signed = await signPdf(await unsignedPdf(), { signer: testSigner(pki, 'official'), fieldName: 'A', level: 'B-B', signingTime: TIME });
    const [sig] = extractSignatures(signed);
    const certHash = crypto.createHash('sha256').update(pki.official.certDer).digest();
    assert.ok(sig!.der.includes(certHash), 'certHash of ESSCertIDv2');
    const issuer = Buffer.from(new crypto.X509Certificate(pki.intermediateDer).raw);
    // The intermediate's subject Name, as DER inside its own certificate, must appear in sid and in ESS issuerSerial.
    const subjectDer = extractSubjectDer(issuer);
    // sid, ESS issuerSerial, the official's certificate (issuer) and the intermediate's (subject).
    assert.equal(countOccurrences(sig!.der, subjectDer), 4);
  });
});

/** The DER of a certificate's subject Name (the 6th field of TBSCertificate, after [0] version). */
function extractSubjectDer(certDer: Buffer): Buffer {
  const tbs = (asn1js.fromBER(new Uint8Array(certDer)).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  return Buffer.from(tbs.valueBlock.value[5]!.valueBeforeDecodeView);
}

function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}
