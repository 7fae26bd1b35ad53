/**
 * The production guard on PAYMENT_GATEWAY: the built-in sandbox lets anyone "pay" on its page without money, so
 * with NODE_ENV=production the gateway must be named explicitly, and the sandbox is accepted only with
 * PAYMENT_SANDBOX_IN_PRODUCTION=true. The error is thrown while the configuration is read, before anything starts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, paymentsFrom } from '../../src/platform/config.ts';

const NATIONAL = { PAYMENT_GATEWAY: 'national', PAYMENT_GATEWAY_URL: 'https://paygate.example.vn', PAYMENT_MERCHANT_ID: 'XA-TAVAN', PAYMENT_SECRET: 's'.repeat(40) };

describe('PAYMENT_GATEWAY in production', () => {
  it('refuses to start when PAYMENT_GATEWAY is not set', () => {
    assert.throws(() => paymentsFrom({ NODE_ENV: 'production' }, 'app-secret'), /NODE_ENV=production: set PAYMENT_GATEWAY explicitly/);
    assert.throws(() => paymentsFrom({ NODE_ENV: 'production', PAYMENT_GATEWAY: '  ' }, 'app-secret'), /set PAYMENT_GATEWAY explicitly/);
    // loadConfig is what the server calls at start: the same error stops it.
    assert.throws(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: 'a'.repeat(40), DATA_DIR: '/nonexistent-smart-commune' }), /set PAYMENT_GATEWAY explicitly/);
  });

  it('refuses the sandbox unless PAYMENT_SANDBOX_IN_PRODUCTION=true', () => {
    assert.throws(() => paymentsFrom({ NODE_ENV: 'production', PAYMENT_GATEWAY: 'sandbox' }, 'app-secret'), /PAYMENT_SANDBOX_IN_PRODUCTION=true/);
    assert.throws(() => paymentsFrom({ NODE_ENV: 'production', PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_IN_PRODUCTION: 'yes' }, 'app-secret'), /PAYMENT_SANDBOX_IN_PRODUCTION=true/);
    const c = paymentsFrom({ NODE_ENV: 'production', PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_IN_PRODUCTION: 'true' }, 'app-secret');
    assert.equal(c.gateway, 'sandbox');
  });

  it('accepts the national platform, fully configured', () => {
    assert.equal(paymentsFrom({ NODE_ENV: 'production', ...NATIONAL }).gateway, 'national');
    assert.throws(() => paymentsFrom({ NODE_ENV: 'production', ...NATIONAL, PAYMENT_SECRET: '' }), /PAYMENT_SECRET/);
  });

  it('outside production the sandbox stays the default', () => {
    assert.equal(paymentsFrom({}, 'app-secret').gateway, 'sandbox');
    assert.equal(paymentsFrom({ NODE_ENV: 'test' }, 'app-secret').gateway, 'sandbox');
    assert.equal(paymentsFrom({ NODE_ENV: 'development' }, 'app-secret').gateway, 'sandbox');
  });
});
