/** The port through which messages reach the national portal: a gateway over HTTP, or the built-in simulator. */
import type { Operation, Payload } from './wire.ts';

/** One message of the queue, as a client delivers it. */
export interface PortalMessage {
  /** Stable for the message across attempts: a portal that sees it twice keeps it once. */
  key: string;
  operation: Operation;
  recordCode: string;
  /** The unit whose record it is (not sent: the simulator keeps it for its page). */
  unitId: number;
  payload: Payload;
}

export interface PortalReceipt {
  /** The portal had already accepted this message (a repeat after a lost answer). */
  duplicate: boolean;
}

/**
 * A portal's "no". `retryable`: the portal was unavailable (down, timed out, overloaded, token expired) and
 * the same message may succeed later. Otherwise it refused the content, and sending it again will not help.
 */
export class PortalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'PortalError';
  }
}

export interface PortalClient {
  /** `simulator`, or the gateway's host, for the page and the logs. */
  readonly name: string;
  readonly kind: 'simulator' | 'http';
  /** Resolves when the portal accepted the message; throws (a `PortalError` when it answered) otherwise. */
  send(message: PortalMessage): Promise<PortalReceipt>;
}
