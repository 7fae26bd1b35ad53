/**
 * The XML layer of edXML (QCVN 102:2016, vn-rules.md §8), shared by document and status packages: reading a
 * package safely (fast-xml-parser, after refusing what could blow up — a DTD, entity declarations, a package over
 * the size cap, nesting deeper than an envelope needs), the namespace, and the date formats of the standard
 * (PromulgationDate `yyyy/MM/dd`, Timestamp `yyyy/MM/dd HH:mm:ss`, both in Vietnam time).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';

/** A package larger than this is refused before it is read (a 10 MB PDF is about 13.4 MB in base64). */
export const MAX_PACKAGE_BYTES = 16 * 1024 * 1024;
/** An envelope nests 6 levels; anything much deeper is not edXML. */
const MAX_DEPTH = 16;

export type EdxmlProblemCode =
  | 'too_large' | 'not_utf8' | 'doctype' | 'malformed' | 'too_deep' | 'not_edxml' | 'namespace'
  | 'missing_from' | 'missing_organ_id' | 'missing_organ_name' | 'missing_subject' | 'missing_code' | 'missing_type'
  | 'bad_date' | 'bad_timestamp' | 'bad_business_doc_type' | 'bad_priority' | 'too_long'
  | 'no_attachments' | 'too_many_attachments' | 'attachment_not_base64' | 'attachment_too_large' | 'attachment_empty'
  | 'attachment_unlisted' | 'attachment_missing' | 'attachment_duplicate' | 'attachment_name'
  | 'missing_status' | 'bad_status_code' | 'bad_text';

/** One thing wrong with a package: what, and where (the element's path). */
export interface EdxmlProblem {
  code: EdxmlProblemCode;
  field?: string;
}

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const VIETNAM_OFFSET_MS = 7 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026/03/05` from `2026-03-05`. */
export const edxmlDate = (day: string): string => day.replaceAll('-', '/');

/** `yyyy/MM/dd HH:mm:ss`, Vietnam time. */
export function edxmlTimestamp(at: Date): string {
  const v = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  return `${v.getUTCFullYear()}/${pad(v.getUTCMonth() + 1)}/${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
}

const validDay = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2100;
};

/** `2026-03-05` from `2026/03/05`, or null. */
export function parseEdxmlDate(text: string): string | null {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(text);
  if (!m || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** The instant of `yyyy/MM/dd HH:mm:ss` (Vietnam time), or null. */
export function parseEdxmlTimestamp(text: string): Date | null {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - VIETNAM_OFFSET_MS);
}

// --- reading ---------------------------------------------------------------------------------------

/**
 * Reads a package into plain nodes (local names, no prefixes; attributes as `@name`), or the problem that stops it.
 * Only the `edXML` prefix (or none) in the edXML namespace is accepted.
 */
export function readPackage(bytes: Uint8Array): { root: XmlNode; rootName: string } | { problem: EdxmlProblem } {
  if (bytes.byteLength > MAX_PACKAGE_BYTES) return { problem: { code: 'too_large' } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { problem: { code: 'not_utf8' } };
  }
  // No DTD at all: no internal entities to expand (billion laughs), no external ones to fetch.
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i.test(text)) return { problem: { code: 'doctype' } };
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) return { problem: { code: 'malformed', field: `${valid.err.line}:${valid.err.col}` } };
  const prefixes = new Set<string>();
  const local = (name: string) => {
    const i = name.indexOf(':');
    if (i < 0) return name;
    prefixes.add(name.slice(0, i));
    return name.slice(i + 1);
  };
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: true,
    // The five XML entities and character references only: there is no DTD to declare others.
    processEntities: true, htmlEntities: true, ignoreDeclaration: true, ignorePiTags: true, maxNestedTags: MAX_DEPTH,
    transformTagName: local,
  });
  let parsed: XmlNode;
  try {
    parsed = parser.parse(text) as XmlNode;
  } catch (error) {
    return { problem: { code: /nested/i.test(String(error)) ? 'too_deep' : 'malformed' } };
  }
  const names = Object.keys(parsed).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (names.length !== 1) return { problem: { code: 'not_edxml' } };
  const rootName = names[0]!;
  const root = parsed[rootName];
  if (typeof root !== 'object' || Array.isArray(root)) return { problem: { code: 'not_edxml' } };
  if ([...prefixes].some((p) => p !== EDXML_PREFIX && p !== 'xml')) return { problem: { code: 'namespace' } };
  const declared = [root['@xmlns'], root[`@xmlns:${EDXML_PREFIX}`]].filter((v) => v !== undefined);
  if (declared.length === 0 || declared.some((v) => v !== EDXML_NS)) return { problem: { code: 'namespace' } };
  return { root, rootName };
}

/** The one child of that name (the first if repeated), or undefined. */
export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
  const v = node[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Every child of that name. */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return [];
  const v = node[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The text of an element (an element with attributes keeps its text under `#text`); '' when absent. */
export function textOf(node: XmlValue | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return textOf(node[0]);
  const t = node['#text'];
  return typeof t === 'string' ? t : '';
}

/** The text at a path of child names. */
export const textAt = (node: XmlValue | undefined, ...path: string[]): string => textOf(path.reduce<XmlValue | undefined>((n, p) => child(n, p), node)).trim();

/** Collects problems while reading fields with limits. */
export class Reader {
  readonly problems: EdxmlProblem[] = [];

  problem(code: EdxmlProblemCode, field?: string): void {
    this.problems.push(field === undefined ? { code } : { code, field });
  }

  /** Text no longer than `max` characters; a longer one is a problem (and '' is returned). */
  text(node: XmlValue | undefined, field: string, max: number, required?: EdxmlProblemCode): string {
    const value = textOf(node).trim();
    if (value === '' && required) this.problem(required, field);
    if (value.length > max) {
      this.problem('too_long', field);
      return '';
    }
    // Control characters (a decoded `&#0;`) and lone surrogates cannot be stored or shown.
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value) || !value.isWellFormed()) {
      this.problem('bad_text', field);
      return '';
    }
    return value;
  }
}

// --- writing ---------------------------------------------------------------------------------------

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: ' ', suppressEmptyNode: false, processEntities: true });

/** Prefixes every element name of a tree with `edXML:` (attributes and `#text` kept). */
export function prefixed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prefixed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k.startsWith('@') || k.startsWith('#') ? k : `${EDXML_PREFIX}:${k}`, prefixed(v)]));
}

/**
 * A package: `<edXML xmlns=… xmlns:edXML=…>` holding the envelope (edXML-prefixed) and, for a document, the encoded
 * attachments (unprefixed, in the default namespace — the same one).
 */
export function writePackage(envelope: Record<string, unknown>, attachments?: Record<string, unknown>): Uint8Array {
  const tree = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    edXML: { '@xmlns': EDXML_NS, [`@xmlns:${EDXML_PREFIX}`]: EDXML_NS, [`${EDXML_PREFIX}:edXMLEnvelope`]: prefixed(envelope), ...(attachments ? { AttachmentEncoded: attachments } : {}) },
  };
  return new TextEncoder().encode(builder.build(tree) as string);
}
