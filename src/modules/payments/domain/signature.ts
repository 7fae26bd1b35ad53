/**
 * Message signatures between the platform and a payment gateway: HMAC-SHA256 with the shared secret
 * (`PAYMENT_SECRET`), hex, over THE EXACT BYTES OF THE HTTP BODY as sent — the canonical string is the raw
 * body itself, never a re-serialisation of parsed JSON (key order, spacing, number formatting and Unicode
 * escapes would otherwise let two readings of one message disagree). Whatever must be covered (amount,
 * currency, transaction, order, merchant, the time of sending) is therefore inside the body.
 *
 * Verification recomputes the HMAC over the received bytes and compares the two 32-byte digests in constant
 * time (`timingSafeEqual`), after checking the given signature is 64 hex digits: a malformed header is a
 * refusal, not an exception, and the comparison never depends on where the first differing byte is.
 */
import crypto from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export function sign(secret: string, body: Uint8Array | string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

/** Whether `signature` (hex, either case) is the HMAC of exactly `body`. */
export function verifySignature(secret: string, body: Uint8Array | string, signature: string | undefined): SignatureCheck {
  if (typeof signature !== 'string' || !HEX_SHA256.test(signature)) return 'missing';
  const expected = crypto.createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

/** SHA-256 of a body, hex: what the callbacks log keeps instead of the body. */
export function bodyHash(body: Uint8Array): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}
