/** What the service-index indicators (issue #7) need to know about the catalogue, read in two queries. */
import type { Db, Trx } from '../../platform/db/database.ts';
import type { OnlineLevel } from './domain/procedure.ts';
import { catalogueDb, inForce, todayInVietnam } from './store.ts';

/** A procedure as it stands today (the version in force). */
export interface ProcedureFact {
  code: string;
  name: string;
  /** Implementing level includes the commune ('Cấp xã'): the denominator of indicator 3.1 at commune level. */
  communeLevel: boolean;
  onlineLevel: OnlineLevel;
  /** It has fee information: charged with at least one non-zero line (the Y of indicator 3.5). */
  hasFee: boolean;
  paperResult: boolean;
  /** The seven parts of Decree 63/2010 Art. 8(2) are all published (indicator 1.3). */
  complete: boolean;
}

export interface CatalogueFacts {
  inForce: ProcedureFact[];
  /** Every published version whose procedure issues a paper result: records point at versions (indicators 3.3, 4.1, 4.2). */
  paperResultVersionIds: number[];
}

export async function catalogueFacts(db: Db | Trx, today: string = todayInVietnam()): Promise<CatalogueFacts> {
  const c = catalogueDb(db);
  // Both at once: the dashboards wait for this before their aggregate.
  const [rows, versions] = await Promise.all([
    c.selectFrom('procedures')
      .select(['code', 'name', 'level', 'online_level', 'fee_status', 'fee_lines', 'paper_result_required', 'agencies', 'steps', 'methods', 'subjects', 'processing_time_value'])
      .select((eb) => eb.exists(eb.selectFrom('procedure_components as pc').select('pc.position').whereRef('pc.procedure_id', '=', 'procedures.id')).as('has_components'))
      .where((eb) => inForce(eb, today))
      .orderBy('code').execute(),
    c.selectFrom('procedures').select('id').where('status', '=', 'published').where('paper_result_required', '=', true).execute(),
  ]);
  return {
    inForce: rows.map((r) => ({
      code: r.code,
      name: r.name,
      communeLevel: /cấp xã/i.test(r.level),
      onlineLevel: r.online_level,
      hasFee: r.fee_status === 'charged' && (r.fee_lines as { amount?: number }[]).some((l) => Number(l.amount ?? 0) > 0),
      paperResult: r.paper_result_required,
      complete: r.name.trim() !== '' && (r.steps as unknown[]).length > 0 && (r.methods as unknown[]).length > 0 && Boolean(r.has_components)
        && r.processing_time_value !== null && r.subjects.trim() !== '' && (r.agencies as unknown[]).length > 0,
    })),
    paperResultVersionIds: versions.map((v) => Number(v.id)),
  };
}
