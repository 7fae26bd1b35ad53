import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { UnitKind } from './unit.ts';

/** Which kinds of unit may sit directly under which: province → commune or ward → village. */
const CHILD_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  province: ['commune', 'ward'],
  commune: ['village'],
  ward: ['village'],
  village: [],
};

export function childKindsOf(kind: UnitKind): readonly UnitKind[] {
  return CHILD_KINDS[kind];
}

export function mayContain(parent: UnitKind, child: string): child is UnitKind {
  return (CHILD_KINDS[parent] as readonly string[]).includes(child);
}

/**
 * The province, communes and wards are agencies: they have an electronic agency code and a seal.
 * Villages (thôn, bản, tổ dân phố) are areas inside a commune and have neither.
 */
export function isAgency(kind: UnitKind): boolean {
  return kind !== 'village';
}

/** Electronic agency codes (QĐ 20/2020/QĐ-TTg) such as `H11.35.01` or `000.00.31.H11`: letters, digits and dots, 2–40 characters. */
export const AGENCY_CODE_PATTERN = /^(?=.{2,40}$)[A-Z0-9]+(?:\.[A-Z0-9]+)*$/;

/** Codes are compared and stored in capitals, so `h11.35.01` and `H11.35.01` cannot both exist. */
export const normaliseAgencyCode = (text: string) => text.trim().toUpperCase();

export const UNIT_NAME_MAX = 120;
export const ADDRESS_MAX = 300;
export const SEAL_NAME_MAX = 200;

/** Composed Unicode (NFC), no control characters, runs of white space as one space. */
export const normaliseText = (text: string) => text.normalize('NFC').replace(/[\s\p{Cc}]+/gu, ' ').trim();

/** Two sibling units may not share a name: compared without regard to case or Unicode composition. */
export const sameUnitName = (a: string, b: string) => normaliseText(a).toLocaleLowerCase('vi') === normaliseText(b).toLocaleLowerCase('vi');

export interface UnitFieldsInput {
  name: string;
  address: string;
  code: string;
  sealName: string;
}

export interface UnitFields {
  name: string;
  address: string;
  /** Null for villages. */
  code: string | null;
  /** Empty for villages. */
  sealName: string;
}

export type UnitFieldErrors = Partial<Record<keyof UnitFieldsInput, MessageKey>>;

/** Cleans and checks what a person typed for a unit of `kind`; a village's code and seal name are ignored. */
export function checkUnitFields(kind: UnitKind, input: UnitFieldsInput): { fields: UnitFields; errors: UnitFieldErrors } {
  const errors: UnitFieldErrors = {};
  const agency = isAgency(kind);
  const name = normaliseText(input.name);
  if (name.length === 0 || [...name].length > UNIT_NAME_MAX) errors.name = 'tenancy.name_required';
  const code = agency ? normaliseAgencyCode(input.code) : null;
  if (code !== null) {
    if (code === '') errors.code = 'tenancy.code_required';
    else if (!AGENCY_CODE_PATTERN.test(code)) errors.code = 'tenancy.code_invalid';
  }
  const address = normaliseText(input.address);
  if ([...address].length > ADDRESS_MAX) errors.address = 'tenancy.address_too_long';
  const sealName = agency ? normaliseText(input.sealName) : '';
  if ([...sealName].length > SEAL_NAME_MAX) errors.sealName = 'tenancy.seal_name_too_long';
  return { fields: { name, address, code, sealName }, errors };
}
