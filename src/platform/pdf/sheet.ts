/**
 * A small flow layout over pdf-lib: a cursor moving down the page, paragraphs wrapped to a width, blocks set
 * side by side, ruled tables whose header repeats on every page, and page breaks wherever the next line
 * does not fit. Everything is measured with the embedded font (text.ts), so nothing overlaps or runs off.
 *
 * The page's size and margins are in page-geometry.ts, the options the drawing calls take in layout-options.ts
 * and the repair to pdf-lib's font embedder in font-embedder.ts; this file re-exports what callers use.
 * Every PDF the platform draws uses it: the one-stop forms, the payment receipt, the report exports.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FontStyle } from './fonts.ts';
import { embedCommittedFont } from './font-embedder.ts';
import type { Align, BlockItem, DocumentInfo, TableColumn, TableOptions, TextOptions } from './layout-options.ts';
import type { Geometry } from './page-geometry.ts';
import { cleanText, textWidth, wrap, wrapBalanced, type Line, type Rich } from './text.ts';

export type { Align, BlockItem, DocumentInfo, TableColumn, TableOptions, TextOptions } from './layout-options.ts';
export { geometry } from './page-geometry.ts';
export type { Geometry, Margins, PageSize } from './page-geometry.ts';

const BLACK = rgb(0, 0, 0);
/** Line pitch as a multiple of the type size; the baseline sits `ASCENT` sizes below the line's top. */
export const LEADING = 1.3;
const ASCENT = 1.0;
/** Extra room under a ruled line (the rule under the agency and the tiêu ngữ). */
const RULE_ROOM = 0.45;

export class Sheet {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** The top of the free space on the current page. */
  y = 0;
  /** Printed small at the top of every page after the first (e.g. the record code). */
  continuation: string | null = null;
  /** Called after every page break the flow makes, to repeat a table's header. */
  private onBreak: (() => void) | null = null;
  private readonly fonts: Record<FontStyle, PDFFont>;

  private constructor(readonly doc: PDFDocument, readonly geo: Geometry, fonts: Record<FontStyle, PDFFont>, private readonly pageLabel: (page: number, pages: number) => string) {
    this.fonts = fonts;
    this.addPage();
  }

  static async create(geo: Geometry, info: DocumentInfo): Promise<Sheet> {
    const doc = await PDFDocument.create();
    const [regular, bold, italic] = await Promise.all([embedCommittedFont(doc, 'regular'), embedCommittedFont(doc, 'bold'), embedCommittedFont(doc, 'italic')]);
    doc.setTitle(cleanText(info.title), { showInWindowTitleBar: true });
    doc.setSubject(cleanText(info.subject));
    doc.setAuthor(cleanText(info.author));
    doc.setCreator('smart-commune');
    doc.setProducer('smart-commune (pdf-lib 1.17.1)');
    doc.setLanguage(info.language ?? 'vi-VN');
    doc.setCreationDate(info.createdAt);
    doc.setModificationDate(info.createdAt);
    return new Sheet(doc, geo, { regular, bold, italic }, info.pageLabel ?? ((page, pages) => `${page}/${pages}`));
  }

  get left(): number { return this.geo.margin.left; }
  get right(): number { return this.geo.width - this.geo.margin.right; }
  get width(): number { return this.right - this.left; }
  get bottom(): number { return this.geo.margin.bottom; }
  /** Scaled type size. */
  pt(size: number): number { return size * this.geo.scale; }

  private addPage(): void {
    this.page = this.doc.addPage([this.geo.width, this.geo.height]);
    this.pages.push(this.page);
    this.y = this.geo.height - this.geo.margin.top;
    if (this.pages.length > 1 && this.continuation) {
      const size = this.pt(7.5);
      this.drawLines(wrap(this.continuation, this.width, size, 'italic'), this.left, this.width, size, 'right');
      this.y -= size * 0.6;
    }
  }

  /** Starts a new page (and repeats whatever header the flow asked for). */
  newPage(): void {
    this.addPage();
    this.onBreak?.();
  }

  /** Breaks the page unless `height` points are left; true when it broke. */
  ensure(height: number): boolean {
    if (this.y - height >= this.bottom - 0.01) return false;
    this.newPage();
    return true;
  }

  gap(height: number): void {
    this.y -= height;
  }

  lineHeight(size: number): number {
    return size * LEADING;
  }

  /** Draws lines from the cursor down (no page breaks: callers make room first). */
  private drawLines(lines: Line[], x: number, width: number, size: number, align: Align): void {
    for (const line of lines) {
      this.drawLine(line, x, width, size, align, this.y);
      this.y -= this.lineHeight(size);
    }
  }

  private drawLine(line: Line, x: number, width: number, size: number, align: Align, top: number): void {
    const baseline = top - size * ASCENT;
    const gaps = align === 'justify' && !line.end ? line.pieces.reduce((n, p) => n + (p.text.match(/ /g)?.length ?? 0), 0) : 0;
    if (gaps > 0) {
      const extra = (width - line.width) / gaps;
      let at = x;
      // Word by word, each with its space (so that text extraction keeps the spaces), the extra after it.
      for (const piece of line.pieces) {
        const font = this.fonts[piece.style];
        const words = piece.text.split(' ');
        words.forEach((word, i) => {
          const shown = i < words.length - 1 ? `${word} ` : word;
          if (shown !== '') this.page.drawText(shown, { x: at, y: baseline, size, font, color: BLACK });
          at += textWidth(shown, piece.style, size) + (i < words.length - 1 ? extra : 0);
        });
      }
      return;
    }
    let at = align === 'left' || align === 'justify' ? x : align === 'center' ? x + (width - line.width) / 2 : x + width - line.width;
    for (const piece of line.pieces) {
      if (piece.text.trim() !== '') this.page.drawText(piece.text, { x: at, y: baseline, size, font: this.fonts[piece.style], color: BLACK });
      at += piece.width;
    }
  }

  /** A wrapped paragraph; breaks the page between lines when needed. */
  text(rich: Rich, o: TextOptions): void {
    const x = o.x ?? this.left;
    const width = o.width ?? this.width;
    const lh = this.lineHeight(o.size);
    const indent = o.indent ?? 0;
    const lines = o.balanced ? wrapBalanced(rich, width, o.size, o.style) : wrap(rich, width, o.size, o.style, indent);
    lines.forEach((line, i) => {
      this.ensure(lh);
      const shift = i === 0 ? indent : 0;
      this.drawLine(line, x + shift, width - shift, o.size, o.align ?? 'left', this.y);
      this.y -= lh;
    });
    this.y -= o.after ?? 0;
  }

  /** "1. …" with the text's later lines aligned after the label. */
  item(label: string, rich: Rich, o: TextOptions): void {
    const x = o.x ?? this.left;
    const width = o.width ?? this.width;
    const labelWidth = textWidth(`${label} `, o.style ?? 'regular', o.size);
    const lh = this.lineHeight(o.size);
    const lines = wrap(rich, width - labelWidth, o.size, o.style);
    lines.forEach((line, i) => {
      this.ensure(lh);
      if (i === 0) this.drawLine(wrap(label, labelWidth, o.size, o.style)[0]!, x, labelWidth, o.size, 'left', this.y);
      this.drawLine(line, x + labelWidth, width - labelWidth, o.size, o.align ?? 'left', this.y);
      this.y -= lh;
    });
    this.y -= o.after ?? 0;
  }

  /** Height of a column of block items at `width`. */
  blockHeight(items: BlockItem[], width: number): number {
    return items.reduce((h, it) => h + (it.space ?? this.blockLines(it, width).length * this.lineHeight(it.size)) + (it.rule ? it.size * RULE_ROOM : 0) + (it.after ?? 0), 0);
  }

  /** Centred items break evenly; others fill the line. */
  private blockLines(it: BlockItem, width: number): Line[] {
    return (it.align ?? 'center') === 'center' ? wrapBalanced(it.text, width, it.size, it.style) : wrap(it.text, width, it.size, it.style);
  }

  /** Columns side by side from the cursor, kept on one page; the cursor ends below the tallest. */
  columns(cols: { x: number; width: number; items: BlockItem[] }[]): void {
    const height = Math.max(...cols.map((c) => this.blockHeight(c.items, c.width)));
    this.ensure(height);
    const top = this.y;
    for (const col of cols) {
      this.y = top;
      for (const it of col.items) {
        if (it.space !== undefined) {
          this.y -= it.space + (it.after ?? 0);
          continue;
        }
        const lines = this.blockLines(it, col.width);
        const align = it.align ?? 'center';
        this.drawLines(lines, col.x, col.width, it.size, align);
        if (it.rule && lines.length > 0) {
          const last = lines[lines.length - 1]!;
          const ruleWidth = it.rule === 'full' ? last.width : Math.max(...lines.map((l) => l.width)) / 3;
          const start = align === 'left' ? col.x : align === 'right' ? col.x + col.width - ruleWidth : col.x + (col.width - ruleWidth) / 2;
          const ruleY = this.y + this.lineHeight(it.size) - it.size * ASCENT - it.size * 0.6;
          this.page.drawLine({ start: { x: start, y: ruleY }, end: { x: start + ruleWidth, y: ruleY }, thickness: 0.6, color: BLACK });
          this.y -= it.size * RULE_ROOM;
        }
        this.y -= it.after ?? 0;
      }
    }
    this.y = top - height;
  }

  /**
   * A ruled table with wrapped cells. Rows move to the next page whole when they fit on one; a row taller
   * than a page is split between pages line by line. The header (and the number row) repeat on every page.
   */
  table(columns: TableColumn[], rows: Rich[][], o: TableOptions): void {
    const size = o.size;
    const headerSize = o.headerSize ?? size;
    const pad = o.padding ?? size * 0.35;
    const lh = this.lineHeight(size);
    const hlh = this.lineHeight(headerSize);
    const total = columns.reduce((s, c) => s + c.weight, 0);
    const tableWidth = Math.min(o.width ?? this.width, this.width);
    const widths = columns.map((c) => (c.weight / total) * tableWidth);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const inner = (i: number) => widths[i]! - 2 * pad;

    // Header geometry: group spans above grouped columns; ungrouped columns span both header rows.
    const spans: { group: string; from: number; to: number }[] = [];
    columns.forEach((c, i) => {
      if (!c.group) return;
      const last = spans[spans.length - 1];
      if (last && last.group === c.group && last.to === i - 1) last.to = i;
      else spans.push({ group: c.group, from: i, to: i });
    });
    const headLines = columns.map((c, i) => wrap(c.header, inner(i), headerSize, 'bold'));
    const spanLines = spans.map((s) => wrap(s.group, xs[s.to]! + widths[s.to]! - xs[s.from]! - 2 * pad, headerSize, 'bold'));
    const groupRow = spans.length > 0 ? Math.max(...spanLines.map((l) => l.length)) * hlh + 2 * pad : 0;
    let lowerRow = Math.max(1, ...columns.map((c, i) => (c.group ? headLines[i]!.length : 0))) * hlh + 2 * pad;
    const ungrouped = Math.max(0, ...columns.map((c, i) => (c.group ? 0 : headLines[i]!.length))) * hlh + 2 * pad;
    if (ungrouped > groupRow + lowerRow) lowerRow = ungrouped - groupRow;
    const headerHeight = groupRow + lowerRow;
    const numberHeight = o.numberRow ? this.lineHeight(size * 0.85) + pad : 0;

    const line = (x1: number, y1: number, x2: number, y2: number) =>
      this.page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.5, color: BLACK });
    const vertical = (i: number, top: number, bottom: number) => line(xs[i]!, top, xs[i]!, bottom);
    const right = this.left + tableWidth;

    const drawHeader = () => {
      const top = this.y;
      line(this.left, top, right, top);
      columns.forEach((c, i) => {
        const lines = headLines[i]!;
        const cellTop = c.group ? top - groupRow : top;
        const cellHeight = c.group ? lowerRow : headerHeight;
        this.y = cellTop - (cellHeight - lines.length * hlh) / 2;
        this.drawLines(lines, xs[i]! + pad, inner(i), headerSize, 'center');
        vertical(i, c.group && spans.some((s) => s.from < i && s.to >= i) ? top - groupRow : top, top - headerHeight);
      });
      spans.forEach((s, k) => {
        const x = xs[s.from]!;
        const w = xs[s.to]! + widths[s.to]! - x;
        this.y = top - (groupRow - spanLines[k]!.length * hlh) / 2;
        this.drawLines(spanLines[k]!, x + pad, w - 2 * pad, headerSize, 'center');
        line(x, top - groupRow, x + w, top - groupRow);
      });
      line(right, top, right, top - headerHeight);
      let bottom = top - headerHeight;
      if (o.numberRow) {
        line(this.left, bottom, right, bottom);
        const nsize = size * 0.85;
        columns.forEach((_, i) => {
          this.y = bottom - pad / 2;
          this.drawLines(wrap(`(${i + 1})`, inner(i), nsize, 'italic'), xs[i]! + pad, inner(i), nsize, 'center');
          vertical(i, bottom, bottom - numberHeight);
        });
        line(right, bottom, right, bottom - numberHeight);
        bottom -= numberHeight;
      }
      line(this.left, bottom, right, bottom);
      this.y = bottom;
    };

    this.ensure(headerHeight + numberHeight + lh + 2 * pad);
    drawHeader();
    const previous = this.onBreak;
    this.onBreak = drawHeader;
    try {
      for (const row of rows) {
        let cells = columns.map((c, i) => wrap(row[i] ?? '', inner(i), size, 'regular'));
        const fresh = this.geo.height - this.geo.margin.top - this.bottom - headerHeight - numberHeight - (this.continuation ? this.pt(7.5) * 2 : 0);
        while (cells.length > 0) {
          const need = Math.max(1, ...cells.map((l) => l.length)) * lh + 2 * pad;
          const room = this.y - this.bottom;
          let take: number;
          if (need <= room) take = Infinity;
          else if (need <= fresh || room < lh + 2 * pad) {
            this.newPage();
            continue;
          } else take = Math.floor((room - 2 * pad) / lh);
          const part = cells.map((l) => l.slice(0, take));
          const height = Math.max(1, ...part.map((l) => l.length)) * lh + 2 * pad;
          const top = this.y;
          part.forEach((lines, i) => {
            this.y = top - pad;
            this.drawLines(lines, xs[i]! + pad, inner(i), size, columns[i]!.align ?? 'left');
            vertical(i, top, top - height);
          });
          line(right, top, right, top - height);
          line(this.left, top - height, right, top - height);
          this.y = top - height;
          cells = take === Infinity ? [] : cells.map((l) => l.slice(take));
          if (cells.every((l) => l.length === 0)) cells = [];
          else if (cells.length > 0) this.newPage();
        }
      }
    } finally {
      this.onBreak = previous;
    }
  }

  /** The page label ("1/3", or the document's `pageLabel`) at the foot of every page, when there is more than one. */
  numberPages(): void {
    const n = this.pages.length;
    if (n < 2) return;
    const size = this.pt(7.5);
    this.pages.forEach((page, i) => {
      const [line] = wrap(this.pageLabel(i + 1, n), this.width, size, 'regular');
      const x = this.left + (this.width - line!.width) / 2;
      let at = x;
      for (const p of line!.pieces) {
        page.drawText(p.text, { x: at, y: this.bottom / 2, size, font: this.fonts[p.style], color: BLACK });
        at += p.width;
      }
    });
  }

  async save(): Promise<Uint8Array> {
    this.numberPages();
    return this.doc.save({ useObjectStreams: false });
  }
}
