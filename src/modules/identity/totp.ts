import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { unseal } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: 'smart-commune', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

/** The QR code as inline SVG markup, so the page needs no script and no extra request. */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export function currentTotp(secretBase32: string, at = Date.now()): string {
  return totp(secretBase32, 'x').generate({ timestamp: at });
}

/**
 * Accepts the code of the current 30-second step or its neighbours (clock drift), never a step at or
 * before `lastStep`, so an observed code cannot be replayed. Returns the accepted step.
 */
export function checkTotp(secretBase32: string, code: string, lastStep: number | null, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32, 'x').validate({ token: code, timestamp: at, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(at / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** Ten single-use recovery codes, `xxxxx-xxxxx`, shown once; only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 10 }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and the dash do not matter when a recovery code is typed back. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Opens a sealed TOTP secret; a secret sealed under another APP_SECRET is a problem an administrator fixes. */
export function openTotpSecret(key: Buffer, sealed: string): string {
  try {
    return unseal(key, sealed);
  } catch {
    throw new AppError('identity.two_factor_unreadable', 409);
  }
}
