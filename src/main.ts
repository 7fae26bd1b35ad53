/** Composition root: configuration → database → modules → HTTP server and background work. */
import path from 'node:path';
import type { Config, NotificationsConfig, PaymentsConfig, PortalSyncConfig } from './platform/config.ts';
import { notificationsFrom, paymentsFrom, portalSyncFrom } from './platform/config.ts';
import { openDatabase } from './platform/db/database.ts';
import type { Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp } from './platform/http/app.ts';
import type { App } from './platform/http/app.ts';
import { MIGRATIONS, NAV } from './modules/registry.ts';
import { findUnit, tenancyRoutes } from './modules/tenancy/index.ts';
import { PERMISSIONS, identityContext, identityPendingRedirects, identityRoutes, purgeExpiredSessions, resolveSession } from './modules/identity/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { homeRoutes } from './modules/workspace/index.ts';
import { catalogueRoutes } from './modules/catalogue/index.ts';
import { notificationsRoutes, senderFor, startOutboxWorker } from './modules/notifications/index.ts';
import { calendarDeadlines, recordsRoutes } from './modules/records/index.ts';
import { calendarRoutes } from './modules/calendar/index.ts';
import { portalClientFor, portalSyncRoutes, startPortalSyncWorker } from './modules/portal-sync/index.ts';
import { commandScanner, noScanner } from './platform/files/virus-scan.ts';
import { signaturesContext, signaturesRoutes } from './modules/signatures/index.ts';
import { paymentsContext, paymentsRoutes, startPaymentsWorker } from './modules/payments/index.ts';
import { periodicReportsContext, periodicReportsRoutes } from './modules/periodic-reports/index.ts';
import { reportsRoutes } from './modules/reports/index.ts';
import { documentsContext, documentsRoutes, startTextExtractionWorker } from './modules/documents/index.ts';

export async function openAndMigrate(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
  const applied = await migrate(database, MIGRATIONS);
  return { database, applied };
}

/** The web application over an open, migrated database. */
export async function createServer(config: Config, database: Database, options: { logger?: boolean | object } = {}): Promise<App> {
  const db = database.db;
  const identity = identityContext(db, config);
  const signatures = signaturesContext(db, config);
  return buildApp({
    config,
    database,
    resolveSession: (token) => resolveSession(identity, token),
    unitPath: async (unitId) => (await findUnit(db, unitId))?.path,
    knownPermissions: new Set(PERMISSIONS),
    pendingRedirects: identityPendingRedirects,
    nav: NAV,
    modules: [homeRoutes(db), identityRoutes(identity), tenancyRoutes(db, { unitChanged: (unitId) => identity.sessions.forgetUnit(unitId) }), auditRoutes(db), catalogueRoutes(db), notificationsRoutes(db, { devOutbox: config.devOutbox }),
      recordsRoutes({ db, scanner: config.virusScanCommand ? commandScanner(config.virusScanCommand) : noScanner, publicUrl: config.publicUrl, deadlines: calendarDeadlines(db), signatures }),
      portalSyncRoutes(db, { client: portalClientFor(db, config.portalSync), simulatorForcedDown: config.portalSync.simulateDown }),
      calendarRoutes(db), signaturesRoutes(signatures), paymentsRoutes(paymentsContext(db, config.payments, config.publicUrl, calendarDeadlines(db), signatures), config.payments),
      periodicReportsRoutes(periodicReportsContext(db, { signatures })), reportsRoutes(db),
      documentsRoutes(documentsContext(db, { signatures, scanner: config.virusScanCommand ? commandScanner(config.virusScanCommand) : noScanner }))],
    logger: options.logger ?? false,
  });
}

/**
 * Periodic housekeeping and the outbox worker in the same process; with several processes each runs them
 * harmlessly (the outbox is claimed with `for update skip locked`). Messages go out by SMTP (`SMTP_URL`) and
 * the HTTP SMS gateway (`SMS_GATEWAY_URL`) when configured, otherwise to the development sink.
 */
export function startBackgroundWork(database: Database, options: { outboxEveryMs?: number; notifications?: NotificationsConfig; portalSync?: PortalSyncConfig; portalSyncEveryMs?: number; payments?: PaymentsConfig; publicUrl?: string; paymentsEveryMs?: number; textsEveryMs?: number; onError?: (error: unknown) => void } = {}): () => void {
  const timer = setInterval(() => {
    purgeExpiredSessions(database.db).catch(() => undefined);
  }, 15 * 60_000);
  timer.unref();
  const sender = senderFor(options.notifications ?? notificationsFrom(process.env));
  const stopOutbox = startOutboxWorker(database.db, sender, options.outboxEveryMs ?? 5000, options.onError);
  // Records mirrored to the national portal (PORTAL_SYNC_URL) or its built-in simulator; see portal-sync/index.ts.
  const portalClient = portalClientFor(database.db, options.portalSync ?? portalSyncFrom(process.env));
  const stopPortalSync = startPortalSyncWorker(database.db, portalClient, options.portalSyncEveryMs ?? 5000, options.onError);
  // Online payments that never heard back from the gateway (PAYMENT_GATEWAY) are asked about, then settled or expired; see payments/index.ts.
  const payments = paymentsContext(database.db, options.payments ?? paymentsFrom(process.env), options.publicUrl ?? process.env.PUBLIC_URL ?? 'http://localhost:3000');
  const stopPayments = startPaymentsWorker(payments, options.paymentsEveryMs ?? 60_000, options.onError);
  // Documents' files get their text for search (pdftotext, OCR with tesseract when installed); see documents/text-extraction.ts.
  const stopTexts = startTextExtractionWorker(database.db, options.textsEveryMs ?? 10_000, options.onError);
  return () => {
    clearInterval(timer);
    stopOutbox();
    stopPortalSync();
    stopPayments();
    stopTexts();
  };
}
