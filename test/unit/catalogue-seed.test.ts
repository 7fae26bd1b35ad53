/** The shipped catalogue: real national records, mapped faithfully, every one showing its seven parts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nationalCatalogue } from '../../src/modules/catalogue/seed-catalogue.ts';
import { missingParts, sevenParts } from '../../src/modules/catalogue/domain/seven-parts.ts';
import { computeFee } from '../../src/modules/catalogue/domain/fees.ts';

const catalogue = nationalCatalogue();
const byCode = (code: string) => {
  const p = catalogue.find((x) => x.code === code);
  assert.ok(p, code);
  return p;
};

describe('the seeded catalogue', () => {
  it('has at least 25 distinct real procedures, commune police ones left out', () => {
    assert.ok(catalogue.length >= 25, String(catalogue.length));
    assert.equal(new Set(catalogue.map((p) => p.code)).size, catalogue.length);
    for (const p of catalogue) assert.match(p.code, /^[0-9]\.[0-9]{6}$/);
    assert.ok(!catalogue.some((p) => p.agencies[0] === 'Công an cấp xã'));
    for (const field of ['Hộ tịch', 'Chứng thực', 'Bảo trợ xã hội']) assert.ok(catalogue.filter((p) => p.field === field).length >= 5, field);
  });

  it('keeps names, times and fees as published', () => {
    const birth = byCode('1.001193');
    assert.equal(birth.name, 'Thủ tục đăng ký khai sinh');
    assert.deepEqual([birth.processingTime.value, birth.processingTime.unit], [1, null]);
    assert.equal(birth.feeStatus, 'free');
    assert.equal(byCode('1.004837').processingTime.unit, 'working_days');
    assert.equal(byCode('1.000656').feeStatus, 'set_by_province');
    const copy = byCode('2.000815');
    assert.deepEqual(copy.feeLines, [{ label: 'Phí chứng thực', amount: 2000, basis: 'per_page', unitLabel: 'đồng/trang', fromPage: { page: 3, amount: 1000 }, capPerCopy: 200_000 }]);
    assert.equal(computeFee(copy.feeLines, { pages: 3, copies: 1 }), 5000);
    assert.equal(byCode('2.000884').feeLines[0]!.amount, 10_000);
    assert.equal(byCode('2.001035').feeLines[0]!.amount, 50_000);
    assert.equal(byCode('2.001263').feeLines[0]!.amount, 400_000);
  });

  it('reads component counts and optional components', () => {
    const birth = byCode('1.001193');
    const certificate = birth.components.find((c) => c.name.startsWith('Giấy chứng sinh'));
    assert.deepEqual([certificate?.originals, certificate?.copies, certificate?.required], [1, 0, true]);
    assert.equal(birth.components.find((c) => c.name.startsWith('Trường hợp trẻ em bị bỏ rơi'))?.required, false);
    assert.ok(catalogue.every((p) => p.components.every((c) => c.originals <= 9 && !/\(\d+ bản (chính|sao)\)$/.test(c.name))));
  });

  it('gives forms to the five most used procedures', () => {
    for (const code of ['1.001193', '1.000894', '1.000656', '2.000815', '1.004873']) {
      const fields = byCode(code).formDefinition.sections.flatMap((s) => s.fields);
      assert.ok(fields.length >= 5, code);
      assert.equal(new Set(fields.map((f) => f.name)).size, fields.length, `${code}: field names are unique`);
      for (const f of fields) if (f.showIf) assert.ok(fields.some((g) => g.name === f.showIf!.field), `${code}: ${f.name} depends on a field that exists`);
    }
  });

  it('every procedure shows all seven parts, and internal budgets are whole hours', () => {
    for (const p of catalogue) {
      assert.deepEqual(missingParts(sevenParts({ ...p, id: 0 })).filter((k) => k !== 'time'), [], p.code);
      for (const s of p.internalSteps) assert.ok(Number.isInteger(s.hours) && s.hours >= 1, `${p.code} ${s.name}`);
    }
    assert.deepEqual(missingParts(sevenParts({ ...byCode('1.001193'), id: 0, steps: [], subjects: ' ' })), ['sequence', 'subjects']);
  });
});
