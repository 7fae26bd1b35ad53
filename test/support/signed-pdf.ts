/**
 * Real signed results for verification tests: the chairman of Xã Mường Đăng signs a one-page result and its
 * clerk seals it, through the signatures module's own workflow functions (signResult, sealResult) over a
 * demo-seeded database; and two ways of spoiling one (a flipped byte, a later revision painting over the page).
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { Db } from '../../src/platform/db/database.ts';
import { sealResult, signResult, signaturesContext } from '../../src/modules/signatures/index.ts';
import { makePdf } from './files.ts';

export const CHAIRMAN = 'Lường Văn Chính';
export const SEAL = 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG';
export const TITLE = 'Giấy khai sinh — H11.35.01-261128-0001';
const LABELS = { signedBy: 'Ký bởi:', time: 'Thời gian:' };

/** The chairman's signature, then the clerk's seal, on a one-page result, in the database `db`; returns the sealed PDF and its link id. */
export async function signedResult(db: Db, config: Parameters<typeof signaturesContext>[1], text = 'Giay khai sinh Lo Van An'): Promise<{ pdf: Uint8Array; publicId: string }> {
  const ctx = signaturesContext(db, config);
  const unit = (await sql<{ id: string }>`select id from units where code = 'H11.35.01'`.execute(db)).rows[0]!;
  const unitId = Number(unit.id);
  const people = (await sql<{ id: string; username: string; full_name: string }>`select id, username, full_name from officials where unit_id = ${unitId}`.execute(db)).rows;
  const actor = (username: string) => {
    const o = people.find((p) => p.username === username)!;
    return { kind: 'official' as const, id: Number(o.id), name: o.full_name, unitId, ip: '', userAgent: '' };
  };
  const chairman = actor('chutich.muongdang');
  const { publicId } = await signResult(ctx, chairman, { unitId, officialId: chairman.id, pdf: makePdf(text), title: TITLE, fileName: 'Giấy khai sinh Lò Văn An.pdf', labels: LABELS });
  const pdf = await sealResult(ctx, actor('vanthu.muongdang'), { unitId, publicId, labels: LABELS });
  return { pdf, publicId };
}

/** The byte offset of the last `startxref` value: the /Prev of the next revision. */
function lastStartxref(bytes: Uint8Array): number {
  const text = Buffer.from(bytes).toString('latin1');
  return Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
}

/**
 * A valid incremental update written here, independently of the signer: a white box and other words over
 * page 1 (a new content stream appended to its /Contents). Every signature still verifies cryptographically.
 */
export async function paintOver(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(0);
  const font = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict).keys()[0]!.decodeText();
  const content = `q 1 1 1 rg 5 40 190 30 re f Q BT /${font} 12 Tf 10 50 Td (Giay khai sinh Tran Thi Mai) Tj ET`;
  const streamNumber = doc.context.largestObjectNumber + 1;
  const pageDict = page.node.clone() as PDFDict;
  const old = pageDict.get(PDFName.of('Contents'));
  pageDict.set(PDFName.of('Contents'), doc.context.obj([...(old instanceof PDFArray ? old.asArray() : [old!]), PDFRef.of(streamNumber)]));
  let out = Buffer.from(pdf).toString('latin1');
  if (!out.endsWith('\n')) out += '\n';
  const streamAt = out.length;
  out += `${streamNumber} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const pageAt = out.length;
  out += `${page.ref.objectNumber} 0 obj\n${pageDict.toString()}\nendobj\n`;
  const xrefAt = out.length;
  const entry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `xref\n0 1\n0000000000 65535 f \n${page.ref.objectNumber} 1\n${entry(pageAt)}${streamNumber} 1\n${entry(streamAt)}`;
  out += `trailer\n<< /Size ${streamNumber + 1} /Root ${doc.context.trailerInfo.Root} /Prev ${lastStartxref(pdf)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** The same file with one letter of the page's text changed (inside what both signatures cover). */
export function flipByte(pdf: Uint8Array): Uint8Array {
  const copy = Buffer.from(pdf);
  const at = copy.indexOf('Giay khai sinh');
  assert.ok(at > 0);
  copy[at] = 'X'.charCodeAt(0);
  return new Uint8Array(copy);
}
