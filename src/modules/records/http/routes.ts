import type { App } from '../../../platform/http/app.ts';
import type { RecordsContext } from '../context.ts';
import { recordsApi } from './api.ts';
import { filingPages } from './filing-pages.ts';
import { listPages } from './list-pages.ts';
import { officialPages } from './official-pages.ts';
import { recordPages } from './record-pages.ts';

export function recordsRoutes(ctx: RecordsContext) {
  return (app: App) => {
    filingPages(ctx)(app);
    listPages(ctx)(app);
    recordPages(ctx)(app);
    officialPages(ctx)(app);
    recordsApi(ctx)(app);
  };
}
