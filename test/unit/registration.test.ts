import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CODE_MAX_ATTEMPTS, checkRegistration, codeHash, normaliseCode, parseContact, registrationState, resendWaitSeconds,
} from '../../src/modules/identity/index.ts';
import { MAX_ATTEMPTS, renderMessage, retryDelayMs } from '../../src/modules/notifications/index.ts';

describe('registration rules', () => {
  it('reads a phone number or an email address as people type them', () => {
    assert.deepEqual(parseContact('0912345678'), { kind: 'phone', value: '0912345678' });
    assert.deepEqual(parseContact(' 0912 345 678 '), { kind: 'phone', value: '0912345678' });
    assert.deepEqual(parseContact('091.234.5678'), { kind: 'phone', value: '0912345678' });
    assert.deepEqual(parseContact('+84912345678'), { kind: 'phone', value: '0912345678' });
    assert.deepEqual(parseContact('Mai.Lo@Example.VN'), { kind: 'email', value: 'mai.lo@example.vn' });
    for (const bad of ['', '091234567', '09123456789', '1912345678', 'abc', 'a@b', '@example.vn', 'a b@example.vn', '0912345678@']) {
      assert.equal(parseContact(bad), null, bad);
    }
  });

  it('checks the form field by field', () => {
    const ok = checkRegistration({ fullName: '  Lò   Thị Mai ', contact: '0912345678', password: 'mot-mat-khau-dai', confirm: 'mot-mat-khau-dai' });
    assert.deepEqual(ok.errors, {});
    assert.equal(ok.fullName, 'Lò Thị Mai');
    assert.deepEqual(checkRegistration({ fullName: '', contact: 'x', password: 'short', confirm: 'short' }).errors, {
      fullName: 'identity.name_required', contact: 'register.contact_invalid', password: 'identity.password_too_short',
    });
    assert.deepEqual(checkRegistration({ fullName: 'A', contact: 'a@example.vn', password: 'mot-mat-khau-dai', confirm: 'mot-mat-khau-khac' }).errors, { confirm: 'identity.password_mismatch' });
    // The same password typed composed and decomposed is the same password.
    const nfc = 'mật-khẩu-tiếng-việt';
    assert.deepEqual(checkRegistration({ fullName: 'A', contact: 'a@example.vn', password: nfc, confirm: nfc.normalize('NFD') }).errors, {});
  });

  it('accepts a code of six digits with spaces, nothing else', () => {
    assert.equal(normaliseCode('012345'), '012345');
    assert.equal(normaliseCode(' 012 345 '), '012345');
    assert.equal(normaliseCode('012-345'), '012345');
    for (const bad of ['', '12345', '1234567', 'abcdef', '٠١٢٣٤٥', '12 34 5']) assert.equal(normaliseCode(bad), null, bad);
  });

  it('binds a code hash to the registration and the key', () => {
    const key = Buffer.alloc(32, 1);
    const h = codeHash(key, 'token-a', '123456');
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(codeHash(key, 'token-a', '123456'), h);
    assert.notEqual(codeHash(key, 'token-b', '123456'), h);
    assert.notEqual(codeHash(key, 'token-a', '123457'), h);
    assert.notEqual(codeHash(Buffer.alloc(32, 2), 'token-a', '123456'), h);
  });

  it('counts the resend cooldown in whole seconds', () => {
    const sent = new Date('2026-01-01T00:00:00Z');
    assert.equal(resendWaitSeconds(sent, new Date('2026-01-01T00:00:00Z')), 60);
    assert.equal(resendWaitSeconds(sent, new Date('2026-01-01T00:00:59.500Z')), 1);
    assert.equal(resendWaitSeconds(sent, new Date('2026-01-01T00:01:00Z')), 0);
  });

  it('derives the state from status, attempts and expiry', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const soon = new Date('2026-01-01T00:05:00Z');
    assert.equal(registrationState({ status: 'pending', attempts: 0, expiresAt: soon }, now), 'pending');
    assert.equal(registrationState({ status: 'pending', attempts: CODE_MAX_ATTEMPTS, expiresAt: soon }, now), 'void');
    assert.equal(registrationState({ status: 'pending', attempts: 0, expiresAt: now }, now), 'expired');
    assert.equal(registrationState({ status: 'completed', attempts: 0, expiresAt: soon }, now), 'completed');
    assert.equal(registrationState({ status: 'void', attempts: 1, expiresAt: soon }, now), 'void');
  });
});

describe('outbox rules', () => {
  it('backs off exponentially, capped, and gives up after the last attempt', () => {
    assert.equal(retryDelayMs(1), 30_000);
    assert.equal(retryDelayMs(2), 60_000);
    assert.equal(retryDelayMs(3), 120_000);
    assert.equal(retryDelayMs(MAX_ATTEMPTS), null);
    assert.equal(retryDelayMs(12, 20), 60 * 60_000, 'at most an hour');
  });

  it('renders a template from the Vietnamese catalogue and refuses unknown ones', () => {
    assert.match(renderMessage('identity.registration_code', { code: '042917', minutes: 10 }), /042917.*10 phut/);
    assert.throws(() => renderMessage('identity.nothing', {}), /Unknown message template/);
    assert.throws(() => renderMessage('constructor', {}), /Unknown message template/);
  });
});
