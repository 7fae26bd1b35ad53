import { AppError } from '../../platform/errors.ts';
import type { FieldErrors } from '../../platform/views/forms.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { setUnitRequireTwoFactor } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import { EMAIL_PATTERN, PHONE_PATTERN, USERNAME_PATTERN, passwordProblem } from './domain/credentials.ts';
import { isRole, rolesAllowedIn } from './domain/roles.ts';
import type { Role } from './domain/roles.ts';
import type { IdentityContext } from './context.ts';
import { hashPassword } from './passwords.ts';
import { deleteOfficialSessionsInTrx } from './sessions.ts';
import { findOfficial, findOfficialRowByUsername, identityDb, replaceRolesInTrx } from './store.ts';
import type { Official } from './store.ts';

export interface NewOfficial {
  username: string;
  fullName: string;
  position: string;
  email: string;
  phone: string;
  password: string;
  roles: string[];
  /** Officials created by an administrator choose their own password at first sign-in. */
  mustChangePassword?: boolean;
}

function checkRoles(unit: Unit, roles: readonly string[], errors: FieldErrors): Role[] {
  const allowed = rolesAllowedIn(unit.kind);
  const valid = roles.filter(isRole);
  if (valid.length === 0) errors.roles = 'identity.role_required';
  else if (valid.length !== roles.length || valid.some((r) => !allowed.includes(r))) errors.roles = 'identity.role_not_allowed';
  return [...new Set(valid)];
}

/** Adds an official to a unit. Returns field errors, or the new official. */
export type CreateOfficialResult = { ok: true; official: Official } | { ok: false; errors: FieldErrors };

export async function createOfficial(ctx: IdentityContext, who: AuditActor, unit: Unit, input: NewOfficial): Promise<CreateOfficialResult> {
  const errors: FieldErrors = {};
  const username = input.username.trim().toLowerCase();
  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (fullName.length === 0 || fullName.length > 120) errors.fullName = 'identity.name_required';
  if (!USERNAME_PATTERN.test(username)) errors.username = 'identity.username_invalid';
  else if (await findOfficialRowByUsername(ctx.db, username)) errors.username = 'identity.username_taken';
  const email = input.email.trim().toLowerCase();
  if (email && !EMAIL_PATTERN.test(email)) errors.email = 'identity.email_invalid';
  const phone = input.phone.replace(/[\s.]/g, '');
  if (phone && !PHONE_PATTERN.test(phone)) errors.phone = 'identity.phone_invalid';
  const problem = passwordProblem(input.password);
  if (problem) errors.password = problem;
  const roles = checkRoles(unit, input.roles, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const hash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const { id } = await identityDb(trx)
        .insertInto('officials')
        .values({
          unit_id: unit.id, username, full_name: fullName, position: input.position.trim().slice(0, 120), email: email || null, phone: phone || null,
          password_hash: hash, must_change_password: input.mustChangePassword ?? true, failed_attempts: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceRolesInTrx(trx, unit.id, Number(id), roles);
      await recordAuditInTrx(trx, who, { action: 'identity.official_created', unitId: unit.id, targetType: 'official', targetId: Number(id), details: { username, roles } });
      return { ok: true as const, official: (await findOfficial(trx, unit.id, Number(id)))! };
    });
  } catch (error) {
    // Two administrators adding the same user name at once: the unique index decides.
    if ((error as { code?: string }).code === '23505') return { ok: false, errors: { username: 'identity.username_taken' } };
    throw error;
  }
}

async function requireOfficial(ctx: IdentityContext, unitId: number, officialId: number): Promise<Official> {
  const official = await findOfficial(ctx.db, unitId, officialId);
  if (!official) throw new AppError('error.not_found', 404);
  return official;
}

export async function setOfficialRoles(ctx: IdentityContext, who: AuditActor, unit: Unit, officialId: number, roles: string[]): Promise<FieldErrors> {
  const official = await requireOfficial(ctx, unit.id, officialId);
  const errors: FieldErrors = {};
  const valid = checkRoles(unit, roles, errors);
  if (Object.keys(errors).length > 0) return errors;
  await ctx.db.transaction().execute(async (trx) => {
    await replaceRolesInTrx(trx, unit.id, officialId, valid);
    await recordAuditInTrx(trx, who, { action: 'identity.roles_changed', unitId: unit.id, targetType: 'official', targetId: officialId, details: { from: official.roles, to: valid } });
  });
  ctx.sessions.forgetOfficial(unit.id, officialId);
  return {};
}

export async function setOfficialDisabled(ctx: IdentityContext, who: AuditActor, unit: Unit, officialId: number, disabled: boolean): Promise<void> {
  await requireOfficial(ctx, unit.id, officialId);
  if (disabled && who.kind === 'official' && who.id === officialId && who.unitId === unit.id) throw new AppError('identity.cannot_disable_self', 409);
  await ctx.db.transaction().execute(async (trx) => {
    await identityDb(trx)
      .updateTable('officials')
      .set(disabled ? { disabled_at: new Date() } : { disabled_at: null, failed_attempts: 0, locked_until: null })
      .where('unit_id', '=', unit.id).where('id', '=', officialId).execute();
    if (disabled) await deleteOfficialSessionsInTrx(trx, unit.id, officialId);
    await recordAuditInTrx(trx, who, { action: disabled ? 'identity.official_disabled' : 'identity.official_enabled', unitId: unit.id, targetType: 'official', targetId: officialId });
  });
  ctx.sessions.forgetOfficial(unit.id, officialId);
}

/** Removes the official's TOTP secret and recovery codes; they enrol again at next sign-in if required. */
export async function resetOfficialTwoFactor(ctx: IdentityContext, who: AuditActor, unit: Unit, officialId: number): Promise<void> {
  await requireOfficial(ctx, unit.id, officialId);
  await ctx.db.transaction().execute(async (trx) => {
    const idb = identityDb(trx);
    await idb
      .updateTable('officials')
      .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null })
      .where('unit_id', '=', unit.id).where('id', '=', officialId).execute();
    await idb.deleteFrom('recovery_codes').where('unit_id', '=', unit.id).where('official_id', '=', officialId).execute();
    await deleteOfficialSessionsInTrx(trx, unit.id, officialId);
    await recordAuditInTrx(trx, who, { action: 'identity.two_factor_reset', unitId: unit.id, targetType: 'official', targetId: officialId });
  });
  ctx.sessions.forgetOfficial(unit.id, officialId);
}

/** Sets a temporary password the official must change at next sign-in; ends their sessions. */
export async function resetOfficialPassword(ctx: IdentityContext, who: AuditActor, unit: Unit, officialId: number, password: string): Promise<FieldErrors> {
  await requireOfficial(ctx, unit.id, officialId);
  const problem = passwordProblem(password);
  if (problem) return { password: problem };
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await identityDb(trx)
      .updateTable('officials')
      .set({ password_hash: hash, must_change_password: true, failed_attempts: 0, locked_until: null })
      .where('unit_id', '=', unit.id).where('id', '=', officialId).execute();
    await deleteOfficialSessionsInTrx(trx, unit.id, officialId);
    await recordAuditInTrx(trx, who, { action: 'identity.password_reset', unitId: unit.id, targetType: 'official', targetId: officialId });
  });
  ctx.sessions.forgetOfficial(unit.id, officialId);
  return {};
}

/**
 * Makes two-step verification compulsory (or not) for a unit's officials. Their cached sessions are
 * dropped, so the rule applies from their next request.
 */
export async function setUnitTwoFactorRule(ctx: IdentityContext, who: AuditActor, unit: Unit, required: boolean): Promise<void> {
  if (unit.kind === 'village') throw new AppError('error.not_found', 404);
  await setUnitRequireTwoFactor(ctx.db, who, unit.id, required);
  ctx.sessions.forgetUnit(unit.id);
}
