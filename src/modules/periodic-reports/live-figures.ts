/**
 * Live figures: numbers a report field can be filled from, computed for one commune and the report's period when
 * the commune opens its form, and again when it submits. A port (`LiveFigures`), so another provider can be passed
 * through the context's options; the default one asks the reports module for the unit's figures: the sizes of the
 * record sets the service-index indicators count, the key rates and the score (reports/unit-figures.ts).
 */
import type { Db } from '../../platform/db/database.ts';
import { unitFigures, UNIT_FIGURES } from '../reports/index.ts';

/** The figures of a unit for a period (`from` inclusive, `to` exclusive); null where a figure is not known. */
export type LiveFigures = (unitId: number, period: { from: Date; to: Date }) => Promise<Record<string, number | null>>;

/** The figures the default provider knows; labels in the catalogue under `periodic_reports.figure.<key>`. */
export const LIVE_FIGURE_KEYS = UNIT_FIGURES;

/** The reports module's figures of the unit for the period, judged at `now` while the period runs. */
export function reportLiveFigures(db: Db, now: () => Date = () => new Date()): LiveFigures {
  return (unitId, period) => unitFigures(db, unitId, period, now());
}
