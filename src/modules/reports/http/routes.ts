import type { App } from '../../../platform/http/app.ts';
import type { Db } from '../../../platform/db/database.ts';
import { drillDownPages } from './drill-down.ts';
import { rankingPages } from './ranking-pages.ts';
import { settingsPages } from './settings-pages.ts';
import { unitDashboardPages } from './unit-dashboard.ts';

export function reportsRoutes(db: Db) {
  const parts = [unitDashboardPages(db), rankingPages(db), drillDownPages(db), settingsPages(db)];
  return (app: App) => {
    for (const register of parts) register(app);
  };
}
