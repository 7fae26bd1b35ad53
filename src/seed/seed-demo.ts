import type { Db } from '../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../modules/audit/index.ts';
import { insertUnitInTrx, isAgency, listUnits, uploadSealImage } from '../modules/tenancy/index.ts';
import { saveSignatureImage } from '../modules/signatures/index.ts';
import { demoSealPng, demoSignaturePng } from './demo-images.ts';
import { sql } from 'kysely';
import { hashSeedPasswords, insertSeedAccountsInTrx, listOfficialsOfUnit } from '../modules/identity/index.ts';
import { recordAuditInTrx } from '../modules/audit/index.ts';
import { seedCatalogue } from '../modules/catalogue/index.ts';
import { seedCalendar } from '../modules/calendar/index.ts';
import { DEMO_CITIZENS, DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS } from './demo-data.ts';

/**
 * Seeds the demo province once, in one transaction (an interrupted first start leaves nothing half
 * seeded); returns false when units already exist (nothing is touched).
 */
export async function seedDemo(db: Db): Promise<boolean> {
  // The procedure catalogue and the official holiday schedules are reference data every install gets (serve and seed load
  // them first); here for callers that only seed the demo.
  await seedCatalogue(db);
  await seedCalendar(db);
  if ((await listUnits(db)).length > 0) return false;
  const officials = await hashSeedPasswords(DEMO_OFFICIALS.map((o) => ({ ...o, password: DEMO_PASSWORD })));
  const citizens = await hashSeedPasswords(DEMO_CITIZENS.map((c) => ({ ...c, password: DEMO_PASSWORD })));
  const seeded = await db.transaction().execute(async (trx) => {
    // Two processes starting at once on an empty PostgreSQL database: the second finds the units and stops.
    await sql`select pg_advisory_xact_lock(727275)`.execute(trx);
    if ((await listUnits(trx)).length > 0) return false;
    const ids = new Map<string, number>();
    for (const u of DEMO_UNITS) {
      const unit = await insertUnitInTrx(trx, { parentId: u.parent ? ids.get(u.parent)! : null, kind: u.kind, code: u.code, name: u.name, address: u.address, sealName: u.sealName });
      ids.set(u.key, unit.id);
    }
    await recordAuditInTrx(trx, SYSTEM_ACTOR, { action: 'tenancy.demo_units_seeded', targetType: 'unit', targetId: ids.get('province')!, details: { count: DEMO_UNITS.length } });
    await insertSeedAccountsInTrx(
      trx,
      SYSTEM_ACTOR,
      officials.map((o) => ({ ...o, unitId: ids.get(o.unit)! })),
      citizens,
    );
    return true;
  });
  if (seeded) await seedDemoImages(db);
  return seeded;
}

/** The communes' seals and the leaders' handwritten signatures, for signed results in the demo. */
async function seedDemoImages(db: Db): Promise<void> {
  const seal = demoSealPng();
  const signature = demoSignaturePng();
  for (const unit of (await listUnits(db)).filter((u) => isAgency(u.kind) && u.parentId !== null)) {
    const result = await uploadSealImage(db, SYSTEM_ACTOR, unit, { data: seal, truncated: false });
    if (!result.ok) throw new Error(`demo seal of ${unit.name}: ${result.error}`);
    for (const leader of (await listOfficialsOfUnit(db, unit.id)).filter((o) => o.roles.includes('chairman') || o.roles.includes('vice_chairman'))) {
      const saved = await saveSignatureImage({ db }, SYSTEM_ACTOR, { officialId: leader.id, unitId: unit.id }, { data: signature });
      if (!saved.ok) throw new Error(`demo signature image: ${saved.error}`);
    }
  }
}
