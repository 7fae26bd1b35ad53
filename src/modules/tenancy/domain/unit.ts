export const UNIT_KINDS = ['province', 'commune', 'ward', 'village'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: number;
  parentId: number | null;
  kind: UnitKind;
  /** Electronic agency code (QĐ 20/2020/QĐ-TTg); null for villages. */
  code: string | null;
  name: string;
  address: string;
  /** Materialised path of ids, e.g. `/1/4/`. */
  path: string;
  /** The agency name as it stands on the seal and on the agency's signature. */
  sealName: string;
  requireTwoFactor: boolean;
}

/** A unit is within reach of an official when it is the official's unit or lies below it. */
export function unitIsWithin(target: Pick<Unit, 'path'>, scope: Pick<Unit, 'path'>): boolean {
  return target.path.startsWith(scope.path);
}
