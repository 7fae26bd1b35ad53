/** The pages and steps of part I (incoming documents, the shared document page, tasks), as one route factory. */
import type { App } from '../../../platform/http/app.ts';
import type { DocumentsContext } from '../context.ts';
import { documentPage } from './document-page.ts';
import { incomingActions } from './incoming-actions.ts';
import { incomingBookPages } from './incoming-book.ts';
import { incomingListPages } from './incoming-list-pages.ts';
import { registerPages } from './register-pages.ts';
import { taskPages } from './task-pages.ts';

export function incomingRoutes(ctx: DocumentsContext) {
  return (app: App) => {
    incomingListPages(ctx)(app);
    registerPages(ctx)(app);
    incomingBookPages(ctx)(app);
    documentPage(ctx)(app);
    incomingActions(ctx)(app);
    taskPages(ctx)(app);
  };
}
