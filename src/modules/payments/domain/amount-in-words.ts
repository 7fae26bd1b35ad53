/**
 * Amounts of money as a receipt writes them: in figures with dots between thousands ("25.000 đ") and in
 * Vietnamese words ("Hai mươi lăm nghìn đồng"). Integer đồng only: the đồng has no minor unit.
 *
 * Reading rules (the common usage of Vietnamese invoices and receipts):
 * - tens: 10 "mười", 20–90 "hai mươi" … "chín mươi";
 * - units after a ten: 1 is "mốt" after "mươi" (21 "hai mươi mốt") but "một" after "mười" (11 "mười một");
 *   5 is "lăm" after either (15 "mười lăm", 25 "hai mươi lăm") but "năm" elsewhere (105 "một trăm linh năm");
 *   4 is "tư" after "mươi" (24 "hai mươi tư"), "bốn" elsewhere (14 "mười bốn", 104 "một trăm linh bốn");
 * - a zero ten before a unit is "linh" (northern; "lẻ" with `{ zeroTen: 'lẻ' }`): 101 "một trăm linh một";
 * - a group of three digits after the first is read whole, its zero hundred included: 1.005 "một nghìn không
 *   trăm linh năm", 1.050.000 "một triệu không trăm năm mươi nghìn"; a group that is all zeros is skipped:
 *   1.000.005 "một triệu không trăm linh năm";
 * - scales: nghìn, triệu, tỷ, then nghìn tỷ and triệu tỷ (up to Number.MAX_SAFE_INTEGER).
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const SCALES = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'] as const;

export interface WordsOptions {
  /** The word for a zero ten before a unit: "linh" (default) or "lẻ". */
  zeroTen?: 'linh' | 'lẻ';
  /** The currency word at the end; default "đồng"; "" for the bare number. */
  unit?: string;
}

function checkAmount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole, non-negative number of đồng: ${n}`);
}

/** One group of three digits; `whole` reads its zero hundred ("không trăm …"), as groups after the first do. */
function groupWords(n: number, whole: boolean, zeroTen: string): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (whole || hundreds > 0) words.push(DIGITS[hundreds]!, 'trăm');
  if (tens === 0) {
    if (units > 0 && words.length > 0) words.push(zeroTen);
  } else if (tens === 1) words.push('mười');
  else words.push(DIGITS[tens]!, 'mươi');
  if (units > 0) {
    if (units === 1 && tens >= 2) words.push('mốt');
    else if (units === 5 && tens >= 1) words.push('lăm');
    else if (units === 4 && tens >= 2) words.push('tư');
    else words.push(DIGITS[units]!);
  }
  return words;
}

/** The number in lower-case words, without a unit: 1250000 → "một triệu hai trăm năm mươi nghìn". */
export function numberInWords(n: number, options: Pick<WordsOptions, 'zeroTen'> = {}): string {
  checkAmount(n);
  if (n === 0) return DIGITS[0];
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    words.push(...groupWords(g, i < groups.length - 1, options.zeroTen ?? 'linh'));
    if (SCALES[i]) words.push(SCALES[i]!);
  }
  return words.join(' ');
}

/** The amount in words, capitalised, with the unit: 25000 → "Hai mươi lăm nghìn đồng". */
export function amountInWords(n: number, options: WordsOptions = {}): string {
  const text = numberInWords(n, options);
  const unit = options.unit ?? 'đồng';
  const sentence = unit ? `${text} ${unit}` : text;
  return sentence.charAt(0).toLocaleUpperCase('vi') + sentence.slice(1);
}

/** Thousands separated by dots, the Vietnamese way: 1250000 → "1.250.000". */
export function groupThousands(n: number): string {
  checkAmount(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** 25000 → "25.000 đ" (a no-break space keeps the figure and the sign on one line; it copies as a space). */
export function formatDong(n: number, sign = 'đ'): string {
  return `${groupThousands(n)}\u00a0${sign}`;
}
