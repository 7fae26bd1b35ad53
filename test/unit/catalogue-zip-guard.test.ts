/** The look at an uploaded workbook's ZIP structure before the spreadsheet library unpacks it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspectZip, looksLikeZip } from '../../src/modules/catalogue/exchange/zip-guard.ts';
import { writeWorkbook } from '../../src/modules/catalogue/exchange/xlsx.ts';
import { zip } from '../support/zip.ts';

const limits = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };

describe('zip guard', () => {
  it('passes a real workbook and an honest archive', async () => {
    const workbook = await writeWorkbook([]);
    const verdict = inspectZip(workbook, { maxEntries: 200, maxTotalBytes: 64 * 1024 * 1024 });
    assert.equal(verdict.ok, true);
    assert.ok(verdict.ok && verdict.names.includes('xl/workbook.xml') && verdict.names.includes('[Content_Types].xml'));
    assert.deepEqual(inspectZip(zip([{ name: 'a.xml', data: Buffer.from('<a/>') }, { name: 'b.txt', data: Buffer.from('b'), stored: true }]), limits), { ok: true, names: ['a.xml', 'b.txt'] });
  });

  it('refuses a bomb: more unpacked than allowed, whether it says so or lies about it', () => {
    const zeros = Buffer.alloc(2 * 1024 * 1024);
    const honest = zip([{ name: 'bomb.xml', data: zeros }]);
    assert.ok(honest.length < 10_000, 'two megabytes of zeros pack small');
    assert.deepEqual(inspectZip(honest, limits), { ok: false, reason: 'too_big' });
    // Declares 100 bytes, inflates to 2 MB: caught while inflating, with the output capped.
    assert.deepEqual(inspectZip(zip([{ name: 'bomb.xml', data: zeros, declaredSize: 100 }]), limits), { ok: false, reason: 'too_big' });
    // Declares more than it holds.
    assert.deepEqual(inspectZip(zip([{ name: 'short.xml', data: Buffer.from('<a/>'), declaredSize: 50 }]), limits), { ok: false, reason: 'not_zip' });
    assert.deepEqual(inspectZip(zip(Array.from({ length: 11 }, (_, i) => ({ name: `${i}.xml`, data: Buffer.from('x') }))), limits), { ok: false, reason: 'too_big' });
  });

  it('refuses what is not a plain ZIP: other bytes, truncation, encryption', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    assert.equal(looksLikeZip(png), false);
    assert.deepEqual(inspectZip(png, limits), { ok: false, reason: 'not_zip' });
    const good = zip([{ name: 'a.xml', data: Buffer.from('<a/>'.repeat(100)) }]);
    assert.deepEqual(inspectZip(good.subarray(0, good.length - 30), limits), { ok: false, reason: 'not_zip' });
    assert.deepEqual(inspectZip(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40)]), limits), { ok: false, reason: 'not_zip' });
    assert.deepEqual(inspectZip(zip([{ name: 'secret.xml', data: Buffer.from('x'), encrypted: true }]), limits), { ok: false, reason: 'not_zip' });
  });
});
