/** The catalogue editor's rules, without a database: what a procedure version may contain, publication, version states. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  changedParts, checkFormDefinition, checkProcedure, checkPublication, cleanText, parseDate, versionStates,
} from '../../src/modules/catalogue/domain/procedure-rules.ts';
import type { Problem, ProcedureContent } from '../../src/modules/catalogue/domain/procedure-rules.ts';
import { nationalCatalogue } from '../../src/modules/catalogue/seed-catalogue.ts';

/** A complete, valid procedure as a JSON import would carry it. */
const valid = (): Record<string, unknown> => ({
  code: '1.000948.H38',
  name: 'Thủ tục cấp bản sao trích lục hộ tịch',
  field: 'Hộ tịch',
  level: 'Cấp xã',
  agencies: ['Ủy ban nhân dân cấp xã'],
  legalBasis: ['123/2015/NĐ-CP'],
  steps: ['Nộp hồ sơ.', 'Nhận kết quả.'],
  methods: ['Trực tiếp', 'Trực tuyến'],
  subjects: 'Cá nhân có yêu cầu',
  processingTime: { value: 1, unit: 'working_days', note: null },
  feeStatus: 'set_by_province',
  feeLines: [{ label: 'Lệ phí', amount: 8000, basis: 'per_case', unitLabel: 'đồng/bản' }],
  feeNote: 'Nghị quyết 12/2025/NQ-HĐND tỉnh Điện Biên',
  feeTiming: 'at_intake',
  paperResultRequired: true,
  resultDocument: 'Bản sao trích lục',
  onlineLevel: 'full',
  internalSteps: [{ name: 'Tiếp nhận', hours: 2 }, { name: 'Ký', hours: 6 }],
  formDefinition: { sections: [{ title: 'Người yêu cầu', fields: [{ name: 'fullName', type: 'text', label: 'Họ và tên', required: true }] }] },
  source: 'Quyết định công bố của Chủ tịch UBND tỉnh',
  components: [{ name: 'Tờ khai', originals: 1, copies: 0, required: true, templateFile: 'to-khai.docx' }],
});

function problemsOf(input: unknown): Problem[] {
  const r = checkProcedure(input);
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems;
}
const keysAt = (problems: Problem[], path: string) => problems.filter((p) => p.path === path).map((p) => p.key);
const content = (input: unknown): ProcedureContent => {
  const r = checkProcedure(input);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.value;
};

describe('checkProcedure', () => {
  it('accepts every seeded procedure, and a second check changes nothing (cleaning is idempotent)', () => {
    const seeded = nationalCatalogue();
    assert.ok(seeded.length >= 25);
    for (const p of seeded) {
      const { version: _v, status: _s, effectiveFrom: _e, ...rest } = p;
      const again = content(rest);
      assert.deepEqual(again, rest, p.code);
    }
  });

  it('accepts a complete procedure, with a province code, HĐND fees and full online filing', () => {
    const p = content(valid());
    assert.equal(p.code, '1.000948.H38');
    assert.deepEqual(p.feeLines, [{ label: 'Lệ phí', amount: 8000, basis: 'per_case', unitLabel: 'đồng/bản' }]);
    assert.equal(p.onlineLevel, 'full');
    assert.equal(p.components[0]!.templateFile, 'to-khai.docx');
  });

  it('reads numbers and booleans typed as text, Vietnamese style, and tidies white space', () => {
    const p = content({
      ...valid(),
      code: ' 1.000948.h38 ',
      name: '  Thủ tục   cấp\tbản sao  ',
      agencies: ['', '  Ủy ban nhân dân   cấp xã ', ''],
      processingTime: { value: '1,5', unit: 'working_days', note: '' },
      feeLines: [{ label: 'Phí', amount: '2.000', basis: 'per_page', unitLabel: '', fromPage: { page: '3', amount: '1.000' }, capPerCopy: '200.000' }],
      paperResultRequired: 'TRUE',
      components: [{ name: 'Tờ khai', originals: '1', copies: '', required: 'false', templateFile: '' }],
      feeNote: '  line one  \r\n\r\n\r\n\r\n  line two ',
    });
    assert.equal(p.code, '1.000948.H38');
    assert.equal(p.name, 'Thủ tục cấp bản sao');
    assert.deepEqual(p.agencies, ['Ủy ban nhân dân cấp xã']);
    assert.deepEqual(p.processingTime, { value: 1.5, unit: 'working_days', note: null });
    assert.deepEqual(p.feeLines, [{ label: 'Phí', amount: 2000, basis: 'per_page', unitLabel: 'đồng/trang', fromPage: { page: 3, amount: 1000 }, capPerCopy: 200_000 }]);
    assert.equal(p.paperResultRequired, true);
    assert.deepEqual(p.components, [{ name: 'Tờ khai', originals: 1, copies: 0, required: false, templateFile: null }]);
    assert.equal(p.feeNote, 'line one\n\nline two');
    assert.equal(cleanText(p.feeNote!), p.feeNote);
  });

  it('names every required part that is missing, and nothing else', () => {
    const problems = problemsOf({ components: [] });
    assert.deepEqual([...new Set(problems.map((p) => p.path))].sort(), ['code', 'feeStatus', 'field', 'level', 'name', 'onlineLevel']);
    assert.ok(problems.every((p) => p.key === 'catalogue_admin.error.required'));
  });

  it('refuses malformed codes and unknown keys, and ignores the export-only keys', () => {
    for (const code of ['1.00119', '1.0011933', 'a.001193', '1.001193.', '1.001193.3H', '1.001193.H38X9Z1']) {
      assert.deepEqual(keysAt(problemsOf({ ...valid(), code }), 'code'), ['catalogue_admin.error.code_format'], code);
    }
    assert.deepEqual(keysAt(problemsOf({ ...valid(), colour: 'red' }), 'code'), ['catalogue_admin.error.unknown_key']);
    assert.equal(checkProcedure({ ...valid(), version: 7, status: 'published', effectiveFrom: '2025-07-01' }).ok, true);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), feeLines: [{ ...(valid().feeLines as object[])[0], price: 1 }] }), 'feeLines.0'), ['catalogue_admin.error.unknown_key']);
  });

  it('keeps fees consistent with the fee status, whole đồng, tiers on per-page lines only', () => {
    assert.deepEqual(keysAt(problemsOf({ ...valid(), feeStatus: 'charged', feeLines: [] }), 'feeLines'), ['catalogue_admin.error.fee_lines_needed']);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), feeStatus: 'free' }), 'feeLines'), ['catalogue_admin.error.fee_lines_not_allowed']);
    assert.equal(checkProcedure({ ...valid(), feeStatus: 'set_by_province', feeLines: [] }).ok, true, 'the HĐND may not have set amounts yet');
    const line = (extra: object) => ({ ...valid(), feeStatus: 'charged', feeLines: [{ label: 'Phí', amount: 2000, basis: 'per_case', unitLabel: 'đồng', ...extra }] });
    for (const amount of [-1, 1.5, 'abc', '2.00', 2e9]) assert.deepEqual(keysAt(problemsOf(line({ amount })), 'feeLines.0.amount'), ['catalogue_admin.error.integer'], String(amount));
    assert.deepEqual(keysAt(problemsOf(line({ fromPage: { page: 3, amount: 1000 } })), 'feeLines.0.fromPage.page'), ['catalogue_admin.error.per_page_only']);
    assert.deepEqual(keysAt(problemsOf(line({ capPerCopy: 100 })), 'feeLines.0.capPerCopy'), ['catalogue_admin.error.per_page_only']);
    assert.deepEqual(keysAt(problemsOf(line({ basis: 'per_page', capPerCopy: 100 })), 'feeLines.0.capPerCopy'), ['catalogue_admin.error.cap_below_amount']);
    assert.deepEqual(keysAt(problemsOf(line({ basis: 'per_page', fromPage: { page: 1, amount: 1000 } })), 'feeLines.0.fromPage.page'), ['catalogue_admin.error.integer']);
    assert.deepEqual(keysAt(problemsOf(line({ basis: 'per_week' })), 'feeLines.0.basis'), ['catalogue_admin.error.choice']);
  });

  it('keeps the internal steps within the legal time, and online filing to procedures with an online channel', () => {
    // 1 working day = 8 working hours; the steps add up to 9.
    const over = problemsOf({ ...valid(), internalSteps: [{ name: 'Tiếp nhận', hours: 3 }, { name: 'Ký', hours: 6 }] });
    assert.deepEqual(over.filter((p) => p.path === 'internalSteps').map((p) => [p.key, p.params]), [['catalogue_admin.error.hours_exceed', { hours: 9, limit: 8 }]]);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), internalSteps: [{ name: 'Ký', hours: 0.5 }] }), 'internalSteps.0.hours'), ['catalogue_admin.error.integer']);
    assert.equal(checkProcedure({ ...valid(), processingTime: { value: 3, unit: 'days', note: null }, internalSteps: [{ name: 'Ký', hours: 100 }] }).ok, true, 'calendar days are not counted');
    assert.deepEqual(keysAt(problemsOf({ ...valid(), methods: ['Trực tiếp'] }), 'onlineLevel'), ['catalogue_admin.error.online_needs_method']);
    assert.equal(checkProcedure({ ...valid(), methods: ['Trực tiếp'], onlineLevel: 'none' }).ok, true);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), processingTime: { value: null, unit: 'days', note: null } }), 'processingTime.value'), ['catalogue_admin.error.unit_without_value']);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), processingTime: { value: '1.25', unit: 'days' } }), 'processingTime.value'), ['catalogue_admin.error.decimal']);
  });

  it('bounds lists, texts and components, and refuses paths as template names', () => {
    const long = 'x'.repeat(1001);
    assert.deepEqual(problemsOf({ ...valid(), steps: ['a', long] }).filter((p) => p.path === 'steps').map((p) => [p.key, p.params]), [['catalogue_admin.error.list_item_too_long', { n: 2, max: 1000 }]]);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), legalBasis: Array.from({ length: 51 }, (_, i) => `${i}/2025/NĐ-CP`) }), 'legalBasis'), ['catalogue_admin.error.too_many']);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), steps: 'not a list' }), 'steps'), ['catalogue_admin.error.not_list']);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), name: { vi: 'x' } }), 'name'), ['catalogue_admin.error.text']);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), name: 'x\ud800' }), 'name'), ['catalogue_admin.error.invalid_text']);
    for (const templateFile of ['../etc/passwd', 'C:\\mau.docx', 'a/b.docx']) {
      assert.deepEqual(keysAt(problemsOf({ ...valid(), components: [{ name: 'Tờ khai', templateFile }] }), 'components.0.templateFile'), ['catalogue_admin.error.file_name'], templateFile);
    }
    assert.deepEqual(keysAt(problemsOf({ ...valid(), components: [{ name: '', originals: 100 }] }), 'components.0.name'), ['catalogue_admin.error.required']);
    assert.deepEqual(keysAt(problemsOf({ ...valid(), components: [{ name: 'x', originals: 100 }] }), 'components.0.originals'), ['catalogue_admin.error.integer']);
  });
});

describe('the online form (form definition)', () => {
  const form = (fields: unknown[], extra: object = {}) => ({ sections: [{ title: 'Phần 1', fields }], ...extra });
  const keys = (value: unknown) => checkFormDefinition(value).problems.map((p) => [p.key, p.params]);

  it('accepts the seeded forms and an empty one', () => {
    const withForms = nationalCatalogue().filter((p) => p.formDefinition.sections.length > 0);
    assert.ok(withForms.length >= 5);
    for (const p of withForms) assert.deepEqual(keys(p.formDefinition), [], p.code);
    assert.deepEqual(checkFormDefinition('  ').form, { sections: [] });
    assert.deepEqual(checkFormDefinition(JSON.stringify(withForms[0]!.formDefinition)).form, withForms[0]!.formDefinition, 'JSON text reads as the object');
  });

  it('says where JSON text is broken, and refuses the wrong shape', () => {
    // Where V8's message gives the position (Node 20 does for some errors only), the message gives it too.
    assert.deepEqual(keys('{"a": 1,, }'), [['catalogue_admin.form.not_json_at', { position: 9 }]]);
    assert.match(String(keys('{"sections": [}')[0]![0]), /^catalogue_admin\.form\.not_json/);
    assert.deepEqual(keys('[1, 2]'), [['catalogue_admin.form.shape', undefined]]);
    assert.deepEqual(keys({ sections: [], theme: 'dark' }), [['catalogue_admin.form.unknown_key', { where: 'form', key: 'theme' }]]);
    assert.deepEqual(keys({ sections: [{ fields: [] }] }), [['catalogue_admin.form.section_title', { section: '1' }]]);
  });

  it('checks field names, types, options, validation and conditions', () => {
    const text = { name: 'hoTen', type: 'text', label: 'Họ tên' };
    assert.deepEqual(keys(form([text, { ...text, label: 'Lại' }])), [['catalogue_admin.form.duplicate_name', { name: 'hoTen' }]]);
    assert.deepEqual(keys(form([{ ...text, name: 'họ tên' }])), [['catalogue_admin.form.field_name', { field: '1.1' }]]);
    assert.deepEqual(keys(form([{ ...text, type: 'slider' }])).map(([k]) => k), ['catalogue_admin.form.field_type']);
    assert.deepEqual(keys(form([{ ...text, type: 'select' }])), [['catalogue_admin.form.options_needed', { name: 'hoTen' }]]);
    assert.deepEqual(keys(form([{ ...text, options: [{ value: 'a', label: 'A' }] }])), [['catalogue_admin.form.options_not_allowed', { name: 'hoTen' }]]);
    assert.deepEqual(keys(form([{ ...text, type: 'radio', options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }])), [['catalogue_admin.form.option_duplicate', { name: 'hoTen', value: 'a' }]]);
    assert.deepEqual(keys(form([{ ...text, validation: { pattern: '([a-z' } }])), [['catalogue_admin.form.validation_pattern', { name: 'hoTen' }]]);
    assert.deepEqual(keys(form([{ ...text, validation: { minLength: 5, maxLength: 2 } }])), [['catalogue_admin.form.validation_range', { name: 'hoTen' }]]);
    assert.deepEqual(keys(form([{ ...text, requried: true }])), [['catalogue_admin.form.unknown_key', { where: '1.1', key: 'requried' }]]);
    assert.deepEqual(keys(form([{ ...text, required: 'yes' }])), [['catalogue_admin.form.boolean', { name: 'hoTen', key: 'required' }]]);
    const choice = { name: 'coCha', type: 'radio', label: 'Có thông tin người cha?', options: [{ value: 'co', label: 'Có' }, { value: 'khong', label: 'Không' }] };
    assert.deepEqual(keys(form([choice, { ...text, showIf: { field: 'coCha', in: ['co'] } }])), []);
    assert.deepEqual(keys(form([choice, { ...text, showIf: { field: 'khongCo', in: ['co'] } }])), [['catalogue_admin.form.show_if_field', { name: 'hoTen', target: 'khongCo' }]]);
    assert.deepEqual(keys(form([choice, { ...text, showIf: { field: 'coCha', in: ['maybe'] } }])), [['catalogue_admin.form.show_if_value', { name: 'hoTen', value: 'maybe', target: 'coCha' }]]);
    assert.deepEqual(keys(form([{ ...text, showIf: { field: 'hoTen', in: ['x'] } }])), [['catalogue_admin.form.show_if_field', { name: 'hoTen', target: 'hoTen' }]], 'not on itself');
  });

  it('reports form problems on the formDefinition field of the procedure', () => {
    assert.deepEqual(keysAt(problemsOf({ ...valid(), formDefinition: '{oops' }), 'formDefinition'), ['catalogue_admin.form.not_json_at']);
  });
});

describe('publication', () => {
  const p = content(valid());
  it('takes a real date from today on (Vietnam), and not before the previous version', () => {
    assert.deepEqual(checkPublication(p, '2026-07-01', '2026-07-01', null), { ok: true, value: '2026-07-01' });
    assert.deepEqual(checkPublication(p, '15/08/2026', '2026-07-01', { version: 1, effectiveFrom: '2025-07-01' }), { ok: true, value: '2026-08-15' });
    const key = (date: string, latest: { version: number; effectiveFrom: string } | null = null) => {
      const r = checkPublication(p, date, '2026-07-01', latest);
      return r.ok ? 'ok' : r.problems.map((x) => x.key).join();
    };
    assert.equal(key('2026-06-30'), 'catalogue_admin.error.date_past');
    assert.equal(key('31/02/2027'), 'catalogue_admin.error.date_format');
    assert.equal(key('2026-7-1'), 'catalogue_admin.error.date_format');
    assert.equal(key(''), 'catalogue_admin.error.date_format');
    assert.equal(key('2026-07-10', { version: 2, effectiveFrom: '2026-08-01' }), 'catalogue_admin.error.date_before_previous');
    assert.equal(parseDate('29/02/2028'), '2028-02-29');
  });

  it('needs the seven parts (NĐ 63/2010 Art. 8)', () => {
    const r = checkPublication({ ...p, steps: [], subjects: '', processingTime: { value: null, unit: null, note: null } }, '2026-07-01', '2026-07-01', null);
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((x) => x.path).sort(), ['processingTime.value', 'steps', 'subjects']);
  });
});

describe('version states', () => {
  const v = (version: number, status: 'draft' | 'published', effectiveFrom: string | null) => ({ version, status, effectiveFrom });

  it('finds the version in force, those scheduled, superseded and drafts', () => {
    const versions = [v(1, 'published', '2025-07-01'), v(2, 'published', '2026-09-01'), v(3, 'draft', null)];
    assert.deepEqual([...versionStates(versions, '2026-08-31')], [[1, 'published'], [2, 'scheduled'], [3, 'draft']]);
    assert.deepEqual([...versionStates(versions, '2026-09-01')], [[1, 'superseded'], [2, 'published'], [3, 'draft']]);
    // Two published for later: the newer takes effect first, so the older is never in force.
    const later = [v(1, 'published', '2025-07-01'), v(2, 'published', '2026-10-01'), v(3, 'published', '2026-10-01')];
    assert.deepEqual([...versionStates(later, '2026-09-01')], [[1, 'published'], [2, 'superseded'], [3, 'scheduled']]);
    assert.deepEqual([...versionStates([v(1, 'published', '2030-01-01')], '2026-09-01')], [[1, 'scheduled']]);
  });

  it('lists what changed between two versions', () => {
    const a = content(valid());
    const b = content({ ...valid(), processingTime: { value: 0.5, unit: 'working_days', note: null }, internalSteps: [{ name: 'Ký', hours: 4 }] });
    assert.deepEqual(changedParts(a, b), ['processingTime', 'internalSteps']);
    assert.deepEqual(changedParts(a, a), []);
  });
});
