import type { MessageKey } from '../../../platform/i18n/index.ts';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/**
 * Length is the rule that matters (NIST SP 800-63B); no composition rules. Counted in characters of
 * the NFC form, so "ệ" is one character however the keyboard composed it.
 */
export function passwordProblem(password: string): MessageKey | null {
  const length = [...normalisePassword(password)].length;
  if (length < PASSWORD_MIN) return 'identity.password_too_short';
  if (length > PASSWORD_MAX) return 'identity.password_too_long';
  return null;
}

/** Vietnamese text arrives composed (NFC) from one keyboard and decomposed (NFD) from another. */
export const normalisePassword = (password: string) => password.normalize('NFC');

/** At least one letter: an all-digit user name could shadow a citizen's phone number at sign-in. */
export const USERNAME_PATTERN = /^(?=.*[a-z])[a-z0-9._-]{3,40}$/;
export const PHONE_PATTERN = /^0\d{9}$/;
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/**
 * After `threshold` failures in a row an account is locked for `minutes`; a success resets the count.
 * Returns the new failure count and lock expiry.
 */
export function afterFailedAttempt(
  failedAttempts: number,
  now: Date,
  threshold: number,
  minutes: number,
): { failedAttempts: number; lockedUntil: Date | null } {
  const next = failedAttempts + 1;
  if (next >= threshold) return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + minutes * 60_000) };
  return { failedAttempts: next, lockedUntil: null };
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

export function minutesLeft(lockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
}
