/**
 * The built-in sandbox gateway (`PAYMENT_GATEWAY=sandbox`, the default): it behaves like the national payment
 * platform, keeping its own books (`payment_sandbox_transactions`) in the same database. A transaction it
 * creates has a page, `/sandbox-gateway/pay/<txn>` (`http/sandbox-pages.ts`), where the citizen confirms or
 * cancels; it then posts the signed callback (`wire.ts`) to the platform's callback endpoint, over the real
 * HTTP pipeline, and sends the browser to the return URL. Asking it about a transaction reads its books.
 */
import crypto from 'node:crypto';
import type { Db } from '../../../platform/db/database.ts';
import type { PaymentsConfig } from '../../../platform/config.ts';
import type { Gateway, QueriedTransaction } from '../domain/gateway.ts';
import { findSandboxTransaction, insertSandboxTransaction } from '../store.ts';
import { decodeCallback } from '../wire.ts';

export const SANDBOX_PAGE = '/sandbox-gateway/pay';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** SBX and 20 random letters and digits (119 bits). */
export function newSandboxTxnId(): string {
  const bytes = crypto.randomBytes(20);
  return `SBX${[...bytes].map((b) => ALPHANUMERIC[b % 62]).join('')}`;
}

export function sandboxGateway(db: Db, config: Pick<PaymentsConfig, 'merchantId' | 'secret' | 'channel'>, publicUrl: string): Gateway {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    name: 'sandbox',
    channel: config.channel,
    async createTransaction(r) {
      const row = await insertSandboxTransaction(db, {
        txn_id: newSandboxTxnId(), merchant_id: config.merchantId, merchant_name: r.merchantName, order_id: r.orderId, record_code: r.recordCode,
        description: r.description, amount: r.amount, currency: r.currency, return_url: r.returnUrl,
      });
      return { gatewayTxnId: row.txn_id, redirectUrl: `${base}${SANDBOX_PAGE}/${row.txn_id}` };
    },
    async queryTransaction(gatewayTxnId): Promise<QueriedTransaction> {
      const row = await findSandboxTransaction(db, gatewayTxnId);
      if (!row || row.merchant_id !== config.merchantId) return { status: 'unknown', amount: null, currency: null, paidAt: null };
      return { status: row.status, amount: Number(row.amount), currency: row.currency, paidAt: row.status === 'paid' ? row.decided_at : null };
    },
    verifyCallback: (raw, headers, now) => decodeCallback(config.secret, config.merchantId, raw, headers, now),
  };
}
