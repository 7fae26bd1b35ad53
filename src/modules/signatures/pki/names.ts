/**
 * Distinguished names. Values are written as UTF8String (RFC 5280 §4.1.2.6: "MUST use the UTF8String
 * encoding" for new certificates), so Vietnamese diacritics survive; country and serialNumber are
 * PrintableString because X.520 allows nothing else for them. Names read back are decoded whatever
 * string type another CA used.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.ts';

export interface DistinguishedName {
  /** C: two letters, e.g. "VN". */
  country?: string;
  /** ST: province, e.g. "Điện Biên". */
  province?: string;
  /** L: district or commune. */
  locality?: string;
  /** O: the organisation (for an official, the unit they sign for). */
  organization?: string;
  /** OU: department inside the organisation. */
  organizationalUnit?: string;
  /** title: the official's position, e.g. "Chủ tịch". */
  title?: string;
  /** CN: a person's full name, a unit's name or a CA's name. */
  commonName: string;
  /** serialNumber: an identity number such as "CCCD:001234567890" (PrintableString characters only). */
  serialNumber?: string;
}

/** Attribute types in the order they are written (most general first, as openssl prints them). */
const ATTRIBUTES = [
  ['country', '2.5.4.6', 'C'],
  ['province', '2.5.4.8', 'ST'],
  ['locality', '2.5.4.7', 'L'],
  ['organization', '2.5.4.10', 'O'],
  ['organizationalUnit', '2.5.4.11', 'OU'],
  ['title', '2.5.4.12', 'title'],
  ['commonName', '2.5.4.3', 'CN'],
  ['serialNumber', '2.5.4.5', 'serialNumber'],
] as const satisfies readonly (readonly [keyof DistinguishedName, string, string])[];

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

/**
 * One attribute per RDN (SEQUENCE OF SET OF one AttributeTypeAndValue). pkijs would put every
 * attribute into a single multi-valued RDN ("C=VN + O=… + CN=…"), which other software reads badly, so
 * the DER is written here and handed to pkijs as already-encoded bytes, which it then keeps verbatim.
 */
export function buildName(name: DistinguishedName): pkijs.RelativeDistinguishedNames {
  const sets: asn1js.Set[] = [];
  for (const [field, type, label] of ATTRIBUTES) {
    const raw = name[field];
    if (raw === undefined) continue;
    // NFC: the same name typed on two keyboards (precomposed or combining marks) encodes the same.
    const value = raw.normalize('NFC').trim();
    if (value === '') throw new PkiError('pki.invalid_name', `${label} is empty`);
    const atv = new pkijs.AttributeTypeAndValue({ type, value: stringValue(field, label, value) });
    sets.push(new asn1js.Set({ value: [atv.toSchema()] }));
  }
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: sets }).toBER(false));
}

function stringValue(field: keyof DistinguishedName, label: string, value: string): asn1js.Utf8String | asn1js.PrintableString {
  if (field === 'country') {
    if (!/^[A-Z]{2}$/.test(value)) throw new PkiError('pki.invalid_name', `C must be two capital letters, got "${value}"`);
    return new asn1js.PrintableString({ value });
  }
  if (field === 'serialNumber') {
    if (!PRINTABLE.test(value)) throw new PkiError('pki.invalid_name', `${label} may only hold letters, digits and ' ()+,-./:=?`);
    return new asn1js.PrintableString({ value });
  }
  // X.520 upper bounds: 128 characters for ST and L, 64 for CN, O, OU and title.
  const max = field === 'province' || field === 'locality' ? 128 : 64;
  if ([...value].length > max) throw new PkiError('pki.invalid_name', `${label} is longer than ${max} characters`);
  return new asn1js.Utf8String({ value });
}

/** One name read back: the known fields plus a one-line form for display ("C=VN, O=…, CN=…"). */
export interface NameInfo extends Partial<DistinguishedName> {
  text: string;
}

export function readName(rdn: pkijs.RelativeDistinguishedNames): NameInfo {
  const info: Partial<Record<keyof DistinguishedName, string>> = {};
  const parts: string[] = [];
  for (const tv of rdn.typesAndValues) {
    const value = attributeText(tv.value);
    const known = ATTRIBUTES.find(([, type]) => type === tv.type);
    parts.push(`${known ? known[2] : tv.type}=${escapeValue(value)}`);
    // The first occurrence wins: a certificate with two CNs shows the first, like most software.
    if (known && info[known[0]] === undefined) info[known[0]] = value;
  }
  return { ...info, text: parts.join(', ') } as NameInfo;
}

/** Any DirectoryString choice (UTF8, Printable, BMP, Teletex, Universal, IA5) as a JS string. */
function attributeText(value: unknown): string {
  if (value && typeof value === 'object' && 'valueBlock' in value) {
    const block = (value as { valueBlock: { value?: unknown } }).valueBlock;
    if (typeof block.value === 'string') return block.value;
  }
  return '#?';
}

function escapeValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
