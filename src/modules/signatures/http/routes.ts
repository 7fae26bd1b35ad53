/** Every route of the signatures module (the admin pages for certificates and signature images join here). */
import type { App } from '../../../platform/http/app.ts';
import type { SignaturesContext } from '../context.ts';
import { accountSignaturePages } from './account-signature-pages.ts';
import { certificatePages } from './certificate-pages.ts';
import { pkiRoutes } from './pki-routes.ts';
import { verifyApi } from './verify-api.ts';
import { verifyPages } from './verify-pages.ts';

export function signaturesRoutes(ctx: SignaturesContext) {
  return async (app: App) => {
    verifyPages(ctx)(app);
    verifyApi(ctx)(app);
    certificatePages(ctx)(app);
    accountSignaturePages(ctx)(app);
    await pkiRoutes(ctx)(app);
  };
}
