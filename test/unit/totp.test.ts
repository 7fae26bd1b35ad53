import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkTotp,
  currentTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  totpQrSvg,
  totpUri,
} from '../../src/modules/identity/totp.ts';

// A fixed secret and instant make every code below deterministic (RFC 6238 test-style).
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const T = Date.UTC(2025, 4, 17, 3, 25, 10); // 10 s into a 30-second step
const STEP = Math.floor(T / 30_000);

/** A six-digit string that is not the code of any step the window accepts around `at`. */
function wrongCode(at: number): string {
  const valid = new Set([-1, 0, 1].map((d) => currentTotp(SECRET, at + d * 30_000)));
  for (let n = 0; ; n++) {
    const candidate = String((Number(currentTotp(SECRET, at)) + 1 + n) % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

test('the current code is accepted and returns its time step', () => {
  const code = currentTotp(SECRET, T);
  assert.match(code, /^\d{6}$/);
  assert.equal(checkTotp(SECRET, code, null, T), STEP);
  // Still accepted at the last millisecond of the same step.
  assert.equal(checkTotp(SECRET, code, null, (STEP + 1) * 30_000 - 1), STEP);
});

test('known RFC 6238 vector (SHA-1, 6 digits) matches', () => {
  // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits) → last 6: 287082.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(currentTotp(rfcSecret, 59_000), '287082');
  assert.equal(checkTotp(rfcSecret, '287082', null, 59_000), 1);
});

test('one step of clock drift either way is tolerated, two is not', () => {
  const previous = currentTotp(SECRET, T - 30_000);
  const next = currentTotp(SECRET, T + 30_000);
  assert.equal(checkTotp(SECRET, previous, null, T), STEP - 1);
  assert.equal(checkTotp(SECRET, next, null, T), STEP + 1);
  const window = new Set([previous, currentTotp(SECRET, T), next]);
  for (const steps of [-3, -2, 2, 3]) {
    const far = currentTotp(SECRET, T + steps * 30_000);
    // Fixed secret and time: this holds, and keeps the check below from passing by coincidence.
    assert.ok(!window.has(far), `the code ${steps} steps away equals one inside the window`);
    assert.equal(checkTotp(SECRET, far, null, T), null, `${steps} steps away`);
  }
});

test('a code cannot be replayed: steps at or before lastStep are refused', () => {
  const code = currentTotp(SECRET, T);
  const step = checkTotp(SECRET, code, null, T);
  assert.equal(step, STEP);
  assert.equal(checkTotp(SECRET, code, STEP, T), null, 'same step again');
  assert.equal(checkTotp(SECRET, code, STEP + 1, T), null, 'a later step was already used');
  assert.equal(checkTotp(SECRET, code, STEP - 1, T), STEP, 'an earlier step does not block a newer code');
  // A previous-step code (within the drift window) is refused once the current step has been used.
  assert.equal(checkTotp(SECRET, currentTotp(SECRET, T - 30_000), STEP, T), null);
  // The next step's code is still accepted after the current step was used.
  assert.equal(checkTotp(SECRET, currentTotp(SECRET, T + 30_000), STEP, T), STEP + 1);
});

test('a wrong code is refused', () => {
  assert.equal(checkTotp(SECRET, wrongCode(T), null, T), null);
  // The right code for another secret is wrong here.
  const other = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
  const otherCode = currentTotp(other, T);
  const valid = new Set([-1, 0, 1].map((d) => currentTotp(SECRET, T + d * 30_000)));
  assert.ok(!valid.has(otherCode));
  assert.equal(checkTotp(SECRET, otherCode, null, T), null);
});

test('anything but exactly six ASCII digits is refused without checking', () => {
  const code = currentTotp(SECRET, T);
  const bad = [
    '',
    'abcdef',
    code.slice(0, 5),
    code + '0',
    ` ${code}`,
    `${code} `,
    `${code}\n`,
    `${code.slice(0, 3)} ${code.slice(3)}`,
    `${code.slice(0, 3)}-${code.slice(3)}`,
    code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), // full-width digits
    code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))), // Arabic-Indic digits
    '-12345',
    '1e5000',
  ];
  for (const input of bad) assert.equal(checkTotp(SECRET, input, null, T), null, JSON.stringify(input));
});

test('new secrets are 160-bit base32 and differ', () => {
  const a = newTotpSecret();
  const b = newTotpSecret();
  assert.match(a, /^[A-Z2-7]{32}$/);
  assert.notEqual(a, b);
  // A fresh secret works end to end.
  assert.equal(checkTotp(a, currentTotp(a, T), null, T), STEP);
});

test('the otpauth URI and QR code carry the issuer and secret', async () => {
  const uri = totpUri(SECRET, 'nguyen.van.a');
  assert.match(uri, /^otpauth:\/\/totp\//);
  const url = new URL(uri);
  assert.equal(url.searchParams.get('secret'), SECRET);
  assert.equal(url.searchParams.get('issuer'), 'smart-commune');
  assert.equal(url.searchParams.get('digits'), '6');
  assert.equal(url.searchParams.get('period'), '30');
  const svg = await totpQrSvg(uri);
  assert.match(svg, /^<svg[\s>]/);
  assert.doesNotMatch(svg, /<script/i);
});

test('recovery codes: ten of them, xxxxx-xxxxx from an unambiguous alphabet, all different', () => {
  const codes = newRecoveryCodes();
  assert.equal(codes.length, 10);
  for (const c of codes) {
    assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/, c);
    assert.doesNotMatch(c, /[ilo01]/, `${c} uses an ambiguous character`);
  }
  assert.equal(new Set(codes).size, 10);
  // Two batches share nothing (50 bits each: a collision would mean a broken generator).
  const again = new Set(newRecoveryCodes());
  for (const c of codes) assert.ok(!again.has(c), `${c} repeated across batches`);
});

test('recovery codes are spread over the whole alphabet', () => {
  const seen = new Set(Array.from({ length: 20 }, () => newRecoveryCodes().join('')).join('').replace(/-/g, ''));
  // 2,000 draws from 31 characters: every one of them appears.
  assert.equal(seen.size, 31);
});

test('normaliseRecoveryCode ignores case, white space and the dash', () => {
  const [code] = newRecoveryCodes();
  const bare = code!.replace('-', '');
  assert.equal(normaliseRecoveryCode(code!), bare);
  assert.equal(normaliseRecoveryCode(`  ${code!.toUpperCase()}\n`), bare);
  assert.equal(normaliseRecoveryCode('ABCDE - FGHJK'), 'abcdefghjk');
  assert.equal(normaliseRecoveryCode('abcde\tfghjk'), 'abcdefghjk');
  assert.notEqual(normaliseRecoveryCode('abcde-fghjk'), normaliseRecoveryCode('abcde-fghjm'));
});
