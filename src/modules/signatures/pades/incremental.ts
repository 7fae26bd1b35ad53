/**
 * A small incremental-update writer on top of pdf-lib's object model (ISO 32000-1 §7.5.6).
 *
 * pdf-lib 1.17.1 can only `save()` a whole new file, which moves every byte and so invalidates every earlier
 * signature (research §4, §8.2). Instead we load the document with pdf-lib, let the caller create new objects
 * in its context and name the existing ones it changed, then append only those objects after the original
 * bytes, followed by a cross-reference section whose /Prev points at the previous one. The original bytes are
 * never touched, so earlier byte ranges stay valid.
 *
 * The new section has the same form as the previous one: a classic `xref` table after a classic table, a
 * cross-reference stream after a stream (pdf-lib's default save uses object and xref streams). Readers accept
 * mixed chains, but matching the file keeps us out of the grey zone of hybrid files.
 */
import { PDFDocument, PDFObject, PDFRef, type PDFContext } from 'pdf-lib';

export interface PreviousXref {
  /** Byte offset of the last cross-reference section (the file's final `startxref`). */
  offset: number;
  kind: 'table' | 'stream';
  /** Its /Size: one more than the highest object number in use. */
  size: number;
}

const latin1 = (bytes: Uint8Array, start = 0, end = bytes.length) => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

/** Reads the final `startxref` and the /Size of the section it points at, and whether that is a table or a stream. */
export function findPreviousXref(bytes: Uint8Array): PreviousXref {
  const tail = latin1(bytes, Math.max(0, bytes.length - 2048));
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  const last = matches[matches.length - 1];
  if (!last) throw new Error('PAdES: not a PDF we can update: no startxref at the end of the file');
  const offset = Number(last[1]);
  if (offset >= bytes.length) throw new Error('PAdES: startxref points past the end of the file');
  const head = latin1(bytes, offset, Math.min(bytes.length, offset + 64));
  let dictText: string;
  let kind: PreviousXref['kind'];
  if (/^\s*xref/.test(head)) {
    kind = 'table';
    const rest = latin1(bytes, offset);
    const at = rest.indexOf('trailer');
    if (at < 0) throw new Error('PAdES: the cross-reference table has no trailer');
    dictText = rest.slice(at, rest.indexOf('startxref', at));
  } else if (/^\d+\s+\d+\s+obj/.test(head)) {
    kind = 'stream';
    const rest = latin1(bytes, offset, Math.min(bytes.length, offset + 4096));
    if (!/\/Type\s*\/XRef/.test(rest)) throw new Error('PAdES: startxref points at an object that is not a cross-reference stream');
    dictText = rest.slice(0, rest.indexOf('stream', rest.indexOf('obj') + 3));
  } else {
    throw new Error('PAdES: startxref does not point at a cross-reference section (damaged file? repair it before signing)');
  }
  const size = /\/Size\s+(\d+)/.exec(dictText);
  if (!size) throw new Error('PAdES: the trailer has no /Size');
  return { offset, kind, size: Number(size[1]) };
}

export interface WrittenUpdate {
  /** The whole new file: the original bytes followed by the update. */
  bytes: Uint8Array;
  /** Where each written object starts (its `n g obj` line), by object number. */
  offsets: Map<number, number>;
}

/** One pending incremental update of one PDF. */
export class IncrementalUpdate {
  private readonly changed = new Map<number, PDFRef>();
  private readonly raw = new Map<number, { ref: PDFRef; bytes: Uint8Array }>();

  private constructor(
    readonly original: Uint8Array,
    readonly doc: PDFDocument,
    readonly previous: PreviousXref,
    /** Object numbers up to this one existed before the update. */
    private readonly baseLargest: number,
  ) {}

  static async load(bytes: Uint8Array): Promise<IncrementalUpdate> {
    const previous = findPreviousXref(bytes);
    // updateMetadata:false: pdf-lib would otherwise rewrite /Info (Producer, ModDate) as a side effect.
    const doc = await PDFDocument.load(bytes, { updateMetadata: false }).catch((error: unknown) => {
      if (error instanceof Error && /encrypted/i.test(error.message)) throw new Error('PAdES: encrypted PDFs cannot be signed; decrypt them first');
      throw error;
    });
    const context = doc.context;
    // New objects must not reuse numbers the file declared, even unused ones (free entries below /Size).
    context.largestObjectNumber = Math.max(context.largestObjectNumber, previous.size - 1);
    return new IncrementalUpdate(bytes, doc, previous, context.largestObjectNumber);
  }

  get context(): PDFContext {
    return this.doc.context;
  }

  /** The catalog's reference (trailer /Root). */
  get rootRef(): PDFRef {
    const root = this.context.trailerInfo.Root;
    if (!(root instanceof PDFRef)) throw new Error('PAdES: the trailer has no /Root reference');
    return root;
  }

  /** Declares that an existing indirect object was modified in place and must be written again. */
  markChanged(ref: PDFRef): void {
    if (ref.objectNumber <= this.baseLargest) this.changed.set(ref.objectNumber, ref);
  }

  /** Adds an object whose exact bytes the caller controls (the signature dictionary with its placeholder). */
  addRaw(ref: PDFRef, bytes: Uint8Array): void {
    this.raw.set(ref.objectNumber, { ref, bytes });
  }

  /** Serialises new and changed objects and the new cross-reference section, appended to the original bytes. */
  write(): WrittenUpdate {
    const parts: Uint8Array[] = [];
    const offsets = new Map<number, number>();
    let pos = this.original.length;
    const push = (chunk: Uint8Array) => {
      parts.push(chunk);
      pos += chunk.length;
    };
    const last = this.original[this.original.length - 1];
    if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));
    for (const [num, ref, body] of this.objectsToWrite()) {
      offsets.set(num, pos);
      push(Buffer.from(`${num} ${ref.generationNumber} obj\n`, 'latin1'));
      push(body);
      push(Buffer.from('\nendobj\n', 'latin1'));
    }
    const xrefAt = pos;
    const generations = new Map([...offsets.keys()].map((n) => [n, this.generationOf(n)]));
    push(this.previous.kind === 'table' ? this.xrefTable(offsets, generations) : this.xrefStream(offsets, generations, xrefAt));
    push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return { bytes: new Uint8Array(Buffer.concat([this.original, ...parts])), offsets };
  }

  private generationOf(num: number): number {
    return this.changed.get(num)?.generationNumber ?? this.raw.get(num)?.ref.generationNumber ?? 0;
  }

  /** New objects (numbers above the base), changed ones and raw ones, in object-number order. */
  private objectsToWrite(): Array<[number, PDFRef, Uint8Array]> {
    const out = new Map<number, [PDFRef, Uint8Array]>();
    for (const [ref, obj] of this.context.enumerateIndirectObjects()) {
      if (ref.objectNumber > this.baseLargest || this.changed.has(ref.objectNumber)) out.set(ref.objectNumber, [ref, serialise(obj)]);
    }
    for (const [num, { ref, bytes }] of this.raw) out.set(num, [ref, bytes]);
    for (const num of this.changed.keys()) if (!out.has(num)) throw new Error(`PAdES: object ${num} marked changed but not in the document`);
    return [...out].sort((a, b) => a[0] - b[0]).map(([n, [ref, body]]) => [n, ref, body]);
  }

  /** /Root, /Info, /ID of the current trailer, carried into the new one (ID unchanged: same document). */
  private trailerEntries(): Array<[string, PDFObject]> {
    const { Info, ID } = this.context.trailerInfo;
    const entries: Array<[string, PDFObject]> = [['Root', this.rootRef]];
    if (Info) entries.push(['Info', Info]);
    if (ID) entries.push(['ID', ID]);
    return entries;
  }

  private xrefTable(offsets: Map<number, number>, generations: Map<number, number>): Uint8Array {
    let text = 'xref\n';
    for (const run of runs([...offsets.keys()])) {
      text += `${run[0]} ${run.length}\n`;
      // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, 'n', two-byte end of line.
      for (const n of run) text += `${String(offsets.get(n)).padStart(10, '0')} ${String(generations.get(n)).padStart(5, '0')} n \n`;
    }
    const size = Math.max(this.context.largestObjectNumber, ...offsets.keys()) + 1;
    const entries = this.trailerEntries().map(([k, v]) => `/${k} ${v.toString()}`).join(' ');
    text += `trailer\n<< /Size ${size} ${entries} /Prev ${this.previous.offset} >>\n`;
    return Buffer.from(text, 'latin1');
  }

  /** A cross-reference stream (ISO 32000-1 §7.5.8) listing our objects and itself, W [1 4 2], uncompressed. */
  private xrefStream(offsets: Map<number, number>, generations: Map<number, number>, xrefAt: number): Uint8Array {
    const self = this.context.nextRef().objectNumber;
    const all = new Map(offsets).set(self, xrefAt);
    generations.set(self, 0);
    const numbers = [...all.keys()].sort((a, b) => a - b);
    const data = Buffer.alloc(numbers.length * 7);
    numbers.forEach((n, i) => {
      data[i * 7] = 1;
      data.writeUInt32BE(all.get(n)!, i * 7 + 1);
      data.writeUInt16BE(generations.get(n)!, i * 7 + 5);
    });
    const index = runs(numbers).flatMap((r) => [r[0], r.length]);
    const entries = this.trailerEntries().map(([k, v]) => `/${k} ${v.toString()}`).join(' ');
    const dict = `<< /Type /XRef /Size ${self + 1} /W [1 4 2] /Index [${index.join(' ')}] ${entries} /Prev ${this.previous.offset} /Length ${data.length} >>`;
    return Buffer.concat([Buffer.from(`${self} 0 obj\n${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
  }
}

/** Consecutive runs of sorted object numbers: the subsections of a cross-reference section. */
function runs(numbers: number[]): number[][] {
  const out: number[][] = [];
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const run = out[out.length - 1];
    if (run && run[run.length - 1] === n - 1) run.push(n);
    else out.push([n]);
  }
  return out;
}

/** pdf-lib's own serialisation of one object (streams update their /Length while copying). */
export function serialise(obj: PDFObject): Uint8Array {
  const buffer = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(buffer, 0);
  return buffer;
}
