import type { App } from '../../../platform/http/app.ts';
import type { RecordsContext } from '../context.ts';
import { recordsApi } from './api.ts';
import { filingPages } from './filing-pages.ts';
import { listPages } from './list-pages.ts';
import { officialPages } from './official-pages.ts';
import { recordPages } from './record-pages.ts';
import { formDownloads } from './form-downloads.ts';

export function recordsRoutes(ctx: RecordsContext) {
  return (app: App) => {
    filingPages(ctx)(app);
    listPages(ctx)(app);
    recordPages(ctx)(app);
    officialPages(ctx)(app);
    recordsApi(ctx)(app);
    formDownloads(ctx, ctx.publicUrl ?? 'http://localhost:3000')(app);
  };
}
