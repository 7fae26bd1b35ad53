/**
 * Portal sync: mirrors every record and status change to the national public service portal (Cổng Dịch vụ
 * công quốc gia) in its vocabulary, through a queue that survives the portal being down. Other modules use
 * only this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PortalSyncConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';
import type { PortalClient } from './client.ts';
import { httpPortalClient } from './http-client.ts';
import { simulatorClient } from './simulator.ts';

export type { PortalClient, PortalMessage, PortalReceipt } from './client.ts';
export { PortalError } from './client.ts';
export type { PortalSyncOptions, PortalSyncResult } from './drain-portal-sync.ts';
export { drainPortalSync, startPortalSyncWorker, MAX_ATTEMPTS as PORTAL_SYNC_MAX_ATTEMPTS } from './drain-portal-sync.ts';
export { httpPortalClient } from './http-client.ts';
export { simulatorClient, listSimulatorInbox } from './simulator.ts';
export type { InboxEntry } from './simulator.ts';
export { retryFailed, setSimulatorDown } from './manage.ts';
export { countQueue, listMessagesOf, listProblems, readCursor } from './store.ts';
export type { QueueCounts, QueueRow } from './store.ts';
export { portalSyncRoutes } from './http/routes.ts';

export const portalSyncMigrations: MigrationSource = {
  module: 'portal_sync',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

export const portalSyncNav: NavItem = { href: '/admin/portal-sync', label: 'portal_sync.nav', permission: 'portal_sync.view' };

/** The configured client: the province's gateway when `PORTAL_SYNC_URL` is set, otherwise the built-in simulator. */
export function portalClientFor(db: Db, config: PortalSyncConfig): PortalClient {
  return config.url ? httpPortalClient(config) : simulatorClient(db, { forcedDown: config.simulateDown });
}
