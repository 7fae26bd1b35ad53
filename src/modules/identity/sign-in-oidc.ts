import { AppError } from '../../platform/errors.ts';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { IdentityContext } from './context.ts';
import { createSessionInTrx } from './sessions.ts';
import { identityDb } from './store.ts';

/** A person the provider vouched for: its issuer and subject, and the details read from its claims. */
export interface VouchedPerson {
  issuer: string;
  subject: string;
  /** The 12-digit personal ID number, when the provider sent a valid one. */
  idNumber: string | null;
  fullName: string | null;
}

export interface OidcSignInResult {
  token: string;
  citizenId: number;
  /** `returning`: the provider account was already linked; `linked`: to an existing account holding the ID number; `created`: a new account. */
  outcome: 'returning' | 'linked' | 'created';
}

type Found = { id: number; name: string; disabled: boolean };

async function linkedCitizen(trx: Trx, issuer: string, subject: string): Promise<Found | undefined> {
  const row = await identityDb(trx)
    .selectFrom('citizen_identities as i')
    .innerJoin('citizens as c', 'c.id', 'i.citizen_id')
    .select(['c.id', 'c.full_name', 'c.disabled_at'])
    .where('i.issuer', '=', issuer).where('i.subject', '=', subject)
    .executeTakeFirst();
  return row && { id: Number(row.id), name: row.full_name, disabled: row.disabled_at !== null };
}

async function citizenHoldingIdNumber(trx: Trx, idNumber: string): Promise<Found | undefined> {
  // The column only ever holds verified numbers (a check constraint ties it to id_verified_with).
  const row = await identityDb(trx).selectFrom('citizens').select(['id', 'full_name', 'disabled_at']).where('id_number', '=', idNumber).executeTakeFirst();
  return row && { id: Number(row.id), name: row.full_name, disabled: row.disabled_at !== null };
}

/**
 * Signs in the citizen an OpenID Connect provider vouched for, in one transaction:
 * - the provider account (issuer + subject) already linked → that citizen;
 * - otherwise the citizen whose verified ID number is the one the provider sent → linked to them;
 * - otherwise a new account: the name from the provider, the ID number verified, no password.
 * Then a new session, exactly as a password sign-in starts one. Every write is audited; a refusal writes nothing.
 */
export async function signInWithOidc(ctx: IdentityContext, who: AuditActor, person: VouchedPerson, providerName: string): Promise<OidcSignInResult> {
  const attempt = () =>
    ctx.db.transaction().execute(async (trx): Promise<OidcSignInResult> => {
      const idb = identityDb(trx);
      let outcome: OidcSignInResult['outcome'] = 'returning';
      let citizen = await linkedCitizen(trx, person.issuer, person.subject);
      if (citizen) {
        if (citizen.disabled) throw new AppError('identity.account_disabled', 403);
        await idb.updateTable('citizen_identities').set({ last_used_at: new Date() }).where('issuer', '=', person.issuer).where('subject', '=', person.subject).execute();
      } else {
        if (!person.idNumber) throw new AppError('oidc.missing_id_number', 400, { provider: providerName });
        citizen = await citizenHoldingIdNumber(trx, person.idNumber);
        if (citizen) {
          if (citizen.disabled) throw new AppError('identity.account_disabled', 403);
          outcome = 'linked';
        } else {
          if (!person.fullName) throw new AppError('oidc.missing_name', 400, { provider: providerName });
          const { id } = await idb
            .insertInto('citizens')
            .values({
              full_name: person.fullName, phone: null, email: null, password_hash: null, failed_attempts: 0,
              id_number: person.idNumber, id_verified_with: 'oidc', id_verified_at: new Date(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          citizen = { id: Number(id), name: person.fullName, disabled: false };
          outcome = 'created';
        }
        await idb.insertInto('citizen_identities').values({ issuer: person.issuer, subject: person.subject, citizen_id: citizen.id }).execute();
      }
      const actor: AuditActor = { ...who, kind: 'citizen', id: citizen.id, name: citizen.name, unitId: null };
      // The audit names the provider, never the subject or the ID number (the default subject claim may be the ID number).
      if (outcome === 'created') {
        await recordAuditInTrx(trx, actor, { action: 'identity.citizen_registered', targetType: 'citizen', targetId: citizen.id, details: { method: 'oidc', issuer: person.issuer } });
      }
      if (outcome !== 'returning') {
        await recordAuditInTrx(trx, actor, {
          action: 'identity.citizen_oidc_linked', targetType: 'citizen', targetId: citizen.id,
          details: { issuer: person.issuer, matchedBy: outcome === 'linked' ? 'id_number' : 'new_account' },
        });
      }
      const token = await createSessionInTrx(
        trx,
        { subject: 'citizen', unitId: null, officialId: null, citizenId: citizen.id, stage: 'active', ip: who.ip, userAgent: who.userAgent },
        ctx.config.sessionHours,
      );
      await recordAuditInTrx(trx, actor, { action: 'identity.signed_in', targetType: 'citizen', targetId: citizen.id, details: { method: 'oidc', issuer: person.issuer } });
      return { token, citizenId: citizen.id, outcome };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two first sign-ins of the same person at once: one creates the link (or the account), the other,
    // refused by the unique key, tries again and finds it.
    if ((error as { code?: string }).code === '23505') return attempt();
    throw error;
  }
}
