/** The indicators, scores and ranks of units for a period, from the records and the catalogue as they stand. */
import type { Db } from '../../platform/db/database.ts';
import { catalogueFacts } from '../catalogue/index.ts';
import type { CatalogueFacts } from '../catalogue/index.ts';
import { loadCalendar } from '../calendar/index.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import { RECORD_SETS, countIndicatorFacts, listFinishedRecords } from '../records/index.ts';
import type { FactsWindow } from '../records/index.ts';
import type { Unit } from '../tenancy/index.ts';
import { averageProcessingTimes, computeIndicators } from './domain/indicators.ts';
import type { CatalogueCounts, IndicatorValue, ProcessingTime, SetCounts } from './domain/indicators.ts';
import { judgedAt } from './domain/period.ts';
import type { Period } from './domain/period.ts';
import { competitionRanks, scorecard } from './domain/scoring.ts';
import type { Scorecard } from './domain/scoring.ts';
import type { ReportSettings } from './domain/settings.ts';

export interface UnitReport {
  unit: Unit;
  counts: SetCounts;
  values: IndicatorValue[];
  card: Scorecard;
}

export interface RankedReport extends UnitReport {
  rank: number;
}

export function catalogueCounts(facts: CatalogueFacts): CatalogueCounts {
  const commune = facts.inForce.filter((p) => p.communeLevel);
  return {
    communeProcedures: commune.length,
    complete: commune.filter((p) => p.complete).length,
    onlineCodes: new Set(commune.filter((p) => p.onlineLevel !== 'none').map((p) => p.code)),
    feeCodes: new Set(commune.filter((p) => p.hasFee).map((p) => p.code)),
  };
}

const zeroCounts = (): SetCounts => Object.fromEntries(RECORD_SETS.map((s) => [s, 0])) as SetCounts;

/** The window the records module counts in: the period, judged now while it runs. */
export function factsWindow(period: Period, now: Date, catalogue: CatalogueFacts): FactsWindow {
  return { from: period.from, to: judgedAt(period, now), paperResultVersionIds: catalogue.paperResultVersionIds };
}

/** Every unit's indicators and scorecard for the period (units without records get zero counts: mostly N/A). */
export async function reportUnits(db: Db, units: readonly Unit[], period: Period, settings: ReportSettings, now = new Date(), known?: CatalogueFacts): Promise<UnitReport[]> {
  const catalogue = known ?? (await catalogueFacts(db));
  const counts = catalogueCounts(catalogue);
  const facts = new Map((await countIndicatorFacts(db, units.map((u) => u.id), factsWindow(period, now, catalogue))).map((f) => [f.unitId, f]));
  return units.map((unit) => {
    const f = facts.get(unit.id);
    const unitCounts = f?.counts ?? zeroCounts();
    const values = computeIndicators({ counts: unitCounts, onlineProcedures: f?.onlineProcedures ?? [], feeProcedures: f?.feeProcedures ?? [] }, counts);
    return { unit, counts: unitCounts, values, card: scorecard(values, settings) };
  });
}

/** One unit's indicators month by month (trends), oldest first; months after `now` are not asked for. */
export async function monthlyTrend(db: Db, unit: Unit, months: readonly Period[], settings: ReportSettings, now = new Date(), known?: CatalogueFacts): Promise<{ period: Period; report: UnitReport }[]> {
  const catalogue = known ?? (await catalogueFacts(db));
  const shown = months.filter((m) => m.from.getTime() <= now.getTime());
  const reports = await Promise.all(shown.map((m) => reportUnits(db, [unit], m, settings, now, catalogue)));
  return shown.map((period, i) => ({ period, report: reports[i]![0]! }));
}

/** Reports ranked by total score, best first; equal scores share a rank ("1224"), then by name. */
export function rank(reports: readonly UnitReport[]): RankedReport[] {
  const ranks = competitionRanks(reports.map((r) => r.card.total));
  return reports.map((r, i) => ({ ...r, rank: ranks[i]! })).sort((a, b) => a.rank - b.rank || a.unit.name.localeCompare(b.unit.name, 'vi'));
}

/** 2.2 for the units: average processing time per procedure of records finished in the period, in working days. */
export async function processingTimes(db: Db, unitIds: readonly number[], period: Period, now = new Date(), known?: CatalogueFacts): Promise<ProcessingTime[]> {
  const catalogue = known ?? (await catalogueFacts(db));
  const records = await listFinishedRecords(db, unitIds, factsWindow(period, now, catalogue));
  if (records.length === 0) return [];
  const years = records.flatMap((r) => [r.receivedAt, r.finishedAt]).map((d) => new Date(d.getTime() + 7 * 3600_000).getUTCFullYear());
  const calendar = await loadCalendar(db, Math.min(...years), Math.max(...years));
  return averageProcessingTimes(records.map((r) => ({ procedureCode: r.procedureCode, procedureName: r.procedureName, workingMs: workingMs(calendar, r.receivedAt, r.finishedAt) })), calendar.dayLengthMs);
}

/** Office time between two instants; outside the calendar's years, whole calendar days stand in. */
function workingMs(calendar: WorkingCalendar, a: Date, b: Date): number {
  try {
    return calendar.workingTimeBetween(a, b);
  } catch {
    return ((b.getTime() - a.getTime()) / 86_400_000) * calendar.dayLengthMs;
  }
}
