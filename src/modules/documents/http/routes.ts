import type { App } from '../../../platform/http/app.ts';
import type { DocumentsContext } from '../context.ts';

/** Every page and API route of the documents module; each part registers its own. */
export function documentsRoutes(ctx: DocumentsContext) {
  const parts: ((app: App) => void)[] = [];
  void ctx;
  return (app: App) => {
    for (const register of parts) register(app);
  };
}
