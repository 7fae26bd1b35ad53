/**
 * Signed revisions (the file as it was at a signature's range end) and the answer to "did anything a reader
 * sees change after this revision?", caching per revision: signatures of the same revision, and the
 * final file, are compared once. A revision's objects come from the one parse of the whole file where it ends
 * at a trailer (pdf-load.ts); otherwise the file cut there is parsed on its own.
 */
import { PDFDocument, PDFName, ParseSpeeds } from 'pdf-lib';
import { type Snapshot, compareSnapshots, filledFields, snapshot } from './diff.ts';
import type { ObjectGraph, ParsedPdf } from './pdf-load.ts';
import { TooComplexError, dictOf, newBudget } from './pdf-objects.ts';
import { type Revision, revisionAt } from './pdf-structure.ts';
import type { Check } from './types.ts';

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // updateMetadata:false: loading must not touch the document (pdf-lib would otherwise set producer/dates).
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, throwOnInvalidObject: false });
}

/** True when only whitespace follows `end`: the signed revision is the whole file. */
export function isWholeFile(bytes: Uint8Array, end: number): boolean {
  for (let i = end; i < bytes.length; i++) if (![0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(bytes[i]!)) return false;
  return true;
}

type Loaded = { doc: ObjectGraph; snapshot: Snapshot | null } | null;

export class RevisionCache {
  private readonly loaded = new Map<number, Promise<Loaded>>();
  private finalSnapshot: Snapshot | null | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly parsed: ParsedPdf,
    private readonly revisions: readonly Revision[],
  ) {}

  private takeSnapshot(doc: ObjectGraph): Snapshot | null {
    try {
      return snapshot(doc, newBudget());
    } catch (error) {
      if (error instanceof TooComplexError) return null;
      throw error;
    }
  }

  /** The revision ending at `end`, parsed; null when pdf-lib cannot read it. */
  revision(end: number): Promise<Loaded> {
    let pending = this.loaded.get(end);
    if (!pending) {
      const index = revisionAt(this.revisions, end);
      const graph = index === null ? undefined : this.parsed.revisionAt(this.revisions[index - 1]!.eof);
      // A snapshot that throws rejects the promise in both branches, as it did when every revision was loaded.
      pending = graph !== undefined
        ? Promise.resolve(graph).then((doc) => doc && { doc, snapshot: this.takeSnapshot(doc) })
        : loadPdf(this.bytes.subarray(0, end)).then(
          (doc) => ({ doc, snapshot: this.takeSnapshot(doc) }),
          () => null,
        );
      this.loaded.set(end, pending);
    }
    return pending;
  }

  /** Whether the revision ending at `end` already holds a DSS (a document timestamp over it gives B-LTA). */
  async hasDss(end: number): Promise<boolean> {
    const loaded = await this.revision(end);
    return !!loaded && dictOf(loaded.doc.context, loaded.doc.catalog.get(PDFName.of('DSS'))) !== undefined;
  }

  async modifiedAfter(end: number): Promise<Check> {
    if (isWholeFile(this.bytes, end)) return { status: 'passed', reason: 'last_revision' };
    if (this.finalSnapshot === undefined) this.finalSnapshot = this.takeSnapshot(this.parsed.doc);
    const signed = await this.revision(end);
    if (!signed?.snapshot || !this.finalSnapshot) return { status: 'unknown', reason: 'revision_unreadable' };
    const changes = compareSnapshots(signed.snapshot, this.finalSnapshot);
    if (changes.length) return { status: 'failed', reason: 'content_changed_after_signing', details: { changes } };
    const fields = filledFields(signed.snapshot, this.finalSnapshot);
    return fields.length ? { status: 'passed', reason: 'form_filled_after_signing', details: { fields } } : { status: 'passed', reason: 'unchanged_after_signing' };
  }
}
