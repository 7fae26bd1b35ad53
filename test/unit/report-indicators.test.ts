/**
 * The Decision 766 indicators, their scoring, the province's settings and the reporting periods (issue #7;
 * vn-rules.md §1.2), on small hand-computed fixtures. Pure: no database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GROUPS, INDICATORS, computeIndicators, ratio, round2 } from '../../src/modules/reports/domain/indicators.ts';
import type { CatalogueCounts, IndicatorValue, SetCounts, UnitInputs } from '../../src/modules/reports/domain/indicators.ts';
import { competitionRanks, labelFor, points, scorecard } from '../../src/modules/reports/domain/scoring.ts';
import { defaultSettings, readSettings } from '../../src/modules/reports/domain/settings.ts';
import type { ReportSettings } from '../../src/modules/reports/domain/settings.ts';
import { judgedAt, lastMonths, monthOf, parsePeriod, previousPeriod } from '../../src/modules/reports/domain/period.ts';
import { RECORD_SETS } from '../../src/modules/records/index.ts';

const zero = (): SetCounts => Object.fromEntries(RECORD_SETS.map((s) => [s, 0])) as SetCounts;
const counts = (over: Partial<SetCounts>): SetCounts => ({ ...zero(), ...over });
const unit = (c: Partial<SetCounts>, onlineProcedures: string[] = [], feeProcedures: string[] = []): UnitInputs => ({ counts: counts(c), onlineProcedures, feeProcedures });
const catalogue = (over: Partial<CatalogueCounts> = {}): CatalogueCounts => ({ communeProcedures: 0, complete: 0, onlineCodes: new Set(), feeCodes: new Set(), ...over });
const byId = (values: readonly IndicatorValue[]) => Object.fromEntries(values.map((v) => [v.id, v]));

// A commune's month, counted by hand: 12 records processed (9 on time, 3 late), 10 received in the month
// (4 online), 5 with a fee (2 paid online), 3 finished of paper-result procedures (2 with the electronic
// result), 7 digitised, 1 reusing digitised data, 1 disliked; 6 procedures at commune level (4 complete),
// 3 offered online (A, B, C), 2 with a fee (A, E).
const FIXTURE = unit(
  { processed: 12, on_time: 9, late: 3, received: 10, online: 4, fee_due: 5, paid_online: 2, paper_result: 3, electronic_result: 2, digitised: 7, reused: 1, dissatisfied: 1, finished: 6 },
  ['A', 'A', 'D', 'B'],
  ['E', 'E', 'X'],
);
const CATALOGUE = catalogue({ communeProcedures: 6, complete: 4, onlineCodes: new Set(['A', 'B', 'C']), feeCodes: new Set(['A', 'E']) });

describe('computeIndicators', () => {
  it('every indicator of the fixture, as computed by hand', () => {
    const v = byId(computeIndicators(FIXTURE, CATALOGUE));
    assert.deepEqual(Object.keys(v), INDICATORS.map((i) => i.id));
    const rate = (id: string) => v[id]!.rate;
    assert.deepEqual([v['2.1']!.numerator, v['2.1']!.denominator, rate('2.1')], [9, 12, 75]);
    assert.deepEqual([v['3.3']!.numerator, v['3.3']!.denominator, rate('3.3')], [4, 10, 40]);
    assert.deepEqual([v['3.6']!.numerator, v['3.6']!.denominator, rate('3.6')], [2, 5, 40]);
    assert.deepEqual([v['4.1']!.numerator, v['4.1']!.denominator, rate('4.1')], [2, 3, 66.67], '2/3 → 66.67');
    assert.deepEqual([v['4.2']!.numerator, v['4.2']!.denominator, rate('4.2')], [7, 10, 70]);
    assert.deepEqual([v['4.3']!.numerator, v['4.3']!.denominator, rate('4.3')], [1, 10, 10]);
    assert.deepEqual([v['1.3']!.numerator, v['1.3']!.denominator, rate('1.3')], [4, 6, 66.67]);
    assert.deepEqual([v['3.1']!.numerator, v['3.1']!.denominator, rate('3.1')], [3, 6, 50]);
    // 3.2: A (twice) and B count once each; D is not offered online in the catalogue.
    assert.deepEqual([v['3.2']!.numerator, v['3.2']!.denominator, rate('3.2')], [2, 3, 66.67]);
    // 3.5: E counts once; X has no fee information in the catalogue.
    assert.deepEqual([v['3.5']!.numerator, v['3.5']!.denominator, rate('3.5')], [1, 2, 50]);
    // 5.4: 100 − (3/12 + 1/10) = 100 − 25 − 10.
    assert.equal(rate('5.4'), 65);
    assert.equal(v['5.4']!.available, true);
    for (const id of ['1.1', '1.2', '1.4', '4.4', '4.5', '5.1', '5.2', '5.3']) {
      assert.deepEqual(v[id], { id, available: false, numerator: null, denominator: null, rate: null }, id);
    }
  });

  it('a zero denominator gives N/A (null), never 0 or 100', () => {
    const v = byId(computeIndicators(unit({}), catalogue()));
    for (const def of INDICATORS) {
      assert.equal(v[def.id]!.rate, null, `${def.id} is N/A`);
      if (def.source !== 'none') assert.equal(v[def.id]!.available, true, def.id);
    }
    // A numerator with no denominator (cannot happen from the database, but must not give 100 % or Infinity).
    assert.equal(byId(computeIndicators(unit({ on_time: 3 }), catalogue()))['2.1']!.rate, null);
    // Nothing to pay: 3.6 N/A even though records were received.
    const received = byId(computeIndicators(unit({ processed: 4, on_time: 4, received: 4 }), catalogue()));
    assert.equal(received['3.6']!.rate, null);
    assert.equal(received['4.1']!.rate, null, 'no paper-result records finished');
    assert.equal(received['3.3']!.rate, 0, 'received, none online: 0 %, not N/A');
    assert.equal(received['2.1']!.rate, 100);
  });

  it('5.4 = 100 − (late/processed + dissatisfied/received), clamped at 0, N/A with no processed records', () => {
    const r = (c: Partial<SetCounts>) => byId(computeIndicators(unit(c), catalogue()))['5.4']!.rate;
    assert.equal(r({ processed: 3, on_time: 2, late: 1, received: 3 }), 66.67, '100 − 33.33…');
    assert.equal(r({ processed: 4, late: 3, received: 2, dissatisfied: 1 }), 0, '100 − 75 − 50 < 0 → 0');
    assert.equal(r({ processed: 2, late: 2, received: 2, dissatisfied: 2 }), 0);
    assert.equal(r({ processed: 5, on_time: 5, received: 0 }), 100, 'nothing received in the period: only the overdue rate');
    assert.equal(r({ processed: 0, received: 0, dissatisfied: 0 }), null);
    assert.equal(r({ processed: 0, received: 0, late: 0, dissatisfied: 0, finished: 3 }), null, 'N/A, not 100');
    assert.equal(r({ processed: 7, on_time: 6, late: 1, received: 6, dissatisfied: 1 }), 69.05, '100 − 14.2857 − 16.6667 = 69.0476');
  });

  it('3.2 and 3.5 count only codes in the catalogue sets, each once', () => {
    const v = byId(computeIndicators(unit({}, ['B', 'B', 'B', 'Z'], ['A', 'A', 'Q']), catalogue({ onlineCodes: new Set(['A', 'B']), feeCodes: new Set(['A', 'B', 'C']) })));
    assert.deepEqual([v['3.2']!.numerator, v['3.2']!.denominator, v['3.2']!.rate], [1, 2, 50]);
    assert.deepEqual([v['3.5']!.numerator, v['3.5']!.denominator, v['3.5']!.rate], [1, 3, 33.33]);
    const none = byId(computeIndicators(unit({}, ['A'], ['A']), catalogue()));
    assert.equal(none['3.2']!.rate, null, 'no procedure offered online');
    assert.equal(none['3.5']!.rate, null, 'no procedure with fee information');
  });

  it('rounds to 2 decimals', () => {
    assert.equal(ratio(2, 3), 66.67);
    assert.equal(ratio(1, 3), 33.33);
    assert.equal(ratio(1, 8), 12.5);
    assert.equal(ratio(1, 200000), 0);
    assert.equal(ratio(1, 0), null);
    assert.equal(ratio(0, 0), null);
    assert.equal(ratio(0, 5), 0);
    assert.equal(round2(1.005), 1.01, 'half away from zero despite binary 1.00499…');
    assert.equal(round2(2.675), 2.68);
  });
});

const simpleSettings = (over: Partial<ReportSettings> = {}): ReportSettings => {
  const d = defaultSettings();
  return { ...d, ...over };
};

describe('scoring', () => {
  it('points: full at or above the threshold, proportional below it', () => {
    assert.equal(points(40, 4, 50), 3.2);
    assert.equal(points(50, 4, 50), 4, 'at the threshold');
    assert.equal(points(49.99, 4, 50), 4, 'just below: 3.9992, shown as 4 at 2 decimals');
    assert.equal(points(49.9, 4, 50), 3.99);
    assert.equal(points(90, 4, 50), 4, 'above the threshold: no more than full');
    assert.equal(points(0, 6, 90), 0);
    assert.equal(points(100, 20, 100), 20);
    assert.equal(points(66.67, 4.5, 100), 3);
    assert.equal(points(50, 5, 80), 3.13, '3.125 rounds up');
  });

  it('the fixture\'s scorecard with the default settings, by hand', () => {
    const card = scorecard(computeIndicators(FIXTURE, CATALOGUE), defaultSettings());
    const pts = Object.fromEntries(card.indicators.map((i) => [i.id, i.points]));
    assert.deepEqual(pts, {
      '1.1': null, '1.2': null, '1.3': 3, '1.4': null, '2.1': 15,
      '3.1': 2.5, '3.2': 2.67, '3.3': 3.2, '3.5': 3.13, '3.6': 2,
      '4.1': 2.93, '4.2': 3.85, '4.3': 0.55, '4.4': null, '4.5': null,
      '5.1': null, '5.2': null, '5.3': null, '5.4': 4.33,
    });
    const groups = Object.fromEntries(card.groups.map((g) => [g.key, [g.score, g.attainable, g.max]]));
    assert.deepEqual(groups, {
      CKMB: [3, 4.5, 18], TDGQ: [15, 20, 20], CLGQ: [8.37, 12, 12], TTTT: [5.13, 10, 10], MDHL: [4.33, 6, 18], MDSH: [7.33, 13.2, 22],
    });
    assert.equal(card.total, 43.16);
    assert.equal(card.attainable, 65.7, 'N/A and source "none" are not attainable');
    assert.equal(card.share, 65.69);
    assert.equal(card.label, 'fair');
    const i21 = card.indicators.find((i) => i.id === '2.1')!;
    assert.deepEqual([i21.maxPoints, i21.threshold, i21.target, i21.meetsTarget], [20, 100, 100, false]);
    const i33 = card.indicators.find((i) => i.id === '3.3')!;
    assert.deepEqual([i33.threshold, i33.meetsTarget], [50, false]);
    assert.equal(card.indicators.find((i) => i.id === '1.1')!.meetsTarget, null);
  });

  it('an N/A indicator earns nothing and is not attainable; nothing scored gives no share and no label', () => {
    const card = scorecard(computeIndicators(unit({}), catalogue()), defaultSettings());
    assert.equal(card.total, 0);
    assert.equal(card.attainable, 0);
    assert.equal(card.share, null);
    assert.equal(card.label, null);
    assert.ok(card.indicators.every((i) => i.points === null && i.meetsTarget === null));
    // A rate of 0 % is scored (0 points) and attainable, unlike N/A.
    const zeroOnline = scorecard(computeIndicators(unit({ processed: 2, on_time: 0, late: 2, received: 2 }), catalogue()), defaultSettings());
    const g = Object.fromEntries(zeroOnline.groups.map((x) => [x.key, x]));
    assert.deepEqual([g.TDGQ!.score, g.TDGQ!.attainable], [0, 20]);
    assert.deepEqual([g.CLGQ!.score, g.CLGQ!.attainable], [0, 4], '3.3 = 0 % is attainable, 3.1 and 3.2 N/A are not');
    assert.equal(zeroOnline.share, 0);
    assert.equal(zeroOnline.label, 'weak');
  });

  it('targets: met at or above; a custom target differs from the threshold', () => {
    const s = simpleSettings();
    s.targets = { ...s.targets, '2.1': 75, '3.3': 40.01 };
    const card = scorecard(computeIndicators(FIXTURE, CATALOGUE), s);
    assert.equal(card.indicators.find((i) => i.id === '2.1')!.meetsTarget, true, '75 ≥ 75');
    assert.equal(card.indicators.find((i) => i.id === '3.3')!.meetsTarget, false, '40 < 40.01');
  });

  it('label cut-offs are inclusive', () => {
    const c = { good: 80, fair: 65, average: 50 };
    assert.equal(labelFor(80, c), 'good');
    assert.equal(labelFor(79.99, c), 'fair');
    assert.equal(labelFor(65, c), 'fair');
    assert.equal(labelFor(64.99, c), 'average');
    assert.equal(labelFor(50, c), 'average');
    assert.equal(labelFor(49.99, c), 'weak');
    assert.equal(labelFor(0, c), 'weak');
    assert.equal(labelFor(100, c), 'good');
    assert.equal(labelFor(null, c), null);
  });

  it('competition ranking "1224"', () => {
    assert.deepEqual(competitionRanks([90, 80, 80, 70]), [1, 2, 2, 4]);
    assert.deepEqual(competitionRanks([70, 80, 90, 80]), [4, 2, 1, 2], 'in the order given');
    assert.deepEqual(competitionRanks([55, 55, 55]), [1, 1, 1]);
    assert.deepEqual(competitionRanks([]), []);
    assert.deepEqual(competitionRanks([80.004, 79.996, 80.01]), [2, 2, 1], 'equal as shown at 2 decimals');
    assert.deepEqual(competitionRanks([0.1 + 0.2, 0.3]), [1, 1]);
    assert.deepEqual(competitionRanks([10, 20, 20, 20, 5]), [4, 1, 1, 1, 5]);
  });
});

describe('settings', () => {
  it('defaults: each group adds up to its maximum (18/20/12/10/18/22, total 100); group 5 is 5/5/2/6', () => {
    const s = defaultSettings();
    const sums = GROUPS.map((g) => round2(INDICATORS.filter((i) => i.group === g.key).reduce((sum, i) => sum + s.points[i.id]!, 0)));
    assert.deepEqual(sums, [18, 20, 12, 10, 18, 22]);
    assert.equal(round2(sums.reduce((a, b) => a + b, 0)), 100);
    assert.deepEqual(GROUPS.map((g) => g.max), [18, 20, 12, 10, 18, 22]);
    assert.deepEqual(['5.1', '5.2', '5.3', '5.4'].map((id) => s.points[id]), [5, 5, 2, 6]);
    assert.deepEqual([s.thresholds['3.1'], s.thresholds['3.3'], s.thresholds['3.5'], s.thresholds['4.2'], s.thresholds['4.3'], s.thresholds['5.4']], [80, 50, 80, 80, 80, 90]);
    assert.equal(s.thresholds['2.1'], 100, 'no threshold in the decision: proportional');
    assert.deepEqual(s.targets, s.thresholds);
    assert.ok(s.labelCutoffs.good > s.labelCutoffs.fair && s.labelCutoffs.fair > s.labelCutoffs.average);
    // The defaults read back unchanged.
    const back = readSettings(asForm(s));
    assert.ok('settings' in back, JSON.stringify(back));
    assert.deepEqual(back.settings, s);
  });

  it('accepts decimal commas', () => {
    const form = asForm(defaultSettings());
    form.points['1.1'] = '4,5';
    form.points['1.2'] = ' 4.5 ';
    form.thresholds['3.3'] = '55,5';
    form.labelCutoffs.good = '85,25';
    form.targets['2.1'] = '+90.';
    form.targets['3.3'] = ',5';
    const read = readSettings(form);
    assert.ok('settings' in read, JSON.stringify(read));
    assert.equal(read.settings.points['1.1'], 4.5);
    assert.equal(read.settings.thresholds['3.3'], 55.5);
    assert.equal(read.settings.labelCutoffs.good, 85.25);
    assert.equal(read.settings.targets['2.1'], 90);
    assert.equal(read.settings.targets['3.3'], 0.5);
  });

  it('accepts a different split that adds up, refuses one that does not', () => {
    const form = asForm(defaultSettings());
    Object.assign(form.points, { '1.1': '6', '1.2': '6', '1.3': '3', '1.4': '3' });
    assert.ok('settings' in readSettings(form));
    form.points['1.4'] = '3.1';
    const read = readSettings(form);
    assert.ok('problems' in read);
    assert.deepEqual(read.problems, [{ field: 'group.CKMB', problem: 'group_sum', group: 'CKMB' }]);
    form.points['1.4'] = '3.004';
    assert.ok('settings' in readSettings(form), 'within half a hundredth');
  });

  it('refuses out-of-range values, non-numbers and labels out of order, listing every problem', () => {
    const form = asForm(defaultSettings());
    form.points['2.1'] = 'abc';
    form.points['3.6'] = '-1';
    form.points['3.5'] = '11';
    form.thresholds['3.3'] = '0';
    form.thresholds['4.2'] = '100.5';
    form.targets['5.4'] = '';
    form.targets['4.1'] = undefined;
    form.labelCutoffs.fair = '80';
    const read = readSettings(form);
    assert.ok('problems' in read);
    assert.deepEqual(sortProblems(read.problems), sortProblems([
      { field: 'points.2.1', problem: 'number' },
      { field: 'points.3.6', problem: 'range' },
      { field: 'thresholds.3.3', problem: 'range' },
      { field: 'thresholds.4.2', problem: 'range' },
      { field: 'targets.4.1', problem: 'number' },
      { field: 'targets.5.4', problem: 'number' },
      { field: 'group.TDGQ', problem: 'group_sum', group: 'TDGQ' },
      { field: 'labels', problem: 'label_order' },
    ]), 'TTTT = 11 + (−1) = 10 still adds up; fair = good is out of order');
    for (const junk of ['4.5abc', 'NaN', 'Infinity', '4,5,0', '--1', '0x10', '1e1', '0b11', '0o7', '4 5', true, null, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
      const f = asForm(defaultSettings());
      f.targets['2.1'] = junk;
      const r = readSettings(f);
      assert.ok('problems' in r, `refuses ${JSON.stringify(junk)}`);
      assert.deepEqual(r.problems, [{ field: 'targets.2.1', problem: 'number' }], JSON.stringify(junk));
    }
    const order = asForm(defaultSettings());
    Object.assign(order.labelCutoffs, { good: '50', fair: '65', average: '80' });
    const r = readSettings(order);
    assert.ok('problems' in r);
    assert.deepEqual(r.problems, [{ field: 'labels', problem: 'label_order' }]);
    Object.assign(order.labelCutoffs, { good: '101', fair: '65', average: '50' });
    const r2 = readSettings(order);
    assert.ok('problems' in r2);
    assert.deepEqual(r2.problems, [{ field: 'labels.good', problem: 'range' }]);
  });
});

function asForm(s: ReportSettings): { points: Record<string, unknown>; thresholds: Record<string, unknown>; targets: Record<string, unknown>; labelCutoffs: Record<string, unknown> } {
  const text = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
  return { points: text(s.points), thresholds: text(s.thresholds), targets: text(s.targets), labelCutoffs: text(s.labelCutoffs) };
}

const sortProblems = <T extends { field: string }>(list: T[]) => [...list].sort((a, b) => a.field.localeCompare(b.field));

describe('periods', () => {
  const iso = (d: Date) => d.toISOString();

  it('a month is bounded at Vietnam midnight', () => {
    const p = parsePeriod('2026-11')!;
    assert.deepEqual([p.kind, p.key, iso(p.from), iso(p.to), p.firstDay, p.lastDay], ['month', '2026-11', '2026-10-31T17:00:00.000Z', '2026-11-30T17:00:00.000Z', '2026-11-01', '2026-11-30']);
    const dec = parsePeriod('2026-12')!;
    assert.deepEqual([iso(dec.from), iso(dec.to), dec.lastDay], ['2026-11-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-12-31']);
    const feb = parsePeriod('2028-02')!;
    assert.equal(feb.lastDay, '2028-02-29', 'leap year');
    assert.equal(parsePeriod(' 2026-11 ')!.key, '2026-11');
  });

  it('a quarter, a year, a range', () => {
    const q = parsePeriod('2026-q4')!;
    assert.deepEqual([q.kind, q.key, iso(q.from), iso(q.to), q.firstDay, q.lastDay], ['quarter', '2026-Q4', '2026-09-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-10-01', '2026-12-31']);
    const q1 = parsePeriod('2026-Q1')!;
    assert.deepEqual([iso(q1.from), iso(q1.to)], ['2025-12-31T17:00:00.000Z', '2026-03-31T17:00:00.000Z']);
    const y = parsePeriod('2026')!;
    assert.deepEqual([y.kind, iso(y.from), iso(y.to), y.firstDay, y.lastDay], ['year', '2025-12-31T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '2026-01-01', '2026-12-31']);
    const r = parsePeriod('2026-11-01..2026-11-15')!;
    assert.deepEqual([r.kind, r.key, iso(r.from), iso(r.to), r.firstDay, r.lastDay], ['range', '2026-11-01..2026-11-15', '2026-10-31T17:00:00.000Z', '2026-11-15T17:00:00.000Z', '2026-11-01', '2026-11-15']);
    const day = parsePeriod('2026-11-15..2026-11-15')!;
    assert.equal(day.to.getTime() - day.from.getTime(), 86_400_000, 'one day');
    assert.ok(parsePeriod('2028-01-01..2028-12-31'), 'a leap year of days (366) is allowed');
    assert.ok(parsePeriod('2026-01-01..2027-01-01'), '366 days');
  });

  it('names no period: invalid or junk text', () => {
    for (const text of ['2026-13', '2026-00', '2026-1', '2026-Q5', '2026-Q0', '1999', '2101-01', '2026-02-30..2026-03-01', '2026-02-01..2026-02-30',
      '2026-11-15..2026-11-14', '2026-01-01..2027-01-02', '2026-11-01..', '..2026-11-01', '2026-11-01 .. 2026-11-02', 'junk', '', '2026-11-01', 'Q4-2026', '２０２６']) {
      assert.equal(parsePeriod(text), null, JSON.stringify(text));
    }
  });

  it('monthOf and lastMonths follow the Vietnam calendar, across a year boundary', () => {
    // 2025-12-31 17:30 UTC is 00:30 on 1 January 2026 in Vietnam.
    const newYear = new Date('2025-12-31T17:30:00Z');
    assert.equal(monthOf(newYear).key, '2026-01');
    assert.equal(monthOf(new Date('2025-12-31T16:59:59Z')).key, '2025-12');
    assert.deepEqual(lastMonths(newYear, 3).map((p) => p.key), ['2025-11', '2025-12', '2026-01']);
    assert.deepEqual(lastMonths(new Date('2026-03-10T00:00:00Z'), 14).map((p) => p.key), [
      '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    assert.deepEqual(lastMonths(newYear, 1).map((p) => p.key), ['2026-01']);
    const months = lastMonths(newYear, 3);
    assert.ok(months.every((m, i) => i === 0 || m.from.getTime() === months[i - 1]!.to.getTime()), 'contiguous');
  });

  it('previousPeriod: the period just before, of the same kind and length', () => {
    assert.equal(previousPeriod(parsePeriod('2026-01')!).key, '2025-12');
    assert.equal(previousPeriod(parsePeriod('2026-11')!).key, '2026-10');
    assert.equal(previousPeriod(parsePeriod('2026-Q1')!).key, '2025-Q4');
    assert.equal(previousPeriod(parsePeriod('2026-Q3')!).key, '2026-Q2');
    assert.equal(previousPeriod(parsePeriod('2026')!).key, '2025');
    const r = parsePeriod('2026-11-01..2026-11-15')!;
    const before = previousPeriod(r);
    assert.deepEqual([before.kind, before.key, before.firstDay, before.lastDay], ['range', '2026-10-17..2026-10-31', '2026-10-17', '2026-10-31']);
    assert.equal(before.to.getTime(), r.from.getTime());
    assert.equal(before.to.getTime() - before.from.getTime(), r.to.getTime() - r.from.getTime());
    const crossing = previousPeriod(parsePeriod('2026-01-01..2026-01-10')!);
    assert.equal(crossing.key, '2025-12-22..2025-12-31');
    for (const key of ['2026-01', '2026-Q1', '2026']) {
      const p = parsePeriod(key)!;
      assert.equal(previousPeriod(p).to.getTime(), p.from.getTime(), `${key}: adjacent`);
    }
  });

  it('judgedAt: the end of a past period, now while the period runs', () => {
    const p = parsePeriod('2026-11')!;
    assert.equal(judgedAt(p, new Date('2027-01-05T00:00:00Z')), p.to);
    const now = new Date('2026-11-20T03:00:00Z');
    assert.equal(judgedAt(p, now), now);
    assert.equal(judgedAt(p, p.to).getTime(), p.to.getTime(), 'at the very end');
  });
});
