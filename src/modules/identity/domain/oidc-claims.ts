/** Reading a citizen's details out of OpenID Connect claims: pure functions, no I/O. */

/** The personal ID number (số định danh cá nhân, the number on the chip-based citizen ID card): 12 digits. */
export const ID_NUMBER_PATTERN = /^[0-9]{12}$/;
const FULL_NAME_MAX = 120;

/** A claim by name; a dotted name (`profile.id_number`) reaches into nested objects when no claim has the literal name. */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The 12-digit ID number, or null. Only a string counts: a JSON number would have lost leading zeros. */
export function idNumberFrom(claims: Record<string, unknown>, name: string): string | null {
  const value = claimValue(claims, name);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return ID_NUMBER_PATTERN.test(trimmed) ? trimmed : null;
}

/** The full name, tidied (NFC, no control characters, single spaces, at most 120 characters), or null. */
export function fullNameFrom(claims: Record<string, unknown>, name: string): string | null {
  const value = claimValue(claims, name);
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const tidy = value.toWellFormed().normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  return tidy === '' ? null : [...tidy].slice(0, FULL_NAME_MAX).join('');
}

/** Issuer and subject as the database can keep them (the ID token is verified, but its sizes are the provider's). */
export function storableIdentity(issuer: string, subject: string): boolean {
  // eslint-disable-next-line no-control-regex
  const clean = (s: string, max: number) => s.length >= 1 && s.length <= max && !/[\u0000]/.test(s) && s.isWellFormed();
  return clean(issuer, 500) && clean(subject, 255);
}
