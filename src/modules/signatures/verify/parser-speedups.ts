/**
 * Two methods of pdf-lib 1.17.1's object parser, rewritten on one parser instance (verifyPdf's, pdf-load.ts) to
 * return the same objects with less garbage. In the profile of a two-signature file they were a third of the
 * parse: the 32 kB hex /Contents of each signature built one character at a time, and 2,900 numbers (mostly font
 * widths) each formatted back to text by PDFNumber's constructor. Same bytes read in the same order, same
 * ByteStream calls (its line/column counts feed error messages), same exceptions; only allocation differs.
 */
import { CharCodes, PDFHexString, PDFNumber, PDFRef } from 'pdf-lib';

/** The ByteStream and parser members used (protected or private in pdf-lib's typings). */
export interface ObjectParserInternals {
  bytes: {
    offset(): number;
    done(): boolean;
    peek(): number;
    next(): number;
    assertNext(expected: number): number;
    moveTo(offset: number): void;
    slice(start: number, end: number): Uint8Array;
  };
  parseHexString(): PDFHexString;
  parseNumberOrRef(): PDFNumber | PDFRef;
  parseRawNumber(): number;
  skipWhitespaceAndComments(): void;
}

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= CharCodes.Zero && byte <= CharCodes.Nine;

/** Installs the rewritten methods on `parser`; false (nothing changed) when its shape is not the expected one. */
export function speedUp(parser: ObjectParserInternals): boolean {
  if (typeof parser.parseHexString !== 'function' || typeof parser.parseNumberOrRef !== 'function' || typeof parser.parseRawNumber !== 'function' || typeof parser.bytes?.slice !== 'function') return false;

  // The original appends charFromCode(byte) per byte: the same text is the bytes read as latin1.
  parser.parseHexString = function (this: ObjectParserInternals): PDFHexString {
    this.bytes.assertNext(CharCodes.LessThan);
    const start = this.bytes.offset();
    while (!this.bytes.done() && this.bytes.peek() !== CharCodes.GreaterThan) this.bytes.next();
    const raw = this.bytes.slice(start, this.bytes.offset());
    const value = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('latin1');
    this.bytes.assertNext(CharCodes.GreaterThan);
    return PDFHexString.of(value);
  };

  // PDFNumbers are immutable: one per value is shared within this parse (-0 keeps its own, as PDFNumber.of(-0) did).
  const numbers = new Map<number, PDFNumber>();
  const numberOf = (value: number): PDFNumber => {
    if (Object.is(value, -0)) return PDFNumber.of(value);
    let known = numbers.get(value);
    if (!known) numbers.set(value, (known = PDFNumber.of(value)));
    return known;
  };
  parser.parseNumberOrRef = function (this: ObjectParserInternals): PDFNumber | PDFRef {
    const firstNum = this.parseRawNumber();
    this.skipWhitespaceAndComments();
    const lookaheadStart = this.bytes.offset();
    if (isDigit(this.bytes.peek())) {
      const secondNum = this.parseRawNumber();
      this.skipWhitespaceAndComments();
      if (this.bytes.peek() === CharCodes.R) {
        this.bytes.assertNext(CharCodes.R);
        return PDFRef.of(firstNum, secondNum);
      }
    }
    this.bytes.moveTo(lookaheadStart);
    return numberOf(firstNum);
  };
  return true;
}
