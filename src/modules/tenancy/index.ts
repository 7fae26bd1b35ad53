/** Tenancy: the tree of administrative units. Other modules use only this file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';

export type { Unit, UnitKind } from './domain/unit.ts';
export { UNIT_KINDS, unitIsWithin } from './domain/unit.ts';
export { readPng, SEAL_MAX_BYTES, SEAL_MAX_SIDE, SEAL_MIN_SIDE } from './domain/seal-image.ts';
export { childKindsOf, isAgency } from './domain/unit-rules.ts';
export { addChildUnit, updateUnit, uploadSealImage } from './manage-units.ts';
export { findUnit, findUnitByCode, findSealImage, listUnits, listUnitsWithin, insertUnitInTrx } from './store.ts';
export { tenancyRoutes } from './http/routes.ts';
export { setUnitRequireTwoFactor } from './set-require-two-factor.ts';

export const tenancyMigrations: MigrationSource = {
  module: 'tenancy',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};
