/**
 * Reporting (issue #7): the service-index indicators of Decision 766/QĐ-TTg per unit and period, their scores,
 * the province's ranking, the dashboards and the public transparency page. Other modules use only this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';

export { reportsRoutes } from './http/routes.ts';
export { reportUnits, rank, monthlyTrend, processingTimes } from './compute.ts';
export type { UnitReport, RankedReport } from './compute.ts';
export { settingsFor } from './settings-for.ts';
export { unitFigures, UNIT_FIGURES } from './unit-figures.ts';
export type { UnitFigure } from './unit-figures.ts';
export { parsePeriod, monthOf, lastMonths, periodBetween } from './domain/period.ts';
export type { Period } from './domain/period.ts';
export { INDICATORS, GROUPS } from './domain/indicators.ts';
export type { IndicatorValue } from './domain/indicators.ts';
export type { Scorecard } from './domain/scoring.ts';

export const reportsMigrations: MigrationSource = {
  module: 'reports',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

export const reportsNav: NavItem[] = [
  { href: '/admin/reports', label: 'nav.reports', permission: 'reports.view' },
  { href: '/chi-so', label: 'nav.service_index', permission: 'public' },
];
