import { AppError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/crypto.ts';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { afterFailedAttempt, isLocked, minutesLeft } from './domain/credentials.ts';
import type { IdentityContext } from './context.ts';
import { spendVerifyTime, verifyPassword } from './passwords.ts';
import { createSessionInTrx, deleteSessionInTrx, findSessionRow } from './sessions.ts';
import { findOfficialRow, findOfficialRowByUsername, identityDb } from './store.ts';
import { checkTotp, normaliseRecoveryCode, openTotpSecret } from './totp.ts';

export interface SignInResult {
  token: string;
  stage: 'second_factor' | 'active';
  subject: 'official' | 'citizen';
}

type Account =
  | { subject: 'official'; id: number; unitId: number; name: string; hash: string; failed: number; lockedUntil: Date | null; disabled: boolean; totp: boolean }
  | { subject: 'citizen'; id: number; unitId: null; name: string; hash: string | null; failed: number; lockedUntil: Date | null; disabled: boolean; totp: false };

async function findAccount(ctx: IdentityContext, login: string): Promise<Account | undefined> {
  const key = login.trim().toLowerCase();
  const official = await findOfficialRowByUsername(ctx.db, key);
  if (official) {
    return {
      subject: 'official', id: Number(official.id), unitId: Number(official.unit_id), name: official.full_name, hash: official.password_hash,
      failed: official.failed_attempts, lockedUntil: official.locked_until, disabled: official.disabled_at !== null, totp: official.totp_enabled_at !== null,
    };
  }
  const citizen = await identityDb(ctx.db).selectFrom('citizens').selectAll().where((eb) => eb.or([eb('phone', '=', key), eb('email', '=', key)])).executeTakeFirst();
  if (citizen) {
    return {
      subject: 'citizen', id: Number(citizen.id), unitId: null, name: citizen.full_name, hash: citizen.password_hash,
      failed: citizen.failed_attempts, lockedUntil: citizen.locked_until, disabled: citizen.disabled_at !== null, totp: false,
    };
  }
  return undefined;
}

async function setAttemptsInTrx(trx: Trx, account: Account, failedAttempts: number, lockedUntil: Date | null): Promise<void> {
  const idb = identityDb(trx);
  if (account.subject === 'official') {
    await idb.updateTable('officials').set({ failed_attempts: failedAttempts, locked_until: lockedUntil }).where('unit_id', '=', account.unitId).where('id', '=', account.id).execute();
  } else {
    await idb.updateTable('citizens').set({ failed_attempts: failedAttempts, locked_until: lockedUntil }).where('id', '=', account.id).execute();
  }
}

const actorFor = (who: AuditActor, account: Account): AuditActor => ({ ...who, kind: account.subject, id: account.id, name: account.name, unitId: account.unitId });

/** Counts a failure, locking the account after too many; commits before the caller throws. */
/**
 * Counts a failure, locking the account after too many, and commits before the caller throws. The
 * count is read under a row lock, so parallel guesses cannot all start from the same count.
 */
async function recordFailure(ctx: IdentityContext, who: AuditActor, account: Account, reason: string): Promise<Date | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await lockAttemptsInTrx(trx, account);
    const now = new Date();
    const alreadyLocked = isLocked(current.lockedUntil, now);
    const next = alreadyLocked
      ? { failedAttempts: current.failedAttempts, lockedUntil: current.lockedUntil }
      : afterFailedAttempt(current.failedAttempts, now, ctx.config.lockoutThreshold, ctx.config.lockoutMinutes);
    await setAttemptsInTrx(trx, account, next.failedAttempts, next.lockedUntil);
    // The person who failed is anonymous: the account they tried is the target, not the actor.
    await recordAuditInTrx(trx, { ...who, kind: 'anonymous', id: null, name: '', unitId: account.unitId }, {
      action: next.lockedUntil && !alreadyLocked ? 'identity.account_locked' : 'identity.sign_in_failed', targetType: account.subject, targetId: account.id, details: { reason },
    });
    return isLocked(next.lockedUntil, now) ? next.lockedUntil : null;
  });
}

async function lockAttemptsInTrx(trx: Trx, account: Account): Promise<{ failedAttempts: number; lockedUntil: Date | null }> {
  const idb = identityDb(trx);
  const row =
    account.subject === 'official'
      ? await idb.selectFrom('officials').select(['failed_attempts', 'locked_until']).where('unit_id', '=', account.unitId).where('id', '=', account.id).forUpdate().executeTakeFirstOrThrow()
      : await idb.selectFrom('citizens').select(['failed_attempts', 'locked_until']).where('id', '=', account.id).forUpdate().executeTakeFirstOrThrow();
  return { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
}

/** Password step. Officials with two-step verification get a session that still needs the code. */
export async function signIn(ctx: IdentityContext, who: AuditActor, login: string, password: string): Promise<SignInResult> {
  const account = await findAccount(ctx, login);
  if (!account) {
    await spendVerifyTime(password);
    await ctx.db.transaction().execute((trx) =>
      recordAuditInTrx(trx, { ...who, kind: 'anonymous' }, { action: 'identity.sign_in_failed', targetType: 'login', targetId: [...login].slice(0, 80).join(''), details: { reason: 'unknown_login' } }),
    );
    throw new AppError('identity.invalid_credentials', 401);
  }
  const now = new Date();
  if (isLocked(account.lockedUntil, now)) {
    await spendVerifyTime(password); // the same time as any other answer
    throw new AppError('identity.account_locked', 423, { minutes: minutesLeft(account.lockedUntil!, now) });
  }
  // An account made through OpenID Connect has no password: every password is wrong, in the same time.
  const passwordOk = account.hash === null ? (await spendVerifyTime(password), false) : await verifyPassword(account.hash, password);
  if (!passwordOk) {
    const lockedUntil = await recordFailure(ctx, who, account, 'wrong_password');
    if (lockedUntil) throw new AppError('identity.account_locked', 423, { minutes: ctx.config.lockoutMinutes });
    throw new AppError('identity.invalid_credentials', 401);
  }
  if (account.disabled) throw new AppError('identity.account_disabled', 403);
  const stage = account.totp ? 'second_factor' : 'active';
  const token = await ctx.db.transaction().execute(async (trx) => {
    await setAttemptsInTrx(trx, account, 0, null);
    const t = await createSessionInTrx(
      trx,
      {
        subject: account.subject, unitId: account.unitId, officialId: account.subject === 'official' ? account.id : null,
        citizenId: account.subject === 'citizen' ? account.id : null, stage, ip: who.ip, userAgent: who.userAgent,
      },
      ctx.config.sessionHours,
    );
    await recordAuditInTrx(trx, actorFor(who, account), {
      action: stage === 'active' ? 'identity.signed_in' : 'identity.password_accepted', targetType: account.subject, targetId: account.id,
    });
    return t;
  });
  return { token, stage, subject: account.subject };
}

/**
 * Second step: a TOTP code or an unused recovery code. On success the pending session is replaced by
 * a new one (a new token, so a token seen before sign-in is worth nothing after it).
 */
export async function verifySecondFactor(ctx: IdentityContext, who: AuditActor, token: string, code: string): Promise<string> {
  const session = await findSessionRow(ctx.db, token);
  if (!session || session.stage !== 'second_factor' || new Date(session.expires_at) <= new Date()) throw new AppError('error.session_expired', 401);
  const unitId = Number(session.unit_id);
  const officialId = Number(session.official_id);
  const official = await findOfficialRow(ctx.db, unitId, officialId);
  if (!official || !official.totp_secret) throw new AppError('error.session_expired', 401);
  const account: Account = {
    subject: 'official', id: officialId, unitId, name: official.full_name, hash: official.password_hash, failed: official.failed_attempts,
    lockedUntil: official.locked_until, disabled: official.disabled_at !== null, totp: true,
  };
  const now = new Date();
  if (isLocked(official.locked_until, now)) throw new AppError('identity.account_locked', 423, { minutes: minutesLeft(official.locked_until!, now) });

  const trimmed = code.replace(/\s+/g, '');
  const step = checkTotp(openTotpSecret(ctx.totpKey, official.totp_secret), trimmed, official.totp_last_step === null ? null : Number(official.totp_last_step));
  let recoveryHash: string | null = null;
  if (step === null) {
    const candidate = sha256(normaliseRecoveryCode(code));
    const match = await identityDb(ctx.db)
      .selectFrom('recovery_codes').select('code_hash')
      .where('unit_id', '=', unitId).where('official_id', '=', officialId).where('code_hash', '=', candidate).where('used_at', 'is', null)
      .executeTakeFirst();
    if (!match) {
      const lockedUntil = await recordFailure(ctx, who, account, 'wrong_second_factor');
      if (lockedUntil) {
        await deleteSessionInTrx(ctx.db, token);
        ctx.sessions.forgetToken(token);
        throw new AppError('identity.account_locked', 423, { minutes: ctx.config.lockoutMinutes });
      }
      throw new AppError('identity.invalid_totp', 401);
    }
    recoveryHash = candidate;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const idb = identityDb(trx);
    // Conditional updates: of two requests racing with the same code, only one changes a row.
    let claimed: bigint;
    if (step !== null) {
      const r = await idb
        .updateTable('officials').set({ totp_last_step: step, failed_attempts: 0 })
        .where('unit_id', '=', unitId).where('id', '=', officialId)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      claimed = r.numUpdatedRows;
    } else {
      const r = await idb
        .updateTable('recovery_codes').set({ used_at: new Date() })
        .where('unit_id', '=', unitId).where('official_id', '=', officialId).where('code_hash', '=', recoveryHash!).where('used_at', 'is', null)
        .executeTakeFirst();
      claimed = r.numUpdatedRows;
      await idb.updateTable('officials').set({ failed_attempts: 0 }).where('unit_id', '=', unitId).where('id', '=', officialId).execute();
    }
    if (claimed !== 1n) throw new AppError('identity.invalid_totp', 401);
    await deleteSessionInTrx(trx, token);
    const fresh = await createSessionInTrx(
      trx,
      { subject: 'official', unitId, officialId, citizenId: null, stage: 'active', ip: who.ip, userAgent: who.userAgent },
      ctx.config.sessionHours,
    );
    await recordAuditInTrx(trx, actorFor(who, account), {
      action: 'identity.signed_in', targetType: 'official', targetId: officialId, details: { second_factor: step !== null ? 'totp' : 'recovery_code' },
    });
    return fresh;
  }).finally(() => ctx.sessions.forgetToken(token));
}

export async function signOut(ctx: IdentityContext, who: AuditActor, token: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSessionInTrx(trx, token);
    await recordAuditInTrx(trx, who, { action: 'identity.signed_out', targetType: who.kind, targetId: who.id ?? '' });
  });
  ctx.sessions.forgetToken(token);
}

/** Ends a session without a sign-out entry: used when a new sign-in on the same browser replaces it. */
export async function endSession(ctx: IdentityContext, token: string): Promise<void> {
  await deleteSessionInTrx(ctx.db, token);
  ctx.sessions.forgetToken(token);
}
