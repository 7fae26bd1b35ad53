/**
 * Payments: online payment of records' fees through a gateway port — the national payment platform, or the
 * built-in sandbox that behaves like it — with signed, idempotent server-to-server callbacks, and a worker that
 * settles or expires payments that never heard back. Cash and transfers at the desk are the records module's
 * "confirm payment". Other modules use only this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PaymentsConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';
import { calendarDeadlines } from '../records/index.ts';
import type { Deadlines } from '../records/index.ts';
import type { SignaturesContext } from '../signatures/index.ts';
import { nationalGateway } from './adapters/national-gateway.ts';
import { sandboxGateway } from './adapters/sandbox-gateway.ts';
import type { PaymentsContext } from './context.ts';
import type { Gateway } from './domain/gateway.ts';

export type { PaymentsContext } from './context.ts';
export type { Gateway, TransactionRequest, CreatedTransaction, QueriedTransaction, CallbackMessage, CallbackRefusal, VerifiedCallback } from './domain/gateway.ts';
export { GatewayError, CURRENCY } from './domain/gateway.ts';
export type { PaymentStatus, Decision } from './domain/settlement.ts';
export { decideCallback, decideQuery, isDong, PAYMENT_STATUSES } from './domain/settlement.ts';
export { sign, verifySignature, bodyHash } from './domain/signature.ts';
export { encodeCallback, decodeCallback, SIGNATURE_HEADER, MAX_CALLBACK_AGE_MS } from './wire.ts';
export type { CallbackFields } from './wire.ts';
export { startPayment } from './create-payment.ts';
export { receiveCallback } from './receive-callback.ts';
export { settlePendingPayments, startPaymentsWorker } from './settle-pending.ts';
export type { SettleSummary } from './settle-pending.ts';
export { sandboxGateway } from './adapters/sandbox-gateway.ts';
export { nationalGateway } from './adapters/national-gateway.ts';
export { deliverSandboxCallback } from './http/sandbox-pages.ts';
export { CALLBACK_PATH } from './http/api.ts';
export { paymentsRoutes } from './http/routes.ts';
export { reconcileStatement, resultOfRun } from './reconcile-statement.ts';

/** The unit's payments list, and its daily reconciliation with the gateway's statement. */
export const paymentsNav: NavItem[] = [
  { href: '/admin/payments', label: 'payments.list.nav', permission: 'payments.view' },
  { href: '/admin/payments/reconciliation', label: 'payments.recon.nav', permission: 'payments.reconcile' },
];
export { paymentReceipt, recordReceipt, RECEIPT_FORM_SYMBOL } from './issue-receipt.ts';

export const paymentsMigrations: MigrationSource = {
  module: 'payments',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

/** The configured gateway: the national platform when `PAYMENT_GATEWAY=national`, otherwise the built-in sandbox. */
export function gatewayFor(db: Db, config: PaymentsConfig, publicUrl: string): Gateway {
  return config.gateway === 'national' ? nationalGateway(config) : sandboxGateway(db, config, publicUrl);
}

export function paymentsContext(db: Db, config: PaymentsConfig, publicUrl: string, deadlines: Deadlines = calendarDeadlines(db), signatures?: SignaturesContext): PaymentsContext {
  return { db, gateway: gatewayFor(db, config, publicUrl), publicUrl: publicUrl.replace(/\/+$/, ''), expiryMinutes: config.expiryMinutes, deadlines, ...(signatures ? { signatures } : {}) };
}
