/** The exchange part's routes: edXML import, dispatch and status trail, copies, case files. */
import type { App } from '../../../platform/http/app.ts';
import type { DocumentsContext } from '../context.ts';
import { caseFilePages } from './case-file-pages.ts';
import { exchangeActions } from './exchange-actions.ts';
import { exchangeImportPages } from './exchange-import.ts';

export function exchangeRoutes(ctx: DocumentsContext) {
  return (app: App) => {
    exchangeImportPages(ctx)(app);
    exchangeActions(ctx)(app);
    caseFilePages(ctx)(app);
  };
}
