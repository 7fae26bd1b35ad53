/** Numbers, symbols and dates of outgoing documents (NĐ 30/2020), the drafting rules and the template's wording. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { numberAndSymbol, placeAndDate, vietnamYear } from '../../src/modules/documents/domain/numbering.ts';
import { allowedActions, recipientLines } from '../../src/modules/documents/domain/outgoing-rules.ts';
import { issuerAbbreviation, placeOf } from '../../src/modules/documents/domain/outgoing-texts.ts';
import { symbolPlaceholder } from '../../src/modules/documents/outgoing-draft.ts';

describe('number and symbol', () => {
  it('writes the exact type abbreviations, mixed case kept', () => {
    assert.equal(numberAndSymbol(12, 'QĐ', 'UBND'), '12/QĐ-UBND');
    assert.equal(numberAndSymbol(12, 'QyĐ', 'UBND'), '12/QyĐ-UBND');
    assert.equal(numberAndSymbol(7, 'CTr', 'UBND'), '07/CTr-UBND');
    assert.equal(numberAndSymbol(30, 'TTr', 'UBND'), '30/TTr-UBND');
  });
  it('a công văn has no type: issuer, then the drafting office', () => {
    assert.equal(numberAndSymbol(12, 'CV', 'UBND', 'VP'), '12/UBND-VP');
    assert.equal(numberAndSymbol(12, 'CV', 'UBND'), '12/UBND');
    assert.equal(numberAndSymbol(12, 'QĐ', 'UBND', 'VP'), '12/QĐ-UBND', 'the office is not written for a typed document');
  });
  it('numbers below 10 get a leading zero, larger ones none', () => {
    assert.equal(numberAndSymbol(1, 'QĐ', 'UBND'), '01/QĐ-UBND');
    assert.equal(numberAndSymbol(9, 'QĐ', 'UBND'), '09/QĐ-UBND');
    assert.equal(numberAndSymbol(10, 'QĐ', 'UBND'), '10/QĐ-UBND');
    assert.equal(numberAndSymbol(1234, 'QĐ', 'UBND'), '1234/QĐ-UBND');
    assert.throws(() => numberAndSymbol(0, 'QĐ', 'UBND'), RangeError);
    assert.throws(() => numberAndSymbol(1, 'XX', 'UBND'), RangeError);
  });
  it('the draft shows the symbol with the number left blank; a commune issues as UBND', () => {
    assert.equal(issuerAbbreviation('commune'), 'UBND');
    assert.equal(symbolPlaceholder('QĐ', { kind: 'commune' }, 'VP'), '…/QĐ-UBND');
    assert.equal(symbolPlaceholder('CV', { kind: 'ward' }, 'VP'), '…/UBND-VP');
  });
});

describe('place and date', () => {
  it('days below 10 and months 1–2 padded; other months bare', () => {
    assert.equal(placeAndDate('Mường Đăng', '2026-03-05'), 'Mường Đăng, ngày 05 tháng 3 năm 2026');
    assert.equal(placeAndDate('Mường Đăng', '2026-01-09'), 'Mường Đăng, ngày 09 tháng 01 năm 2026');
    assert.equal(placeAndDate('Mường Đăng', '2026-02-28'), 'Mường Đăng, ngày 28 tháng 02 năm 2026');
    assert.equal(placeAndDate('Mường Đăng', '2026-10-01'), 'Mường Đăng, ngày 01 tháng 10 năm 2026');
    assert.equal(placeAndDate('Mường Đăng', '2026-11-20'), 'Mường Đăng, ngày 20 tháng 11 năm 2026');
    assert.equal(placeAndDate('Mường Đăng', '2026-12-31'), 'Mường Đăng, ngày 31 tháng 12 năm 2026');
  });
  it('the place is the unit without its kind', () => {
    assert.equal(placeOf('Xã Mường Đăng'), 'Mường Đăng');
    assert.equal(placeOf('Phường Điện Biên Phủ'), 'Điện Biên Phủ');
  });
  it('the year turns at midnight in Vietnam', () => {
    assert.equal(vietnamYear(new Date('2026-12-31T23:59:59+07:00')), 2026);
    assert.equal(vietnamYear(new Date('2027-01-01T00:00:00+07:00')), 2027);
    assert.equal(vietnamYear(new Date('2026-12-31T17:00:00Z')), 2027);
  });
});

describe('who may move an outgoing document', () => {
  const perms = (...p: string[]) => new Set(p);
  const drafter = { id: 1, permissions: perms('documents.draft', 'documents.handle') };
  const leader = { id: 2, permissions: perms('documents.draft', 'documents.approve') };
  const clerk = { id: 3, permissions: perms('documents.issue') };
  it('the drafter saves and submits while holding it; a reviewer forwards or returns; a leader approves and signs; a clerk issues', () => {
    assert.deepEqual(allowedActions({ status: 'drafting', createdById: 1, holderId: 1 }, drafter), ['save', 'submit']);
    assert.deepEqual(allowedActions({ status: 'drafting', createdById: 1, holderId: 1 }, leader), []);
    assert.deepEqual(allowedActions({ status: 'in_review', createdById: 1, holderId: 1 }, drafter), ['forward', 'return']);
    assert.deepEqual(allowedActions({ status: 'in_review', createdById: 1, holderId: 2 }, leader), ['forward', 'return', 'approve']);
    assert.deepEqual(allowedActions({ status: 'approved', createdById: 1, holderId: 2 }, leader), ['sign', 'return']);
    assert.deepEqual(allowedActions({ status: 'approved', createdById: 1, holderId: 2 }, clerk), []);
    assert.deepEqual(allowedActions({ status: 'signed', createdById: 1, holderId: null }, clerk), ['issue']);
    assert.deepEqual(allowedActions({ status: 'issued', createdById: 1, holderId: null }, clerk), []);
  });
  it('"Nơi nhận" ends with the filed copy', () => {
    assert.deepEqual(recipientLines(['UBND xã Phìn Hồ', 'Sở Nội vụ;'], ['Như Điều 3'], 'Lưu: VT, VP.'), ['- UBND xã Phìn Hồ;', '- Sở Nội vụ;', '- Như Điều 3;', '- Lưu: VT, VP.']);
  });
});
