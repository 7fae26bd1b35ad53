import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeFee, formatDong, lineFee, perCopyFee } from '../../src/modules/catalogue/domain/fees.ts';
import type { FeeLine } from '../../src/modules/catalogue/domain/fees.ts';

/** TT 226/2016/TT-BTC: 2.000 đ/page, 1.000 đ/page from page 3, at most 200.000 đ per copy. */
const certifiedCopy: FeeLine = { label: 'Phí chứng thực', amount: 2000, basis: 'per_page', unitLabel: 'đồng/trang', fromPage: { page: 3, amount: 1000 }, capPerCopy: 200_000 };
const signature: FeeLine = { label: 'Phí chứng thực', amount: 10_000, basis: 'per_case', unitLabel: 'đồng/trường hợp' };

describe('fees', () => {
  it('charges certified copies per page, cheaper from page 3', () => {
    assert.equal(perCopyFee(certifiedCopy, 1), 2000);
    assert.equal(perCopyFee(certifiedCopy, 2), 4000);
    assert.equal(perCopyFee(certifiedCopy, 3), 5000);
    assert.equal(perCopyFee(certifiedCopy, 10), 12_000);
  });

  it('caps each copy at 200.000 đ and multiplies by the copies', () => {
    assert.equal(perCopyFee(certifiedCopy, 198), 200_000);
    assert.equal(perCopyFee(certifiedCopy, 199), 200_000);
    assert.equal(perCopyFee(certifiedCopy, 500), 200_000);
    assert.equal(lineFee(certifiedCopy, { pages: 5, copies: 3 }), 3 * 7000);
    assert.equal(lineFee(certifiedCopy, { pages: 1000, copies: 2 }), 400_000);
  });

  it('charges per case, and adds lines', () => {
    assert.equal(lineFee(signature), 10_000);
    assert.equal(lineFee(signature, { cases: 3 }), 30_000);
    assert.equal(computeFee([certifiedCopy, signature], { pages: 4, copies: 1, cases: 2 }), 6000 + 20_000);
    assert.equal(computeFee([]), 0);
  });

  it('a line without tier or cap is a plain price per page', () => {
    const flat: FeeLine = { label: 'x', amount: 2000, basis: 'per_page', unitLabel: 'đồng/trang' };
    assert.equal(perCopyFee(flat, 300), 600_000);
  });

  it('refuses quantities that are not whole positive numbers', () => {
    for (const pages of [0, -1, 1.5, Number.NaN, 1e9]) assert.throws(() => lineFee(certifiedCopy, { pages }), RangeError, String(pages));
    assert.throws(() => lineFee(signature, { cases: 0 }), RangeError);
  });

  it('formats đồng with dots', () => {
    assert.equal(formatDong(2000), '2.000 đ');
    assert.equal(formatDong(200_000), '200.000 đ');
    assert.equal(formatDong(0), '0 đ');
    assert.equal(formatDong(1_234_567), '1.234.567 đ');
  });
});
