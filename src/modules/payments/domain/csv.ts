/**
 * A small RFC 4180 reader, enough for a payment gateway's statement. (Writing, with formula cells defused, is
 * the platform's: src/platform/exports/csv.ts.)
 *
 * Reading: fields separated by one delimiter (",", or ";" / tab as spreadsheet exports in Vietnamese locales
 * write them), records ended by CRLF, LF or a lone CR; a field in double quotes may hold the delimiter, line
 * breaks and doubled quotes (""). Each record keeps the physical line it starts on (1-based), so problems can
 * be reported against the file as a person sees it in an editor. Records whose fields are all blank (the
 * trailing ",,,," rows spreadsheets leave) are skipped. A quote inside an unquoted field, or text after a
 * closing quote, spoils that record only; a quote never closed ends the reading.
 */

export type CsvProblemCode = 'unterminated_quote' | 'bad_quote' | 'field_too_long';

export interface CsvRecord {
  /** The physical line the record starts on, 1-based. */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  code: CsvProblemCode;
}

export interface CsvReadOptions {
  delimiter: string;
  /** Stop after this many records (the result says `truncated`). */
  maxRecords: number;
  /** Characters in one field. */
  maxField: number;
}

export interface CsvRead {
  records: CsvRecord[];
  problems: CsvProblem[];
  /** More records followed than `maxRecords`. */
  truncated: boolean;
  /** When truncated: the line of the first record not read. */
  stoppedAt?: number;
}

const newlines = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
};

/** The delimiter of a file, guessed from its first line (outside quotes): ";" or tab when there is no comma. */
export function guessDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  if (first.includes(',')) return ',';
  if (first.includes(';')) return ';';
  if (first.includes('\t')) return '\t';
  return ',';
}

export function readCsv(text: string, o: CsvReadOptions): CsvRead {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const d = o.delimiter;
  const n = text.length;
  let i = 0;
  let line = 1;
  const atEol = () => i >= n || text[i] === '\r' || text[i] === '\n';
  const eatEol = () => {
    if (i >= n) return;
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else i++;
    line++;
  };
  const skipLine = () => {
    while (!atEol()) i++;
    eatEol();
  };

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let spoilt: CsvProblemCode | null = null;
    for (;;) {
      let value: string;
      if (text[i] === '"') {
        const opened = line;
        let from = ++i;
        value = '';
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            problems.push({ line: opened, code: 'unterminated_quote' });
            return { records, problems, truncated: false };
          }
          value += text.slice(from, q);
          if (text[q + 1] === '"') {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        line += newlines(value);
        while (text[i] === ' ' || (text[i] === '\t' && d !== '\t')) i++;
        if (!atEol() && text[i] !== d) spoilt ??= 'bad_quote';
      } else {
        const from = i;
        while (!atEol() && text[i] !== d) i++;
        value = text.slice(from, i);
        if (value.includes('"')) spoilt ??= 'bad_quote';
      }
      if (value.length > o.maxField) spoilt ??= 'field_too_long';
      fields.push(value);
      if (spoilt) break;
      if (text[i] === d) {
        i++;
        continue;
      }
      eatEol();
      break;
    }
    if (spoilt) {
      problems.push({ line: start, code: spoilt });
      skipLine();
      continue;
    }
    if (fields.every((f) => f.trim() === '')) continue;
    if (records.length >= o.maxRecords) return { records, problems, truncated: true, stoppedAt: start };
    records.push({ line: start, fields });
  }
  return { records, problems, truncated: false };
}
