/**
 * Reusing earlier digital results at intake: a paper the applicant must bring (a component) may be the
 * result of a procedure they already went through here, say the "Giấy xác nhận tình trạng hôn nhân" a
 * marriage registration asks for. The desk is shown those components so it does not ask for them again.
 *
 * Matching is by name, because the national catalogue gives results a name (and a KQ code) but gives
 * components only free text. A result matches a component when the component's folded text begins with the
 * result's folded name ("Giấy chứng nhận kết hôn nếu cha, mẹ đã đăng ký kết hôn"), after a leading "bản sao"
 * or "bản chính". Names mentioned later in the text are left out on purpose: there they are mostly the
 * subject of an application form ("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"), not the paper itself.
 */

export interface EarlierResult {
  recordCode: string;
  unitId: number;
  /** The procedure's result, as the catalogue names it ("Giấy khai sinh [KQ.G15.000031]"). */
  resultDocument: string;
  returnedAt: Date | null;
}

/** Result names that say what kind of paper it is but not which: "Giấy xác nhận" of anything. */
const GENERIC: ReadonlySet<string> = new Set(['giay xac nhan', 'giay chung nhan', 'quyet dinh', 'van ban', 'thong bao', 'ban sao', 'trich luc']);

/** The names of the papers a result document line gives, without KQ codes, folded. */
export function resultNames(resultDocument: string, fold: (text: string) => string): string[] {
  return resultDocument
    .replace(/\[[^\]]*\]/g, ' ')
    .split(/[;\n]/)
    .map((part) => fold(part))
    // Short or generic names ("Giấy xác nhận") would match papers of every kind.
    .filter((name) => name.split(' ').length >= 3 && !GENERIC.has(name));
}

/** For each component position (from 1), the earlier results that provide it; components with none are left out. */
export function reusableComponents(components: readonly { name: string }[], earlier: readonly EarlierResult[], fold: (text: string) => string): Map<number, EarlierResult[]> {
  const names = earlier.map((result) => ({ result, names: resultNames(result.resultDocument, fold) }));
  const found = new Map<number, EarlierResult[]>();
  components.forEach((component, index) => {
    const text = `${fold(component.name).replace(/^ban (sao|chinh) /, '')} `;
    const matches = names.filter((n) => n.names.some((name) => text.startsWith(`${name} `))).map((n) => n.result);
    if (matches.length > 0) found.set(index + 1, matches);
  });
  return found;
}
