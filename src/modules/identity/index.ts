/** Identity: officials, citizens, sessions, two-step verification, roles and permissions. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { App } from '../../platform/http/app.ts';
import type { NavItem } from '../../platform/views/layout.ts';
import type { IdentityContext } from './context.ts';
import { accountPages } from './http/account-pages.ts';
import { adminPages } from './http/admin-pages.ts';
import { identityApi } from './http/api.ts';
import { authPages } from './http/auth-pages.ts';
import { oidcPages } from './http/oidc-pages.ts';
import { registerPages } from './http/register-pages.ts';

export type { IdentityContext } from './context.ts';
export type { Official } from './store.ts';
export type { Role, Permission } from './domain/roles.ts';
export { identityContext } from './context.ts';
export { ROLES, PERMISSIONS, ROLE_PERMISSIONS, COMMUNE_ROLES, PROVINCE_ROLES, permissionsOf, rolesAllowedIn, isRole } from './domain/roles.ts';
export { resolveSession, purgeExpiredSessions } from './sessions.ts';
export { createOfficial } from './manage-officials.ts';
export { createCitizen } from './manage-citizens.ts';
export { hashSeedPasswords, insertSeedAccountsInTrx } from './seed-accounts.ts';
export type { SeedCitizen, SeedOfficial } from './seed-accounts.ts';
export { startRegistration, completeRegistration, resendRegistrationCode, findRegistration } from './register-citizen.ts';
export { parseContact, checkRegistration, normaliseCode, codeHash, resendWaitSeconds, registrationState, CODE_MAX_ATTEMPTS, CODE_TTL_MS, RESEND_COOLDOWN_MS } from './domain/registration.ts';
export { summariseOfficials, findCitizen, findCitizenByContact, findOfficialRowByUsername, listOfficialsOfUnit } from './store.ts';
export type { OfficialsSummary, Citizen } from './store.ts';
export { currentTotp } from './totp.ts';

export const identityMigrations: MigrationSource = {
  module: 'identity',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

export const identityNav: NavItem[] = [
  { href: '/admin/officials', label: 'nav.officials', permission: 'officials.view' },
  { href: '/account', label: 'nav.account', permission: 'signed_in' },
];

export const identityPendingRedirects = { change_password: '/account', enrol_two_factor: '/account/two-factor' } as const;

export function identityRoutes(ctx: IdentityContext) {
  return async (app: App) => {
    authPages(ctx)(app);
    oidcPages(ctx)(app);
    registerPages(ctx)(app);
    accountPages(ctx)(app);
    adminPages(ctx)(app);
    identityApi(ctx)(app);
  };
}
