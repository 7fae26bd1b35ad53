import type { Db } from '../../platform/db/database.ts';
import type { Deadlines } from '../records/index.ts';
import type { SignaturesContext } from '../signatures/index.ts';
import type { Gateway } from './domain/gateway.ts';

/** What the payment use cases need. */
export interface PaymentsContext {
  db: Db;
  gateway: Gateway;
  /** The site's public address: return URLs are built on it. */
  publicUrl: string;
  /** Minutes a payment waits for the gateway before the worker asks and expires it (`PAYMENT_EXPIRY_MINUTES`). */
  expiryMinutes: number;
  /** The record's due date moves when a record waiting for payment (status 6) resumes. */
  deadlines: Deadlines;
  /** Receipts are signed by the unit with these (absent: unsigned, as the records' forms). */
  signatures?: SignaturesContext;
}

/** The audit's name for the gateway, as the actor of what its messages change. */
export const gatewayActorName = (gateway: string) => `payment gateway: ${gateway}`;
