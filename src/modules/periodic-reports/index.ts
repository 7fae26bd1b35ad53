/**
 * Periodic online reports (issue #7): the province defines report templates (fields, some filled from live
 * figures), sends them to communes for a period with a deadline; communes fill, sign and submit; the province
 * follows who has submitted and who is late, returns a submission with a reason, and reads the aggregate. Every
 * signed submission is kept. Other modules use only this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';

export type { PeriodicReportsContext, PeriodicReportsOptions } from './context.ts';
export { periodicReportsContext } from './context.ts';
export type { LiveFigures } from './live-figures.ts';
export { LIVE_FIGURE_KEYS, reportLiveFigures } from './live-figures.ts';
export type { FieldDef, FieldKind, Answers } from './domain/fields.ts';
export { FIELD_KINDS, parseFieldLines, formatFieldLines, readAnswers } from './domain/fields.ts';
export type { UnitState, Aggregate } from './domain/progress.ts';
export { aggregate, unitState } from './domain/progress.ts';
export { periodicReportsRoutes } from './http/routes.ts';

export const periodicReportsMigrations: MigrationSource = {
  module: 'periodic_reports',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

/** The province's templates and requests; the commune's reports to submit. */
export const periodicReportsNav: NavItem[] = [
  { href: '/bao-cao-dinh-ky', label: 'periodic_reports.nav.province', permission: 'reports.request' },
  { href: '/bao-cao-dinh-ky/nop', label: 'periodic_reports.nav.commune', permission: 'reports.submit' },
];
