import type { App } from '../../../platform/http/app.ts';
import type { PeriodicReportsContext } from '../context.ts';
import { communePages } from './commune-pages.ts';
import { exportRoutes } from './exports.ts';
import { requestPages } from './request-pages.ts';
import { templatePages } from './template-pages.ts';

/** The province's pages (reports.request) and the commune's (reports.submit). */
export function periodicReportsRoutes(ctx: PeriodicReportsContext) {
  return (app: App) => {
    templatePages(ctx)(app);
    requestPages(ctx)(app);
    communePages(ctx)(app);
    exportRoutes(ctx)(app);
  };
}
