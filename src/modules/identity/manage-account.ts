import { AppError } from '../../platform/errors.ts';
import { seal, sha256 } from '../../platform/crypto.ts';
import type { FieldErrors } from '../../platform/views/forms.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { passwordProblem } from './domain/credentials.ts';
import type { IdentityContext } from './context.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { deleteCitizenSessionsInTrx, deleteOfficialSessionsInTrx } from './sessions.ts';
import { findOfficialRow, identityDb } from './store.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, openTotpSecret, totpQrSvg, totpUri } from './totp.ts';

export interface PasswordChange {
  current: string;
  next: string;
  confirm: string;
}

/** Changes the signed-in person's own password (official or citizen); their other sessions end. */
export async function changeOwnPassword(
  ctx: IdentityContext, who: AuditActor & { id: number }, sessionToken: string, input: PasswordChange,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const idb = identityDb(ctx.db);
  const stored =
    who.kind === 'official'
      ? (await findOfficialRow(ctx.db, who.unitId!, who.id))?.password_hash
      : (await idb.selectFrom('citizens').select('password_hash').where('id', '=', who.id).executeTakeFirst())?.password_hash;
  if (stored === undefined) throw new AppError('error.session_expired', 401);
  // A citizen who signs in only through OpenID Connect (VNeID) has no password to change.
  if (stored === null) return { current: 'oidc.no_password' };
  if (!(await verifyPassword(stored, input.current))) errors.current = 'identity.wrong_password';
  const problem = passwordProblem(input.next);
  if (problem) errors.next = problem;
  else if (input.next !== input.confirm) errors.confirm = 'identity.password_mismatch';
  if (Object.keys(errors).length > 0) return errors;
  const hash = await hashPassword(input.next);
  await ctx.db.transaction().execute(async (trx) => {
    const tdb = identityDb(trx);
    if (who.kind === 'official') {
      await tdb.updateTable('officials').set({ password_hash: hash, must_change_password: false }).where('unit_id', '=', who.unitId!).where('id', '=', who.id).execute();
      await deleteOfficialSessionsInTrx(trx, who.unitId!, who.id, sessionToken);
    } else {
      await tdb.updateTable('citizens').set({ password_hash: hash }).where('id', '=', who.id).execute();
      await deleteCitizenSessionsInTrx(trx, who.id, sessionToken);
    }
    await recordAuditInTrx(trx, who, { action: 'identity.password_changed', targetType: who.kind, targetId: who.id });
  });
  if (who.kind === 'official') ctx.sessions.forgetOfficial(who.unitId!, who.id);
  else ctx.sessions.forgetCitizen(who.id);
  return {};
}

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Starts (or restarts) enrolment: a new secret is kept, sealed, until a first code confirms it. */
export async function beginTotpEnrolment(ctx: IdentityContext, who: AuditActor & { id: number; unitId: number }): Promise<TotpEnrolment> {
  const row = await findOfficialRow(ctx.db, who.unitId, who.id);
  if (!row) throw new AppError('error.session_expired', 401);
  if (row.totp_enabled_at) throw new AppError('identity.totp_already_enabled', 409);
  let secret: string | null = null;
  if (row.totp_pending_secret) {
    try {
      secret = openTotpSecret(ctx.totpKey, row.totp_pending_secret);
    } catch {
      secret = null; // sealed under another secret: start a new enrolment
    }
  }
  if (!secret) {
    secret = newTotpSecret();
    const sealed = seal(ctx.totpKey, secret);
    await ctx.db.transaction().execute(async (trx) => {
      await identityDb(trx).updateTable('officials').set({ totp_pending_secret: sealed }).where('unit_id', '=', who.unitId).where('id', '=', who.id).execute();
      await recordAuditInTrx(trx, who, { action: 'identity.two_factor_enrolment_started', targetType: 'official', targetId: who.id });
    });
  }
  const uri = totpUri(secret, row.username);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once. */
export async function confirmTotpEnrolment(ctx: IdentityContext, who: AuditActor & { id: number; unitId: number }, code: string): Promise<string[]> {
  const row = await findOfficialRow(ctx.db, who.unitId, who.id);
  if (!row) throw new AppError('error.session_expired', 401);
  if (row.totp_enabled_at) throw new AppError('identity.totp_already_enabled', 409);
  if (!row.totp_pending_secret) throw new AppError('identity.invalid_totp', 400);
  const secret = openTotpSecret(ctx.totpKey, row.totp_pending_secret);
  const step = checkTotp(secret, code.replace(/\s+/g, ''), null);
  if (step === null) throw new AppError('identity.invalid_totp', 400, {}, { code: 'identity.invalid_totp' });
  const codes = newRecoveryCodes();
  await ctx.db.transaction().execute(async (trx) => {
    const idb = identityDb(trx);
    await idb
      .updateTable('officials')
      .set({ totp_secret: row.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: new Date(), totp_last_step: step })
      .where('unit_id', '=', who.unitId).where('id', '=', who.id).execute();
    await idb.deleteFrom('recovery_codes').where('unit_id', '=', who.unitId).where('official_id', '=', who.id).execute();
    await idb.insertInto('recovery_codes').values(codes.map((c) => ({ unit_id: who.unitId, official_id: who.id, code_hash: sha256(normaliseRecoveryCode(c)), used_at: null }))).execute();
    await recordAuditInTrx(trx, who, { action: 'identity.two_factor_enabled', targetType: 'official', targetId: who.id });
  });
  ctx.sessions.forgetOfficial(who.unitId, who.id);
  return codes;
}
