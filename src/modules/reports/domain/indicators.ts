/**
 * The indicators of Decision 766/QĐ-TTg, as the national portal computes them (vn-rules.md §1.2), from the
 * sizes of record sets (records module) and the catalogue as it stands. Pure: no database, tested on small
 * hand-computed fixtures. A rate is a percentage rounded to 2 decimals, or null when its denominator is 0
 * ("N/A", never 0 % or 100 %). Indicators the platform has no data for are listed with `source: 'none'`.
 */
import type { RecordSet } from '../../records/index.ts';

/** The six groups of the national dashboard, with their maximum points (total 100). */
export const GROUPS = [
  { key: 'CKMB', max: 18 },
  { key: 'TDGQ', max: 20 },
  { key: 'CLGQ', max: 12 },
  { key: 'TTTT', max: 10 },
  { key: 'MDHL', max: 18 },
  { key: 'MDSH', max: 22 },
] as const;
export type GroupKey = (typeof GROUPS)[number]['key'];

export type IndicatorSource = 'records' | 'catalogue' | 'derived' | 'none';

export interface IndicatorDef {
  id: string;
  group: GroupKey;
  source: IndicatorSource;
  /** The record sets behind the number (drill-down); for 'derived', the sets that lower it. */
  numerator?: RecordSet;
  denominator?: RecordSet;
  /** The threshold of the decision where it sets one (full points at or above it), in percent. */
  threshold?: number;
}

export const INDICATORS: readonly IndicatorDef[] = [
  { id: '1.1', group: 'CKMB', source: 'none' },
  { id: '1.2', group: 'CKMB', source: 'none' },
  { id: '1.3', group: 'CKMB', source: 'catalogue' },
  { id: '1.4', group: 'CKMB', source: 'none' },
  { id: '2.1', group: 'TDGQ', source: 'records', numerator: 'on_time', denominator: 'processed' },
  { id: '3.1', group: 'CLGQ', source: 'catalogue', threshold: 80 },
  { id: '3.2', group: 'CLGQ', source: 'catalogue' },
  { id: '3.3', group: 'CLGQ', source: 'records', numerator: 'online', denominator: 'received', threshold: 50 },
  { id: '3.5', group: 'TTTT', source: 'catalogue', threshold: 80 },
  { id: '3.6', group: 'TTTT', source: 'records', numerator: 'paid_online', denominator: 'fee_due' },
  { id: '4.1', group: 'MDSH', source: 'records', numerator: 'electronic_result', denominator: 'paper_result' },
  { id: '4.2', group: 'MDSH', source: 'records', numerator: 'digitised', denominator: 'received', threshold: 80 },
  { id: '4.3', group: 'MDSH', source: 'records', numerator: 'reused', denominator: 'received', threshold: 80 },
  { id: '4.4', group: 'MDSH', source: 'none' },
  { id: '4.5', group: 'MDSH', source: 'none' },
  { id: '5.1', group: 'MDHL', source: 'none' },
  { id: '5.2', group: 'MDHL', source: 'none' },
  { id: '5.3', group: 'MDHL', source: 'none' },
  { id: '5.4', group: 'MDHL', source: 'derived', numerator: 'late', denominator: 'dissatisfied', threshold: 90 },
];
export type IndicatorId = string;

export const indicatorById = (id: string) => INDICATORS.find((i) => i.id === id);

export interface IndicatorValue {
  id: string;
  /** False when the platform has no data for it: shown as such and left out of the score. */
  available: boolean;
  numerator: number | null;
  denominator: number | null;
  /** Percent, 2 decimals; null is N/A (nothing to count). */
  rate: number | null;
}

/** The counts of the record sets of one unit and period (zero when the unit had no records). */
export type SetCounts = Record<RecordSet, number>;

/** What the catalogue contributes for a commune: procedures in force at commune level. */
export interface CatalogueCounts {
  communeProcedures: number;
  /** Of those, with all seven published parts (1.3). */
  complete: number;
  /** Of those, offered online (partly or fully) (3.1), and their codes (3.2). */
  onlineCodes: ReadonlySet<string>;
  /** Of those, with fee information (3.5). */
  feeCodes: ReadonlySet<string>;
}

export interface UnitInputs {
  counts: SetCounts;
  /** Procedures with a record received online / with a fee in the period. */
  onlineProcedures: readonly string[];
  feeProcedures: readonly string[];
}

export const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : round2((numerator / denominator) * 100);
}

const countIn = (codes: readonly string[], set: ReadonlySet<string>) => new Set(codes.filter((c) => set.has(c))).size;

/** Every indicator of one unit for one period. */
export function computeIndicators(unit: UnitInputs, catalogue: CatalogueCounts): IndicatorValue[] {
  const c = unit.counts;
  return INDICATORS.map((def): IndicatorValue => {
    const value = (numerator: number, denominator: number): IndicatorValue => ({ id: def.id, available: true, numerator, denominator, rate: ratio(numerator, denominator) });
    switch (def.source) {
      case 'none':
        return { id: def.id, available: false, numerator: null, denominator: null, rate: null };
      case 'records':
        return value(c[def.numerator!], c[def.denominator!]);
      case 'catalogue':
        if (def.id === '1.3') return value(catalogue.complete, catalogue.communeProcedures);
        if (def.id === '3.1') return value(catalogue.onlineCodes.size, catalogue.communeProcedures);
        if (def.id === '3.2') return value(countIn(unit.onlineProcedures, catalogue.onlineCodes), catalogue.onlineCodes.size);
        return value(countIn(unit.feeProcedures, catalogue.feeCodes), catalogue.feeCodes.size);
      case 'derived': {
        // 5.4: 100 % − (the overdue rate of 2.1 + the rate of records the applicant disliked).
        if (c.processed === 0) return { id: def.id, available: true, numerator: null, denominator: null, rate: null };
        const overdue = (c.late / c.processed) * 100;
        const disliked = c.received === 0 ? 0 : (c.dissatisfied / c.received) * 100;
        return { id: def.id, available: true, numerator: null, denominator: null, rate: round2(Math.max(0, 100 - overdue - disliked)) };
      }
    }
  });
}

/** 2.2: the average processing time per procedure, in working days, of records finished in the period. */
export interface ProcessingTime {
  procedureCode: string;
  procedureName: string;
  finished: number;
  averageWorkingDays: number;
}

export function averageProcessingTimes(records: readonly { procedureCode: string; procedureName: string; workingMs: number }[], dayLengthMs: number): ProcessingTime[] {
  const byCode = new Map<string, { name: string; n: number; total: number }>();
  for (const r of records) {
    const entry = byCode.get(r.procedureCode) ?? { name: r.procedureName, n: 0, total: 0 };
    entry.n += 1;
    entry.total += Math.max(0, r.workingMs);
    byCode.set(r.procedureCode, entry);
  }
  return [...byCode].map(([code, e]) => ({ procedureCode: code, procedureName: e.name, finished: e.n, averageWorkingDays: round2(e.total / e.n / dayLengthMs) }))
    .sort((a, b) => b.finished - a.finished || a.procedureCode.localeCompare(b.procedureCode));
}
