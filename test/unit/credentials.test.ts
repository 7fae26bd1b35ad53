import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EMAIL_PATTERN,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PHONE_PATTERN,
  USERNAME_PATTERN,
  afterFailedAttempt,
  isLocked,
  minutesLeft,
  passwordProblem,
} from '../../src/modules/identity/domain/credentials.ts';

const NOW = new Date('2025-03-01T08:00:00.000Z');
const THRESHOLD = 5;
const MINUTES = 15;

test('password length: the minimum is 10 characters and there are no composition rules', () => {
  assert.equal(PASSWORD_MIN, 10);
  assert.equal(passwordProblem(''), 'identity.password_too_short');
  assert.equal(passwordProblem('a'.repeat(9)), 'identity.password_too_short');
  assert.equal(passwordProblem('a'.repeat(10)), null);
  assert.equal(passwordProblem('aaaaaaaaaa'), null, 'all lowercase is fine');
  assert.equal(passwordProblem('correct horse battery staple'), null);
});

test('password length counts characters, not UTF-8 bytes: Vietnamese passwords', () => {
  // "ệ" is one character but three UTF-8 bytes; nine of them are 27 bytes yet still too short.
  assert.equal(Buffer.byteLength('ệ'.repeat(9)), 27);
  assert.equal(passwordProblem('ệ'.repeat(9)), 'identity.password_too_short');
  assert.equal(passwordProblem('ệ'.repeat(10)), null);
  const phrase = 'Mật khẩu'; // 8 characters, 12 UTF-8 bytes
  assert.equal(passwordProblem(phrase), 'identity.password_too_short');
  assert.equal(passwordProblem('Mật khẩu ơi'), null); // 11 characters
  assert.equal(passwordProblem('Nguyễn Thị Ánh Tuyết'), null);
});

test('password length counts characters, not UTF-16 units, at the minimum: astral-plane characters', () => {
  // Each emoji is two UTF-16 code units: five of them are `.length` 10 but only 5 characters.
  assert.equal('😀'.repeat(5).length, 10);
  assert.equal(passwordProblem('😀'.repeat(5)), 'identity.password_too_short');
  assert.equal(passwordProblem('😀'.repeat(10)), null);
});

test('password length: the maximum is 200', () => {
  assert.equal(PASSWORD_MAX, 200);
  assert.equal(passwordProblem('a'.repeat(200)), null);
  assert.equal(passwordProblem('a'.repeat(201)), 'identity.password_too_long');
  assert.equal(passwordProblem('ệ'.repeat(200)), null, '200 Vietnamese characters (600 bytes) are allowed');
  assert.equal(passwordProblem('ệ'.repeat(201)), 'identity.password_too_long');
  assert.equal(passwordProblem('a'.repeat(100_000)), 'identity.password_too_long');
});

test('lockout: the account locks on the threshold-th failure in a row, not before', () => {
  let state = { failedAttempts: 0, lockedUntil: null as Date | null };
  for (let i = 1; i < THRESHOLD; i++) {
    state = afterFailedAttempt(state.failedAttempts, NOW, THRESHOLD, MINUTES);
    assert.deepEqual(state, { failedAttempts: i, lockedUntil: null }, `after ${i} failures`);
    assert.equal(isLocked(state.lockedUntil, NOW), false);
  }
  state = afterFailedAttempt(state.failedAttempts, NOW, THRESHOLD, MINUTES);
  assert.equal(state.lockedUntil?.toISOString(), '2025-03-01T08:15:00.000Z');
  assert.equal(state.failedAttempts, 0, 'the count restarts once locked');
  assert.equal(isLocked(state.lockedUntil, NOW), true);
});

test('lockout: a threshold of 1 locks at once; a count already past the threshold locks', () => {
  assert.notEqual(afterFailedAttempt(0, NOW, 1, MINUTES).lockedUntil, null);
  assert.notEqual(afterFailedAttempt(9, NOW, THRESHOLD, MINUTES).lockedUntil, null);
});

test('isLocked: locked strictly before the expiry, free at and after it', () => {
  const until = new Date(NOW.getTime() + MINUTES * 60_000);
  assert.equal(isLocked(null, NOW), false);
  assert.equal(isLocked(until, NOW), true);
  assert.equal(isLocked(until, new Date(until.getTime() - 1)), true);
  assert.equal(isLocked(until, until), false);
  assert.equal(isLocked(until, new Date(until.getTime() + 1)), false);
});

test('minutesLeft rounds up and never says zero', () => {
  const until = new Date(NOW.getTime() + MINUTES * 60_000);
  assert.equal(minutesLeft(until, NOW), 15);
  assert.equal(minutesLeft(until, new Date(NOW.getTime() + 1)), 15);
  assert.equal(minutesLeft(until, new Date(NOW.getTime() + 60_000)), 14);
  assert.equal(minutesLeft(until, new Date(until.getTime() - 1)), 1);
  assert.equal(minutesLeft(until, until), 1);
  assert.equal(minutesLeft(until, new Date(until.getTime() + 3_600_000)), 1);
});

test('username, phone and e-mail patterns', () => {
  for (const ok of ['abc', 'nguyen.van.a', 'ubnd_xa-01', 'a'.repeat(40)]) assert.match(ok, USERNAME_PATTERN);
  for (const bad of ['ab', 'a'.repeat(41), 'Nguyen', 'nguyễn', 'a b', 'a@b', '']) assert.doesNotMatch(bad, USERNAME_PATTERN);
  for (const ok of ['0912345678', '0241234567']) assert.match(ok, PHONE_PATTERN);
  for (const bad of ['912345678', '+84912345678', '09123456789', '091234567a', '0912 345 678']) assert.doesNotMatch(bad, PHONE_PATTERN);
  for (const ok of ['a@b.vn', 'can.bo@xa.gov.vn']) assert.match(ok, EMAIL_PATTERN);
  for (const bad of ['a@b', '@b.vn', 'a b@c.vn', 'a@b.c', 'plain']) assert.doesNotMatch(bad, EMAIL_PATTERN);
});

test('password length and hashing see the same password whether typed composed (NFC) or decomposed (NFD)', async () => {
  const composed = 'Mường Đăng 2026';
  const decomposed = composed.normalize('NFD');
  assert.notEqual(composed, decomposed);
  assert.equal(passwordProblem('ệệệệệệệệệ'.normalize('NFD')), 'identity.password_too_short', 'nine characters, however encoded');
  assert.equal(passwordProblem('😀'.repeat(150)), null, '150 characters are within the maximum');
  const { hashPassword, verifyPassword } = await import('../../src/modules/identity/passwords.ts');
  const stored = await hashPassword(composed);
  assert.equal(await verifyPassword(stored, decomposed), true);
  assert.equal(await verifyPassword(stored, 'Muong Dang 2026'), false);
});
