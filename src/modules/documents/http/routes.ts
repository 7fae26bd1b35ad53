import type { App } from '../../../platform/http/app.ts';
import type { DocumentsContext } from '../context.ts';
import { incomingRoutes } from './incoming-routes.ts';
import { outgoingDraftPages } from './outgoing-draft-pages.ts';
import { outgoingPages } from './outgoing-pages.ts';
import { exchangeRoutes } from './exchange-routes.ts';
import { searchPages } from './search-pages.ts';

/** Every page and API route of the documents module; each part registers its own. */
export function documentsRoutes(ctx: DocumentsContext) {
  const parts: ((app: App) => void)[] = [incomingRoutes(ctx), outgoingPages(ctx), outgoingDraftPages(ctx), exchangeRoutes(ctx), searchPages(ctx)];
  void ctx;
  return (app: App) => {
    for (const register of parts) register(app);
  };
}
