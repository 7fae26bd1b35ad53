/**
 * One pdf-lib parse of the whole file that also yields the object graph of each earlier revision, instead of
 * parsing the file again cut at every signed revision (two thirds of the PDF time of a two-signature file).
 *
 * Why this gives exactly what a parse of the cut file gives: pdf-lib's PDFParser reads the file front to back (it
 * never follows the xref offsets), and an object, once parsed, is a function of the bytes it read. So we record
 * every object the parser stores, in order, and note where it stands each time it has just read the `%%EOF` after
 * a `startxref` (the end of a trailer). A parse of the file cut right there (or after the end-of-line that follows)
 * reads the same bytes up to that point, stores the same objects, and then only meets the end of its input.
 * Replaying the stored objects up to that mark, and then what pdf-lib does at the end of a parse (recovering a
 * missing /Root, dropping object 0, refusing encryption), gives the same graph. A signed revision that does not end
 * at such a mark (an `%%EOF` inside a stream or a comment, a file that does not parse sequentially) is parsed
 * again on its own, as before. The objects are shared with the final document, never changed.
 *
 * This relies on pdf-lib 1.17.1's parser internals (pinned in package.json): `maybeParseTrailer`, its helpers,
 * and `context.assign`; when they are not there, every revision is parsed again.
 */
import { PDFDict, PDFDocument, PDFName, PDFParser, PDFRef, ParseSpeeds, type PDFContext, type PDFObject } from 'pdf-lib';
import { type ObjectParserInternals, speedUp } from './parser-speedups.ts';
import type { ObjectLookup } from './pdf-objects.ts';

/** What the revision comparison reads: a lookup for references and the catalog (a PDFDocument is one). */
export interface ObjectGraph {
  readonly context: ObjectLookup;
  /** Whatever /Root names; pdf-lib does not check it either (diff.ts then fails, as it did on a cut parse). */
  readonly catalog: PDFDict;
}

type TrailerInfo = PDFContext['trailerInfo'];

interface Mark {
  /** Offset just after the `%%EOF`. */
  at: number;
  /** How many (ref, object) pairs had been stored. */
  stored: number;
  trailer: TrailerInfo;
}

/** The parts of pdf-lib's PDFParser used here (protected or private in its typings). */
interface ParserInternals {
  context: PDFContext;
  bytes: { offset(): number };
  parseDocument(): Promise<PDFContext>;
  maybeParseTrailer(): unknown;
  skipWhitespaceAndComments(): void;
  skipWhitespace(): void;
  matchKeyword(keyword: number[]): boolean;
  parseRawInt(): number;
}

const codes = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const STARTXREF = codes('startxref');
const EOF = codes('%%EOF');

type DocumentConstructor = new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;

export interface ParsedPdf {
  doc: PDFDocument;
  /**
   * The graph of the revision whose `%%EOF` ends at `eof` (a Revision's `eof`): undefined when no trailer mark is
   * there (parse that revision on its own), null when pdf-lib would refuse it (encrypted).
   */
  revisionAt(eof: number): ObjectGraph | null | undefined;
}

function instrumented(parser: ParserInternals, stored: Array<PDFRef | PDFObject>, marks: Mark[]): boolean {
  const { context } = parser;
  if (typeof parser.maybeParseTrailer !== 'function' || typeof parser.matchKeyword !== 'function' || typeof parser.parseRawInt !== 'function' || typeof context?.assign !== 'function') return false;
  const assign = context.assign.bind(context);
  context.assign = (ref: PDFRef, object: PDFObject): void => {
    stored.push(ref, object);
    assign(ref, object);
  };
  // pdf-lib 1.17.1's maybeParseTrailer, step for step, with the mark after the first `%%EOF`. Its return value (a
  // PDFTrailer) is not used by its caller.
  parser.maybeParseTrailer = function (this: ParserInternals): unknown {
    this.skipWhitespaceAndComments();
    if (!this.matchKeyword(STARTXREF)) return undefined;
    this.skipWhitespaceAndComments();
    const offset = this.parseRawInt();
    this.skipWhitespace();
    if (this.matchKeyword(EOF)) marks.push({ at: this.bytes.offset(), stored: stored.length, trailer: { ...this.context.trailerInfo } });
    this.skipWhitespaceAndComments();
    this.matchKeyword(EOF);
    this.skipWhitespaceAndComments();
    return offset;
  };
  return true;
}

/** The end of PDFParser.parseDocument and of the PDFDocument constructor, on a replayed revision. */
function graphOf(stored: ReadonlyArray<PDFRef | PDFObject>, mark: Mark): ObjectGraph | null {
  const objects = new Map<PDFRef, PDFObject>();
  for (let i = 0; i < mark.stored; i += 2) objects.set(stored[i] as PDFRef, stored[i + 1] as PDFObject);
  const lookup = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? objects.get(o) : o);
  // maybeRecoverRoot: when /Root is not a catalog, the last catalog by object number is.
  const isCatalog = (o: PDFObject | undefined) => o instanceof PDFDict && lookup(o.get(PDFName.of('Type'))) === PDFName.of('Catalog');
  let root = mark.trailer.Root;
  if (!isCatalog(lookup(root))) {
    for (const [ref, object] of [...objects].sort(([a], [b]) => a.objectNumber - b.objectNumber)) if (isCatalog(object)) root = ref;
  }
  objects.delete(PDFRef.of(0));
  if (lookup(mark.trailer.Encrypt)) return null;
  return { context: { lookup }, catalog: lookup(root) as PDFDict };
}

/** Loads `bytes` as verifyPdf's loadPdf does, keeping what is needed to rebuild earlier revisions. */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedPdf> {
  const parser = PDFParser.forBytesWithOptions(bytes, ParseSpeeds.Fastest, false, false) as unknown as ParserInternals;
  const stored: Array<PDFRef | PDFObject> = [];
  const marks: Mark[] = [];
  const replayable = instrumented(parser, stored, marks);
  speedUp(parser as unknown as ObjectParserInternals);
  const context = await parser.parseDocument();
  // updateMetadata false: loading must not touch the document (pdf-lib would otherwise set producer/dates).
  const doc = new (PDFDocument as unknown as DocumentConstructor)(context, false, false);
  const byEof = new Map(marks.map((m) => [m.at, m]));
  return {
    doc,
    revisionAt(eof) {
      const mark = replayable ? byEof.get(eof) : undefined;
      return mark ? graphOf(stored, mark) : undefined;
    },
  };
}
