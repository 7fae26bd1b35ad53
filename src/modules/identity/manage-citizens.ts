import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { IdentityContext } from './context.ts';
import { hashPassword } from './passwords.ts';
import { identityDb } from './store.ts';

export interface NewCitizen {
  fullName: string;
  phone: string | null;
  email: string | null;
  password: string;
}

/** Inserts a citizen whose password is already hashed; the caller audits. A phone or email in use fails (23505). */
export async function insertCitizenInTrx(trx: Trx, input: Omit<NewCitizen, 'password'> & { passwordHash: string }): Promise<number> {
  const { id } = await identityDb(trx)
    .insertInto('citizens')
    .values({ full_name: input.fullName, phone: input.phone, email: input.email?.toLowerCase() ?? null, password_hash: input.passwordHash, failed_attempts: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Creates a citizen account on someone's behalf (the CLI, demo data); citizens register themselves in register-citizen.ts. */
export async function createCitizen(ctx: IdentityContext, who: AuditActor, input: NewCitizen): Promise<number> {
  const hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertCitizenInTrx(trx, { fullName: input.fullName, phone: input.phone, email: input.email, passwordHash: hash });
    await recordAuditInTrx(trx, who, { action: 'identity.citizen_created', targetType: 'citizen', targetId: id });
    return id;
  });
}
