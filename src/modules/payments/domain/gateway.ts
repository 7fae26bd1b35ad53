/**
 * The gateway port: what the platform asks of a payment gateway (the national payment platform, a
 * provincial one, or the built-in sandbox). Three calls: create a transaction and get the page to send the
 * citizen to; ask how a transaction stands; read and verify the gateway's server-to-server message (the
 * callback, "IPN"). A gateway only reports: deciding what a report means for a payment is `settlement.ts`.
 */

export const CURRENCY = 'VND';

/** What we ask the gateway to collect: the record's fee, in integer đồng. */
export interface TransactionRequest {
  /** Our payment's public id: the gateway's "order id", echoed back in its messages. */
  orderId: string;
  recordCode: string;
  /** Integer đồng. */
  amount: number;
  currency: typeof CURRENCY;
  /** Where the gateway sends the citizen's browser afterwards (a page that only shows the status). */
  returnUrl: string;
  /** The payee as the gateway page names it: the commune or ward that collects the fee. */
  merchantName: string;
  /** What is paid for, as the citizen reads it on the gateway page. */
  description: string;
  /** We stop waiting then (the gateway may keep its own, longer limit). */
  expiresAt: Date;
}

export interface CreatedTransaction {
  gatewayTxnId: string;
  /** The gateway's page for this transaction. */
  redirectUrl: string;
}

/** How the gateway says a transaction stands; `unknown`: it does not know the transaction. */
export type GatewayTxnStatus = 'pending' | 'paid' | 'cancelled' | 'failed' | 'unknown';

export interface QueriedTransaction {
  status: GatewayTxnStatus;
  amount: number | null;
  currency: string | null;
  paidAt: Date | null;
}

/** A final state the gateway reports in a callback. */
export type ReportedStatus = 'paid' | 'cancelled' | 'failed';

/** A callback whose signature held, read into our terms. */
export interface CallbackMessage {
  gatewayTxnId: string;
  orderId: string;
  recordCode: string;
  amount: number;
  currency: string;
  status: ReportedStatus;
  /** When the citizen paid, as the gateway says (status paid). */
  paidAt: Date | null;
  /** When the gateway signed and sent it. */
  sentAt: Date;
}

/** Why a callback is refused before any payment is looked at. */
export type CallbackRefusal =
  /** No signature header, or not 64 hex digits. */
  | 'missing_signature'
  /** The HMAC over the exact bytes received does not match: forged, or altered on the way. */
  | 'bad_signature'
  /** Signed, but not a message we can read (not JSON, a field missing or of the wrong type). */
  | 'malformed'
  /** Signed for another merchant. */
  | 'wrong_merchant'
  /** Signed too long ago (or in the future): a captured message replayed later. */
  | 'stale';

export type VerifiedCallback = { ok: true; message: CallbackMessage } | { ok: false; reason: CallbackRefusal };

export type Headers = Record<string, string | string[] | undefined>;

export interface Gateway {
  /** `sandbox`, or the provider's name: stored with every payment. */
  readonly name: string;
  /** `DuocThanhToanTrucTuyen` of a payment through it: 1 the national payment platform, 2 a provincial one. */
  readonly channel: 1 | 2;
  /** Throws a `GatewayError` when the gateway is unreachable or refuses. */
  createTransaction(request: TransactionRequest): Promise<CreatedTransaction>;
  /** Throws a `GatewayError` when the gateway cannot be asked now. */
  queryTransaction(gatewayTxnId: string): Promise<QueriedTransaction>;
  /** Pure: checks the signature over the exact raw bytes first, then reads the message. */
  verifyCallback(rawBody: Uint8Array, headers: Headers, now: Date): VerifiedCallback;
}

export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'GatewayError';
  }
}
