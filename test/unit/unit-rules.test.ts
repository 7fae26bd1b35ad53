import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UNIT_KINDS } from '../../src/modules/tenancy/domain/unit.ts';
import type { UnitKind } from '../../src/modules/tenancy/domain/unit.ts';
import {
  AGENCY_CODE_PATTERN, checkUnitFields, childKindsOf, isAgency, mayContain, normaliseAgencyCode, sameUnitName,
} from '../../src/modules/tenancy/domain/unit-rules.ts';

const fields = (over: Partial<{ name: string; address: string; code: string; sealName: string }> = {}) => ({
  name: 'Xã Mường Mươn', address: 'Bản Mường Mươn', code: 'H11.35.04', sealName: 'ỦY BAN NHÂN DÂN XÃ MƯỜNG MƯƠN', ...over,
});

describe('which kind of unit may sit under which', () => {
  it('province → commune or ward → village, and nothing under a village', () => {
    const table = Object.fromEntries(UNIT_KINDS.map((parent) => [parent, UNIT_KINDS.filter((child) => mayContain(parent, child))]));
    assert.deepEqual(table, { province: ['commune', 'ward'], commune: ['village'], ward: ['village'], village: [] });
    for (const kind of UNIT_KINDS) assert.deepEqual([...childKindsOf(kind)], table[kind]);
  });

  it('no unit contains a province, nor a kind that does not exist', () => {
    for (const parent of UNIT_KINDS) {
      assert.equal(mayContain(parent, 'province'), false);
      for (const odd of ['', 'Commune', 'hamlet', '__proto__', 'toString']) assert.equal(mayContain(parent, odd), false, `${parent} ⊃ ${odd}`);
    }
  });

  it('villages are not agencies: no agency code, no seal', () => {
    assert.deepEqual(UNIT_KINDS.filter(isAgency), ['province', 'commune', 'ward']);
  });
});

describe('agency codes', () => {
  it('accepts letters, digits and dots, 2–40 characters', () => {
    for (const code of ['H11', 'H11.35.01', '000.00.31.H11', 'AB', 'A'.repeat(40), 'X1.Y2.Z3']) assert.match(code, AGENCY_CODE_PATTERN, code);
  });

  it('refuses everything else', () => {
    for (const code of ['', 'H', 'A'.repeat(41), '.H11', 'H11.', 'H11..35', 'H11 35', 'H11-35-01', 'H11/35', 'Đ11.35', 'h11.35', 'H11.35\n', '１２３']) {
      assert.doesNotMatch(code, AGENCY_CODE_PATTERN, JSON.stringify(code));
    }
  });

  it('is stored in capitals, trimmed', () => {
    assert.equal(normaliseAgencyCode('  h11.35.01 '), 'H11.35.01');
  });
});

describe('checking a unit’s fields', () => {
  it('cleans good input', () => {
    const { fields: f, errors } = checkUnitFields('commune', fields({ name: '  Xã   Mường\tMươn ', code: ' h11.35.04 ' }));
    assert.deepEqual(errors, {});
    assert.deepEqual(f, { name: 'Xã Mường Mươn', address: 'Bản Mường Mươn', code: 'H11.35.04', sealName: 'ỦY BAN NHÂN DÂN XÃ MƯỜNG MƯƠN' });
  });

  it('composes decomposed Vietnamese (NFD from some keyboards) into NFC', () => {
    const { fields: f } = checkUnitFields('village', fields({ name: 'Bản Hua Ná'.normalize('NFD') }));
    assert.equal(f.name, 'Bản Hua Ná'.normalize('NFC'));
    assert.notEqual(f.name, 'Bản Hua Ná'.normalize('NFD'));
  });

  it('names each problem', () => {
    const { errors } = checkUnitFields('ward', { name: ' ', code: 'H11..1', address: 'a'.repeat(301), sealName: 'b'.repeat(201) });
    assert.deepEqual(errors, { name: 'tenancy.name_required', code: 'tenancy.code_invalid', address: 'tenancy.address_too_long', sealName: 'tenancy.seal_name_too_long' });
    assert.deepEqual(checkUnitFields('commune', fields({ code: '  ' })).errors, { code: 'tenancy.code_required' });
    assert.deepEqual(checkUnitFields('commune', fields({ name: 'x'.repeat(121) })).errors, { name: 'tenancy.name_required' });
    // Limits count characters, not UTF-16 units or bytes.
    assert.deepEqual(checkUnitFields('commune', fields({ name: 'Ữ'.repeat(120) })).errors, {});
  });

  it('ignores a village’s code and seal name', () => {
    for (const kind of ['village'] as UnitKind[]) {
      const { fields: f, errors } = checkUnitFields(kind, fields({ code: 'not a code!', sealName: 'CON DẤU' }));
      assert.deepEqual(errors, {});
      assert.equal(f.code, null);
      assert.equal(f.sealName, '');
    }
  });

  it('control characters become spaces', () => {
    assert.equal(checkUnitFields('village', fields({ name: 'Bản\u0000\u0007Co\r\nMuông' })).fields.name, 'Bản Co Muông');
  });
});

describe('sibling names', () => {
  it('compare without regard to case, spacing or composition', () => {
    assert.ok(sameUnitName('Bản Co Muông', 'bản  co MUÔNG'));
    assert.ok(sameUnitName('Bản Hua Ná', 'Bản Hua Ná'.normalize('NFD')));
    assert.ok(!sameUnitName('Bản Co Muông', 'Bản Co Muong'));
  });
});
