import { deriveKey, randomToken, sha256 } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { enqueueInTrx } from '../notifications/index.ts';
import type { OutgoingMessage } from '../notifications/index.ts';
import type { IdentityContext } from './context.ts';
import {
  CODE_MAX_ATTEMPTS, CODE_TTL_MS, MAX_SENDS, RESEND_COOLDOWN_MS, checkRegistration, codeHash, newCode, normaliseCode, registrationState,
  resendWaitSeconds, sameHash,
} from './domain/registration.ts';
import type { Contact, RegistrationErrors, RegistrationInput, RegistrationState } from './domain/registration.ts';
import { insertCitizenInTrx } from './manage-citizens.ts';
import { hashPassword } from './passwords.ts';
import { createSessionInTrx } from './sessions.ts';
import { identityDb } from './store.ts';

/** A registration as the pages see it. */
export interface PendingRegistration {
  id: number;
  contact: Contact;
  state: RegistrationState;
  attemptsLeft: number;
  resendWait: number;
  sendsLeft: number;
}

const codeKey = (ctx: IdentityContext) => deriveKey(ctx.config.appSecret, 'registration-codes');
const contactOf = (row: { phone: string | null; email: string | null }): Contact => (row.phone ? { kind: 'phone', value: row.phone } : { kind: 'email', value: row.email! });

/**
 * The message for a registration: the code, or — when the phone or email already has an account — a
 * note saying so and no code. The page says the same in both cases, so it does not tell a stranger which
 * numbers have accounts; only the owner of the number learns it.
 */
function messageFor(contact: Contact, accountExists: boolean, code: string): OutgoingMessage {
  return {
    channel: contact.kind === 'phone' ? ('sms' as const) : ('email' as const),
    recipient: contact.value,
    template: accountExists ? 'identity.account_exists' : 'identity.registration_code',
    params: accountExists ? {} : { code, minutes: CODE_TTL_MS / 60_000 },
  };
}

async function contactHasAccount(ctx: IdentityContext, contact: Contact): Promise<boolean> {
  const row = await identityDb(ctx.db).selectFrom('citizens').select('id').where(contact.kind, '=', contact.value).executeTakeFirst();
  return row !== undefined;
}

/** A code was sent to this number or address less than a minute ago (by any registration): a brake on message bombing. */
async function recentlySentTo(ctx: IdentityContext, contact: Contact, now: Date): Promise<boolean> {
  const row = await identityDb(ctx.db)
    .selectFrom('registrations').select('id')
    .where(contact.kind, '=', contact.value)
    .where('last_sent_at', '>', new Date(now.getTime() - RESEND_COOLDOWN_MS))
    .executeTakeFirst();
  return row !== undefined;
}

export type StartResult = { ok: true; token: string; contact: Contact } | { ok: false; errors: RegistrationErrors };

/**
 * Step 1: checks the form, keeps the details with the password hashed and a new one-time code, and puts
 * the message in the outbox in the same transaction. Returns the token the browser keeps.
 */
export async function startRegistration(ctx: IdentityContext, who: AuditActor, input: RegistrationInput): Promise<StartResult> {
  const { fullName, contact, errors } = checkRegistration(input);
  if (Object.keys(errors).length > 0 || !contact) return { ok: false, errors };
  const now = new Date();
  if (await recentlySentTo(ctx, contact, now)) return { ok: false, errors: { contact: 'register.wait_contact' } };
  const accountExists = await contactHasAccount(ctx, contact);
  // The password is hashed either way, so both answers take the same time.
  const passwordHash = await hashPassword(input.password);
  const token = randomToken();
  const code = newCode();
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await identityDb(trx)
      .insertInto('registrations')
      .values({
        token_hash: sha256(token), full_name: fullName, phone: contact.kind === 'phone' ? contact.value : null, email: contact.kind === 'email' ? contact.value : null,
        password_hash: passwordHash, account_exists: accountExists, code_hash: codeHash(codeKey(ctx), token, code),
        last_sent_at: now, expires_at: new Date(now.getTime() + CODE_TTL_MS), citizen_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueInTrx(trx, messageFor(contact, accountExists, code));
    await recordAuditInTrx(trx, { ...who, kind: 'anonymous', id: null, name: '' }, {
      action: 'identity.registration_started', targetType: 'registration', targetId: Number(id), details: { channel: contact.kind, accountExists },
    });
  });
  return { ok: true, token, contact };
}

async function findRow(db: IdentityContext['db'] | Trx, token: string, lock = false) {
  let q = identityDb(db).selectFrom('registrations').selectAll().where('token_hash', '=', sha256(token));
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

const stateOf = (row: Row, now: Date) => registrationState({ status: row.status, attempts: row.attempts, expiresAt: new Date(row.expires_at) }, now);

/** The registration a browser's token names, or undefined. */
export async function findRegistration(ctx: IdentityContext, token: string): Promise<PendingRegistration | undefined> {
  const row = await findRow(ctx.db, token);
  if (!row) return undefined;
  const now = new Date();
  return {
    id: Number(row.id), contact: contactOf(row), state: stateOf(row, now), attemptsLeft: Math.max(0, CODE_MAX_ATTEMPTS - row.attempts),
    resendWait: resendWaitSeconds(new Date(row.last_sent_at), now), sendsLeft: Math.max(0, MAX_SENDS - row.sends),
  };
}

function refuseUnlessPending(state: RegistrationState): void {
  if (state === 'void') throw new AppError('register.void', 410);
  if (state === 'expired') throw new AppError('register.expired', 410);
  if (state === 'completed') throw new AppError('register.not_found', 404);
}

const anonymous = (who: AuditActor): AuditActor => ({ ...who, kind: 'anonymous', id: null, name: '' });

/**
 * Step 2: checks the code. A wrong code counts (under a row lock, so parallel guesses count exactly) and
 * the fifth makes the registration void; the right one creates the citizen's account and signs them in,
 * all in one transaction. Returns the new session's token.
 */
export async function completeRegistration(ctx: IdentityContext, who: AuditActor, token: string, typed: string): Promise<{ sessionToken: string; citizenId: number }> {
  const code = normaliseCode(typed);
  if (code === null) throw new AppError('register.code_format', 400);
  const expected = codeHash(codeKey(ctx), token, code);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const row = await findRow(trx, token, true);
    if (!row) throw new AppError('register.not_found', 404);
    const now = new Date();
    refuseUnlessPending(stateOf(row, now));
    const id = Number(row.id);
    if (row.account_exists || !sameHash(row.code_hash, expected)) {
      const attempts = row.attempts + 1;
      const voided = attempts >= CODE_MAX_ATTEMPTS;
      await identityDb(trx).updateTable('registrations').set({ attempts, ...(voided ? { status: 'void' as const } : {}) }).where('id', '=', id).execute();
      await recordAuditInTrx(trx, anonymous(who), {
        action: voided ? 'identity.registration_voided' : 'identity.registration_code_failed', targetType: 'registration', targetId: id, details: { attempts },
      });
      return { ok: false as const, voided, left: CODE_MAX_ATTEMPTS - attempts };
    }
    const contact = contactOf(row);
    const citizenId = await insertCitizenInTrx(trx, { fullName: row.full_name, phone: row.phone, email: row.email, passwordHash: row.password_hash });
    await identityDb(trx).updateTable('registrations').set({ status: 'completed', citizen_id: citizenId }).where('id', '=', id).execute();
    const sessionToken = await createSessionInTrx(
      trx,
      { subject: 'citizen', unitId: null, officialId: null, citizenId, stage: 'active', ip: who.ip, userAgent: who.userAgent },
      ctx.config.sessionHours,
    );
    await recordAuditInTrx(trx, { ...who, kind: 'citizen', id: citizenId, name: row.full_name, unitId: null }, {
      action: 'identity.citizen_registered', targetType: 'citizen', targetId: citizenId, details: { registrationId: id, channel: contact.kind },
    });
    return { ok: true as const, sessionToken, citizenId };
  }).catch((error: unknown) => {
    // Someone registered the same number between the two steps: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw new AppError('register.taken_meanwhile', 409);
    throw error;
  });
  if (!outcome.ok) {
    if (outcome.voided) throw new AppError('register.void', 410);
    throw new AppError('register.code_wrong', 400, { left: outcome.left });
  }
  return { sessionToken: outcome.sessionToken, citizenId: outcome.citizenId };
}

/** Sends a new code (the old one stops working) after the cooldown, at most MAX_SENDS in all; also revives an expired registration. */
export async function resendRegistrationCode(ctx: IdentityContext, who: AuditActor, token: string): Promise<void> {
  const code = newCode();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findRow(trx, token, true);
    if (!row) throw new AppError('register.not_found', 404);
    const now = new Date();
    const state = stateOf(row, now);
    if (state !== 'expired') refuseUnlessPending(state);
    const wait = resendWaitSeconds(new Date(row.last_sent_at), now);
    if (wait > 0) throw new AppError('register.resend_wait', 429, { seconds: wait });
    if (row.sends >= MAX_SENDS) throw new AppError('register.too_many_sends', 429);
    const id = Number(row.id);
    await identityDb(trx)
      .updateTable('registrations')
      .set({ code_hash: codeHash(codeKey(ctx), token, code), attempts: 0, sends: row.sends + 1, last_sent_at: now, expires_at: new Date(now.getTime() + CODE_TTL_MS) })
      .where('id', '=', id)
      .execute();
    await enqueueInTrx(trx, messageFor(contactOf(row), row.account_exists, code));
    await recordAuditInTrx(trx, anonymous(who), { action: 'identity.registration_code_resent', targetType: 'registration', targetId: id, details: { sends: row.sends + 1 } });
  });
}
