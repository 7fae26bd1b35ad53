import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { Role } from './domain/roles.ts';
import { insertCitizenInTrx } from './manage-citizens.ts';
import { hashPassword } from './passwords.ts';
import { identityDb, replaceRolesInTrx } from './store.ts';

export interface SeedOfficial {
  unitId: number;
  username: string;
  fullName: string;
  position: string;
  roles: Role[];
  password: string;
}

export interface SeedCitizen {
  fullName: string;
  phone: string | null;
  email: string | null;
  password: string;
}

/** Password hashes made before the transaction, so the transaction holds no slow work. */
export async function hashSeedPasswords<T extends { password: string }>(accounts: T[]): Promise<(T & { passwordHash: string })[]> {
  return Promise.all(accounts.map(async (a) => ({ ...a, passwordHash: await hashPassword(a.password) })));
}

/**
 * Trusted accounts (demo data) inserted inside the caller's transaction, so a seed is all or nothing:
 * an interrupted first start leaves no province without officials.
 */
export async function insertSeedAccountsInTrx(
  trx: Trx,
  who: AuditActor,
  officials: (SeedOfficial & { passwordHash: string })[],
  citizens: (SeedCitizen & { passwordHash: string })[],
): Promise<void> {
  for (const o of officials) {
    const { id } = await identityDb(trx)
      .insertInto('officials')
      .values({ unit_id: o.unitId, username: o.username, full_name: o.fullName, position: o.position, password_hash: o.passwordHash, must_change_password: false, failed_attempts: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceRolesInTrx(trx, o.unitId, Number(id), o.roles);
    await recordAuditInTrx(trx, who, { action: 'identity.official_created', unitId: o.unitId, targetType: 'official', targetId: Number(id), details: { username: o.username, roles: o.roles } });
  }
  for (const c of citizens) {
    const id = await insertCitizenInTrx(trx, { fullName: c.fullName, phone: c.phone, email: c.email, passwordHash: c.passwordHash });
    await recordAuditInTrx(trx, who, { action: 'identity.citizen_created', targetType: 'citizen', targetId: id });
  }
}
