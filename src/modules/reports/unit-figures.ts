/**
 * A unit's figures for a period as plain numbers, for other modules (periodic reports' live figures): the sizes
 * of the record sets the indicators count, the key rates and the total score. Null where a rate is N/A.
 */
import type { Db } from '../../platform/db/database.ts';
import { countQueues } from '../records/index.ts';
import { findUnit } from '../tenancy/index.ts';
import { reportUnits } from './compute.ts';
import { periodBetween } from './domain/period.ts';
import { settingsFor } from './settings-for.ts';

/** Every figure `unitFigures` gives; the periodic reports' catalogue labels them `periodic_reports.figure.<key>`. */
export const UNIT_FIGURES = [
  'records_received', 'records_finished', 'records_online', 'records_paid_online', 'records_late', 'records_overdue_open',
  'rate_2_1', 'rate_3_3', 'rate_3_6', 'rate_4_2', 'rate_4_3', 'rate_5_4', 'score_total',
] as const;
export type UnitFigure = (typeof UNIT_FIGURES)[number];

export async function unitFigures(db: Db, unitId: number, range: { from: Date; to: Date }, now = new Date()): Promise<Record<UnitFigure, number | null>> {
  const unit = await findUnit(db, unitId);
  if (!unit) throw new Error(`unit ${unitId} not found`);
  const { settings } = await settingsFor(db, unit);
  const [[report], queues] = await Promise.all([
    reportUnits(db, [unit], periodBetween(range.from, range.to), settings, now),
    countQueues(db, [unitId], { now, soonMs: 0 }),
  ]);
  const { counts, values, card } = report!;
  const rate = (id: string) => values.find((v) => v.id === id)?.rate ?? null;
  return {
    records_received: counts.received,
    records_finished: counts.finished,
    records_online: counts.online,
    records_paid_online: counts.paid_online,
    records_late: counts.late,
    records_overdue_open: queues.overdue,
    rate_2_1: rate('2.1'), rate_3_3: rate('3.3'), rate_3_6: rate('3.6'), rate_4_2: rate('4.2'), rate_4_3: rate('4.3'), rate_5_4: rate('5.4'),
    score_total: card.total,
  };
}
