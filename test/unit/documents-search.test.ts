import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { highlight, matchesWord, parseQuery, snippet } from '../../src/modules/documents/domain/search-query.ts';
import { searchTextOf } from '../../src/modules/documents/register-incoming.ts';
import { filtersOf } from '../../src/modules/documents/http/search-pages.ts';
import { AppError } from '../../src/platform/errors.ts';

/** The words of a folded text (as to_tsvector('simple') splits it) that the query's tsquery would require. */
function finds(query: string, text: string): boolean {
  const q = parseQuery(query);
  const words = searchTextOf([text]).split(' ');
  return q.words.every((w, i) => (i === q.words.length - 1 ? words.some((x) => x.startsWith(w)) : words.includes(w)));
}

describe('document search: the query', () => {
  it('folds diacritics and case: "Quyết định" finds "quyet dinh" and the other way round', () => {
    assert.deepEqual(parseQuery('Quyết định').words, ['quyet', 'dinh']);
    assert.equal(parseQuery('Quyết định').tsquery, 'quyet & dinh:*');
    assert.ok(finds('Quyết định', 'QUYET DINH ve viec phe duyet'));
    assert.ok(finds('quyet dinh', 'Quyết định về việc phê duyệt'));
    assert.ok(!finds('quyết toán', 'Quyết định về việc phê duyệt'));
  });

  it('takes đ and Đ for d', () => {
    assert.deepEqual(parseQuery('Điện Biên đất đai').words, ['dien', 'bien', 'dat', 'dai']);
    assert.ok(finds('dat dai', 'Quản lý đất đai'));
    assert.ok(finds('ĐẤT ĐAI', 'quan ly dat dai'));
  });

  it('matches the last word as a prefix only', () => {
    assert.equal(parseQuery('chuyển đổi s').tsquery, 'chuyen & doi & s:*');
    assert.ok(finds('chuyển đổi s', 'Chuyển đổi số năm 2026'));
    assert.ok(!finds('chuyen d so', 'Chuyển đổi số'), 'a word before the last must be whole');
  });

  it('reads a number and symbol as its parts', () => {
    const q = parseQuery('12/QĐ-UBND');
    assert.deepEqual(q.words, ['12', 'qd', 'ubnd']);
    assert.equal(q.tsquery, '12 & qd & ubnd:*');
    assert.ok(finds('12/QĐ-UBND', 'Số 12/QĐ-UBND ngày 05/3/2026'));
    assert.ok(!finds('12/QĐ-UBND', 'Số 13/QĐ-UBND'));
  });

  it('keeps only safe words: no tsquery syntax, at most 8 distinct words, nothing for an empty query', () => {
    const q = parseQuery(`a & b | !c :* (d) 'e' <-> f`);
    assert.ok(q.words.every((w) => /^[a-z0-9.]+$/.test(w)), q.words.join(','));
    assert.doesNotMatch(q.tsquery, /[|!()'<>-]/);
    assert.equal(parseQuery('một hai ba bốn năm sáu bảy tám chín mười một').words.length, 8);
    assert.deepEqual(parseQuery('dat dat dat').words, ['dat']);
    assert.deepEqual(parseQuery('  …/-  '), { words: [], tsquery: '' });
  });

  it('marks the words that match in the original text, diacritics kept', () => {
    const q = parseQuery('quyet 12');
    const pieces = highlight('Quyết định 12/QĐ-UBND', q);
    assert.deepEqual(pieces.filter((p) => p.hit).map((p) => p.text), ['Quyết', '12']);
    assert.equal(pieces.map((p) => p.text).join(''), 'Quyết định 12/QĐ-UBND', 'nothing lost');
    assert.ok(matchesWord('chuyen', parseQuery('chu')));
    assert.ok(!matchesWord('achu', parseQuery('chu')));
  });

  it('cuts a snippet of the folded text around the first matching word', () => {
    const text = `${'mot '.repeat(100)}huoi khon ${'hai '.repeat(100)}`.trim();
    const s = snippet(text, parseQuery('Huổi Khon'), 60);
    assert.match(s, /^… (mot )+huoi khon( hai)+ …$/);
    assert.ok(s.length <= 80, s);
    assert.equal(snippet('khong co gi', parseQuery('huoi')), '');
  });
});

describe('document search: the filters of a query string', () => {
  it('reads every filter', () => {
    assert.deepEqual(filtersOf({ q: ' quyết định ', direction: 'incoming', type: 'QĐ', status: 'assigned', sender: 'Sở Y tế', handler: '12', dateField: 'document', from: '2026-01-01', to: '2026-03-31', page: '2' }), {
      q: 'quyết định', direction: 'incoming', typeCode: 'QĐ', status: 'assigned', sender: 'Sở Y tế', handlerId: 12, dateField: 'document', from: '2026-01-01', to: '2026-03-31', page: 2,
    });
    assert.deepEqual(filtersOf({}), { q: '', dateField: 'received' });
  });

  it('refuses what it does not know with a 400 naming the field', () => {
    for (const [field, query] of [['direction', { direction: 'sideways' }], ['type', { type: 'XYZ' }], ['status', { status: 'lost' }], ['handler', { handler: 'abc' }], ['page', { page: '0' }], ['dateField', { dateField: 'x' }]] as const) {
      assert.throws(() => filtersOf(query), (e: unknown) => e instanceof AppError && e.status === 400 && e.params.field === field, field);
    }
    assert.throws(() => filtersOf({ from: '2026-02-30' }), (e: unknown) => e instanceof AppError && e.code === 'documents.search.bad_date');
    assert.throws(() => filtersOf({ from: '2026-03-02', to: '2026-03-01' }), (e: unknown) => e instanceof AppError && e.code === 'documents.search.bad_range');
  });
});
