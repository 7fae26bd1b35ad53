/** The modules of the platform, in dependency order: migrations run and routes register in this order. */
import type { MigrationSource } from '../platform/db/migrate.ts';
import type { NavItem } from '../platform/views/layout.ts';
import { tenancyMigrations } from './tenancy/index.ts';
import { identityMigrations, identityNav } from './identity/index.ts';
import { auditMigrations, auditNav } from './audit/index.ts';
import { catalogueMigrations } from './catalogue/index.ts';
import { notificationsMigrations } from './notifications/index.ts';
import { recordsMigrations, recordsNav } from './records/index.ts';
import { portalSyncMigrations, portalSyncNav } from './portal-sync/index.ts';
import { calendarMigrations } from './calendar/index.ts';
import { signaturesMigrations, signaturesNav } from './signatures/index.ts';
import { paymentsMigrations, paymentsNav } from './payments/index.ts';
import { periodicReportsMigrations, periodicReportsNav } from './periodic-reports/index.ts';
import { reportsMigrations, reportsNav } from './reports/index.ts';
import { documentsMigrations, documentsNav } from './documents/index.ts';

export const MIGRATIONS: MigrationSource[] = [tenancyMigrations, identityMigrations, auditMigrations, catalogueMigrations, notificationsMigrations, recordsMigrations, portalSyncMigrations, calendarMigrations, signaturesMigrations, paymentsMigrations, periodicReportsMigrations, reportsMigrations, documentsMigrations];

export const NAV: NavItem[] = [
  { href: '/', label: 'nav.home', permission: 'signed_in' },
  { href: '/thu-tuc', label: 'nav.procedures', permission: 'public' },
  ...recordsNav,
  identityNav[0]!,
  auditNav,
  { href: '/units', label: 'nav.units', permission: 'units.view' },
  { href: '/admin/procedures', label: 'catalogue_admin.nav', permission: 'catalogue.manage' },
  { href: '/admin/calendar', label: 'nav.calendar', permission: 'calendar.manage' },
  portalSyncNav,
  signaturesNav,
  ...paymentsNav,
  ...periodicReportsNav,
  ...reportsNav,
  ...documentsNav,
  identityNav[1]!,
];
