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

/** Creates a citizen account (self-registration with a one-time code comes with the portal). */
export async function createCitizen(ctx: IdentityContext, who: AuditActor, input: NewCitizen): Promise<number> {
  const hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await identityDb(trx)
      .insertInto('citizens')
      .values({ full_name: input.fullName, phone: input.phone, email: input.email?.toLowerCase() ?? null, password_hash: hash, failed_attempts: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAuditInTrx(trx, who, { action: 'identity.citizen_created', targetType: 'citizen', targetId: Number(id) });
    return Number(id);
  });
}
