import crypto from 'node:crypto';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { EMAIL_PATTERN, normalisePassword, passwordProblem, PHONE_PATTERN } from './credentials.ts';

/** A one-time code: 6 digits, valid 10 minutes, 5 tries; a new one at most every 60 s, 5 sent in all. */
export const CODE_DIGITS = 6;
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
export const RESEND_COOLDOWN_MS = 60_000;
export const MAX_SENDS = 5;
export const FULL_NAME_MAX = 120;

export type Contact = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/**
 * A phone number or an email address as people type them: spaces, dots and dashes in a number are
 * dropped ("0912 345 678"), a +84 prefix becomes 0; an address is lower-cased. Null when it is neither.
 */
export function parseContact(input: string): Contact | null {
  const trimmed = input.normalize('NFC').trim();
  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase();
    return EMAIL_PATTERN.test(email) && email.length <= 254 ? { kind: 'email', value: email } : null;
  }
  const digits = trimmed.replace(/[\s.\-()]/g, '').replace(/^\+84/, '0');
  return PHONE_PATTERN.test(digits) ? { kind: 'phone', value: digits } : null;
}

export interface RegistrationInput {
  fullName: string;
  contact: string;
  password: string;
  confirm: string;
}

export type RegistrationErrors = Partial<Record<'fullName' | 'contact' | 'password' | 'confirm', MessageKey>>;

/** Checks the form; the order of the errors is the order of the fields. */
export function checkRegistration(input: RegistrationInput): { fullName: string; contact: Contact | null; errors: RegistrationErrors } {
  const errors: RegistrationErrors = {};
  const fullName = input.fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (fullName.length === 0 || [...fullName].length > FULL_NAME_MAX) errors.fullName = 'identity.name_required';
  const contact = parseContact(input.contact);
  if (!contact) errors.contact = 'register.contact_invalid';
  const problem = passwordProblem(input.password);
  if (problem) errors.password = problem;
  else if (normalisePassword(input.password) !== normalisePassword(input.confirm)) errors.confirm = 'identity.password_mismatch';
  return { fullName, contact, errors };
}

/** A uniformly random code of six digits, leading zeros kept. */
export function newCode(): string {
  return String(crypto.randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/** What a person typed, as a code: digits only ("123 456" → "123456"); null when it cannot be one. */
export function normaliseCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/** The code as stored: an HMAC bound to the registration, so a leaked table does not give codes away in 10⁶ tries of SHA-256. */
export function codeHash(key: Buffer, registrationToken: string, code: string): string {
  return crypto.createHmac('sha256', key).update(`${registrationToken}\u0000${code}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Seconds before another code may be sent (0: now). */
export function resendWaitSeconds(lastSentAt: Date, now: Date): number {
  const left = lastSentAt.getTime() + RESEND_COOLDOWN_MS - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

export type RegistrationState = 'pending' | 'expired' | 'void' | 'completed';

export function registrationState(r: { status: 'pending' | 'completed' | 'void'; attempts: number; expiresAt: Date }, now: Date): RegistrationState {
  if (r.status !== 'pending') return r.status;
  if (r.attempts >= CODE_MAX_ATTEMPTS) return 'void';
  return r.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** How a contact is shown back on the pages: the number or address the person typed, nothing more. */
export const contactLabel = (c: Contact) => c.value;
