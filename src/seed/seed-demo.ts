import type { Db } from '../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../modules/audit/index.ts';
import { insertUnitInTrx, listUnits } from '../modules/tenancy/index.ts';
import { createCitizen, createOfficial, identityContext } from '../modules/identity/index.ts';
import type { IdentityContext } from '../modules/identity/index.ts';
import { recordAuditInTrx } from '../modules/audit/index.ts';
import { seedCatalogue } from '../modules/catalogue/index.ts';
import { DEMO_CITIZENS, DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS } from './demo-data.ts';

/** Seeds the demo province once; returns false when units already exist (nothing is touched). */
export async function seedDemo(db: Db, config: IdentityContext['config']): Promise<boolean> {
  // The procedure catalogue is reference data every install gets (serve and seed load it first); here for callers that only seed the demo.
  await seedCatalogue(db);
  if ((await listUnits(db)).length > 0) return false;
  const ids = new Map<string, number>();
  const units = await db.transaction().execute(async (trx) => {
    const created = [];
    for (const u of DEMO_UNITS) {
      const unit = await insertUnitInTrx(trx, { parentId: u.parent ? ids.get(u.parent)! : null, kind: u.kind, code: u.code, name: u.name, address: u.address, sealName: u.sealName });
      ids.set(u.key, unit.id);
      created.push(unit);
    }
    await recordAuditInTrx(trx, SYSTEM_ACTOR, { action: 'tenancy.demo_units_seeded', targetType: 'unit', targetId: ids.get('province')!, details: { count: created.length } });
    return created;
  });
  const ctx = identityContext(db, config);
  for (const o of DEMO_OFFICIALS) {
    const unit = units.find((u) => u.id === ids.get(o.unit))!;
    const result = await createOfficial(ctx, SYSTEM_ACTOR, unit, {
      username: o.username, fullName: o.fullName, position: o.position, email: '', phone: '', password: DEMO_PASSWORD, roles: o.roles, mustChangePassword: false,
    });
    if (!result.ok) throw new Error(`Demo official ${o.username} rejected: ${JSON.stringify(result.errors)}`);
  }
  for (const c of DEMO_CITIZENS) await createCitizen(ctx, SYSTEM_ACTOR, { ...c, password: DEMO_PASSWORD });
  return true;
}
