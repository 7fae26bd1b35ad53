import type { UnitKind } from '../../tenancy/index.ts';

/** Roles of the people who run a commune, and of the province above it. */
export const ROLES = [
  'chairman',
  'vice_chairman',
  'one_stop_officer',
  'specialist',
  'clerk',
  'digital_team_member',
  'provincial_supervisor',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const COMMUNE_ROLES: readonly Role[] = ['chairman', 'vice_chairman', 'one_stop_officer', 'specialist', 'clerk', 'digital_team_member'];
export const PROVINCE_ROLES: readonly Role[] = ['provincial_supervisor', 'system_admin'];

/**
 * Every official permission. A route names one of these (or public / signed_in / citizen);
 * `officials.manage` and `units.manage` act within the official's own unit and the units below it.
 */
export const PERMISSIONS = [
  'workspace.view',
  'units.view',
  'units.manage',
  'officials.view',
  'officials.manage',
  'audit.view',
  // The development sink's page, which shows one-time codes: the system administrator only.
  'notifications.dev_sink',
  // The province edits, versions, imports and publishes the procedure catalogue.
  'catalogue.manage',
  // Records (hồ sơ) of the official's unit and the units below it: read them, write to the citizen.
  'records.view',
  // File a record for a citizen who comes to the desk or asks a community digital team for help.
  'records.assist',
  // The one-stop workflow: intake and return at the desk, processing by the specialist, approval by the leaders.
  'records.intake',
  'records.process',
  'records.approve',
  // The working-day calendar: each year's official schedule of days off and swapped working days (the province).
  'calendar.manage',
  // The mirror of records to the national public service portal: its status, errors and retries.
  'portal_sync.view',
  // Signing certificates of the unit's officials and seal: issue, import from a real CA, revoke.
  'signatures.manage',
  // The clerk (văn thư) applies the unit's seal to signed results.
  'records.seal',
  // A unit's online payments: the list (who reads its records, and the province's supervisor), and the daily
  // reconciliation with the gateway's statement (the chairman; the province's system administrator for every unit).
  'payments.view',
  'payments.reconcile',
  // Refunds of payments, four eyes: the desk asks (amount, reason), the chairman approves or rejects (payments/domain/refunds.ts).
  'payments.refund_request',
  'payments.refund_approve',
  // Reporting (issue #7): the Decision 766 indicators and dashboards of the official's unit and the units below it.
  'reports.view',
  // The province's scoring settings: indicator points and thresholds, targets, ranking labels.
  'reports.configure',
  // Periodic online reports: the province defines templates and sends them; communes fill, sign and submit them.
  'reports.request',
  'reports.submit',
  // Document management (e-office, issue #8): read the unit's documents; the clerk (văn thư) registers incoming ones
  // and numbers, seals, issues and dispatches outgoing ones; the leaders assign incoming documents and approve and sign
  // outgoing ones; officials handle what they are assigned and draft replies.
  'documents.view',
  'documents.register',
  'documents.assign',
  'documents.handle',
  'documents.draft',
  'documents.approve',
  'documents.issue',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role table: who may do what. Tested without a database. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  chairman: ['workspace.view', 'units.view', 'units.manage', 'officials.view', 'officials.manage', 'audit.view', 'records.view', 'records.approve', 'signatures.manage', 'payments.view', 'payments.reconcile', 'payments.refund_approve', 'reports.view', 'reports.submit', 'documents.view', 'documents.assign', 'documents.handle', 'documents.draft', 'documents.approve'],
  vice_chairman: ['workspace.view', 'units.view', 'officials.view', 'audit.view', 'records.view', 'records.approve', 'payments.view', 'reports.view', 'reports.submit', 'documents.view', 'documents.assign', 'documents.handle', 'documents.draft', 'documents.approve'],
  one_stop_officer: ['workspace.view', 'units.view', 'records.view', 'records.assist', 'records.intake', 'payments.view', 'payments.refund_request', 'documents.view', 'documents.handle', 'documents.draft'],
  specialist: ['workspace.view', 'units.view', 'records.view', 'records.process', 'payments.view', 'documents.view', 'documents.handle', 'documents.draft'],
  clerk: ['workspace.view', 'units.view', 'officials.view', 'records.view', 'records.seal', 'payments.view', 'reports.submit', 'documents.view', 'documents.register', 'documents.issue', 'documents.handle'],
  digital_team_member: ['workspace.view', 'units.view', 'records.assist'],
  provincial_supervisor: ['workspace.view', 'units.view', 'officials.view', 'audit.view', 'records.view', 'portal_sync.view', 'payments.view', 'reports.view', 'reports.configure', 'reports.request'],
  system_admin: ['workspace.view', 'units.view', 'units.manage', 'officials.view', 'officials.manage', 'audit.view', 'notifications.dev_sink', 'catalogue.manage', 'calendar.manage', 'portal_sync.view', 'signatures.manage', 'payments.reconcile'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

/** Commune roles exist in communes and wards; provincial roles only in the province. */
export function rolesAllowedIn(kind: UnitKind): readonly Role[] {
  if (kind === 'province') return PROVINCE_ROLES;
  if (kind === 'commune' || kind === 'ward') return COMMUNE_ROLES;
  return [];
}
