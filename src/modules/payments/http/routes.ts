import type { App } from '../../../platform/http/app.ts';
import type { PaymentsConfig } from '../../../platform/config.ts';
import type { PaymentsContext } from '../context.ts';
import { paymentsApi } from './api.ts';
import { citizenPages } from './citizen-pages.ts';
import { paymentListPages } from './payment-list-pages.ts';
import { reconciliationPages } from './reconciliation-pages.ts';
import { receiptDownloads } from './receipt-downloads.ts';
import { refundPages } from './refund-pages.ts';
import { sandboxPages } from './sandbox-pages.ts';

/** The payment pages and API; the sandbox gateway's page only when the sandbox is the gateway. */
export function paymentsRoutes(ctx: PaymentsContext, config: Pick<PaymentsConfig, 'secret' | 'merchantId'>) {
  return async (app: App) => {
    citizenPages(ctx)(app);
    paymentListPages(ctx)(app);
    reconciliationPages(ctx)(app);
    receiptDownloads(ctx)(app);
    refundPages(ctx)(app);
    await paymentsApi(ctx)(app);
    if (ctx.gateway.name === 'sandbox') sandboxPages(ctx.db, config)(app);
  };
}
