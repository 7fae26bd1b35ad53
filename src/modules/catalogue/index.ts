/** Catalogue: the province's administrative procedures, their public pages and API. Other modules use only this file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';

export type { Procedure, ProcedureSummary, Component, FormDefinition, FormField, FormSection, OnlineLevel, TimeUnit, FeeTiming, InternalStep, ProcessingTime } from './domain/procedure.ts';
export type { FeeLine, FeeStatus, FeeQuantities } from './domain/fees.ts';
export { computeFee, formatDong } from './domain/fees.ts';
export { fold } from './domain/fold.ts';
export { findProcedureByCode, findProcedureVersionById, searchProcedures } from './store.ts';
export { catalogueFacts } from './indicator-facts.ts';
export type { CatalogueFacts, ProcedureFact } from './indicator-facts.ts';
export type { ProcedureVersion } from './store.ts';
export { seedCatalogue } from './seed-catalogue.ts';
export { catalogueRoutes } from './http/routes.ts';

export const catalogueMigrations: MigrationSource = {
  module: 'catalogue',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};
