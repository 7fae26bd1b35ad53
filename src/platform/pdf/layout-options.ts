/**
 * What a sheet's drawing calls take: alignments, the options of a paragraph, the items of a column block,
 * a table's columns and options, and the metadata a document carries.
 */
import type { FontStyle } from './fonts.ts';
import type { Rich } from './text.ts';

/** `justify` stretches every line but a paragraph's last to both margins (NĐ 30/2020: căn đều hai lề). */
export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextOptions {
  size: number;
  style?: FontStyle;
  align?: Align;
  /** Left edge and width; default the text area. */
  x?: number;
  width?: number;
  /** Space after the paragraph. */
  after?: number;
  /** First-line indent. */
  indent?: number;
  /** Centred text breaks into even lines (titles). */
  balanced?: boolean;
}

/** A paragraph inside a column block. */
export interface BlockItem {
  text: Rich;
  size: number;
  style?: FontStyle;
  align?: Align;
  after?: number;
  /** A rule under the last line: `full` its width (the tiêu ngữ), `third` a third of it, centred (the agency). */
  rule?: 'full' | 'third';
  /** Empty space instead of text (room for a signature). */
  space?: number;
}

export interface TableColumn {
  header: Rich;
  /** Share of the table's width. */
  weight: number;
  align?: Align;
  /** Neighbouring columns with the same group get a spanning header above their own. */
  group?: string;
}

export interface TableOptions {
  size: number;
  headerSize?: number;
  /** A row "(1) (2) (3) …" under the header, as registers number their columns. */
  numberRow?: boolean;
  padding?: number;
  /** The table's width from the left margin; default the whole text width. */
  width?: number;
}

export interface DocumentInfo {
  title: string;
  subject: string;
  author: string;
  createdAt: Date;
  /** The footer of page `page` of `pages` (printed when there is more than one page); default "2/5". */
  pageLabel?: (page: number, pages: number) => string;
  /** The document's language (BCP 47); default "vi-VN". */
  language?: string;
}
