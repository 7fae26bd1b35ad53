/**
 * The verification report as a page: the verdict first, in a sentence anyone can read; a prominent warning when
 * a later revision changed what a reader sees; then, for each signature, who signed, when (claimed and proven),
 * and every check with its reason code put into words of the reader's language.
 */
import type { Lang, MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { DEFAULT_REASON_TEXT } from '../verify/index.ts';
import type { Check, ReasonCode, SignatureChecks, SignatureReport, VerificationReport } from '../verify/index.ts';

/** Every reason code has a text in the catalogue: the compiler refuses this line otherwise (and a test checks it too). */
const reasonKey = (code: ReasonCode): MessageKey => `signatures.reason.${code}`;
const isReasonCode = (value: string): value is ReasonCode => Object.hasOwn(DEFAULT_REASON_TEXT, value);

/** The checks in the order a person reads them. */
export const CHECK_ORDER: readonly (keyof SignatureChecks)[] = ['digest', 'byteRange', 'signature', 'signingCertificate', 'chain', 'revocation', 'timestamp', 'modifiedAfter'];

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const PAGE_CHANGE = /^page_(\d+)_(content|resources|geometry|annotations)$/;

/** A time in Vietnam's zone, marked as such. */
export function vietnamTime(t: Translate, lang: Lang, iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : t('signatures.report.vietnam_time', { time: formatDateTime(lang, at) });
}

/** One change code of the revision comparison (verify/diff.ts) in words. */
export function describeChange(t: Translate, code: string): string {
  const page = PAGE_CHANGE.exec(code);
  if (page) return t(`signatures.change.page_${page[2]}` as MessageKey, { page: page[1]! });
  if (code.startsWith('field_')) return t('signatures.change.field', { name: code.slice('field_'.length) });
  if (code === 'page_count' || code === 'signature_appearance' || code === 'catalog') return t(`signatures.change.${code}`);
  return code;
}

/** The check's reason in the reader's language, its details (times, names, changes, causes) filled in. */
export function explainCheck(t: Translate, lang: Lang, check: Check): string {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(check.details ?? {})) {
    if (key === 'changes' && Array.isArray(value)) params[key] = value.map((c) => describeChange(t, c)).join('; ');
    else if (key === 'cause' && typeof value === 'string' && isReasonCode(value)) params[key] = t(reasonKey(value)).replace(/\.$/, '');
    else if (typeof value === 'string' && ISO_TIME.test(value)) params[key] = vietnamTime(t, lang, value);
    else params[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return t(reasonKey(check.reason), params);
}

const signerName = (t: Translate, s: SignatureReport) => s.signer?.commonName || s.signer?.organisation || t('signatures.report.unknown_signer');

function checkItem(t: Translate, lang: Lang, name: keyof SignatureChecks, check: Check): SafeHtml {
  return html`<dt>${t(`signatures.check.${name}`)}</dt>
<dd data-check="${name}" data-status="${check.status}" data-reason="${check.reason}"><strong class="check-${check.status}">${t(`signatures.check_status.${check.status}`)}</strong> — ${explainCheck(t, lang, check)}</dd>`;
}

function signatureSection(t: Translate, lang: Lang, report: VerificationReport, s: SignatureReport, index: number): SafeHtml {
  const n = index + 1;
  const heading = t(s.kind === 'document-timestamp' ? 'signatures.report.timestamp_heading' : 'signatures.report.signature_heading', { n, name: signerName(t, s) });
  const when = (iso: string | null) => (iso ? html`<time datetime="${iso}">${vietnamTime(t, lang, iso)}</time>` : '—');
  const signer = s.signer;
  const row = (label: MessageKey, value: string | SafeHtml | null | undefined) => (value ? html`<dt>${t(label)}</dt><dd>${value}</dd>` : '');
  return html`<section class="signature-report" aria-labelledby="sig-${n}" data-signature="${n}" data-status="${s.status}">
<h2 id="sig-${n}">${heading}</h2>
<p class="verdict-line"><span class="badge sig-${s.status}">${t(`signatures.report.verdict.${s.status}`)}</span></p>
<dl class="answers">
${row('signatures.report.signer', signer?.commonName)}
${row('signatures.report.organisation', signer?.organisation)}
${row('signatures.report.job_title', signer?.title)}
${row('signatures.report.issuer', signer?.issuerCommonName)}
${signer ? row('signatures.report.validity', t('signatures.report.validity_range', { from: vietnamTime(t, lang, signer.notBefore), to: vietnamTime(t, lang, signer.notAfter) })) : ''}
${row('signatures.report.serial', signer ? html`<code>${signer.serialNumber}</code>` : null)}
${s.kind === 'signature' ? html`<dt>${t('signatures.report.claimed_time')}</dt><dd>${when(s.claimedTime)}</dd>` : ''}
<dt>${t('signatures.report.proven_time')}</dt><dd data-proven-time="${s.provenTime ?? ''}">${s.provenTime ? when(s.provenTime) : t('signatures.report.no_proven_time')}</dd>
${row('signatures.report.level', s.level ? t(`signatures.report.level.${s.level}`) : null)}
<dt>${t('signatures.report.scope')}</dt><dd>${s.coversWholeDocument ? t('signatures.report.scope.whole') : t('signatures.report.scope.partial', { revision: s.revision ?? '?', total: report.revisions })}</dd>
</dl>
<h3>${t('signatures.report.checks')}</h3>
<dl class="answers checks">${CHECK_ORDER.map((name) => checkItem(t, lang, name, s.checks[name]))}</dl>
</section>`;
}

/** The whole report; `stored` adds what the QR link's page knows: the document's title and its download. */
export function renderReport(t: Translate, lang: Lang, report: VerificationReport, stored?: { title: string; downloadUrl: string }): SafeHtml {
  const changed = report.signatures.filter((s) => s.checks.modifiedAfter.reason === 'content_changed_after_signing');
  const valid = report.signatures.filter((s) => s.status === 'valid').length;
  return html`<h1>${t('signatures.report.title')}</h1>
${stored ? html`<dl class="answers"><dt>${t('signatures.report.document')}</dt><dd data-document-title>${stored.title}</dd></dl>
<p><a class="button secondary" href="${stored.downloadUrl}" download>${t('signatures.report.download')}</a></p>
<p class="hint">${t('signatures.report.stored_hint')}</p>` : ''}
<section class="verdict verdict-${report.status}" aria-labelledby="verdict-title" data-verdict="${report.status}">
<h2 id="verdict-title"><span class="visually-hidden">${t('signatures.report.verdict')}: </span>${t(`signatures.report.verdict.${report.status}`)}</h2>
<p>${t(`signatures.report.sentence.${report.status}`, { n: valid })}</p>
</section>
${changed.length ? html`<section class="warning changed-after" aria-labelledby="changed-title" data-changed-after="${changed.map((s) => report.signatures.indexOf(s) + 1).join(' ')}">
<h2 id="changed-title">${t('signatures.report.changed.title')}</h2>
${changed.map((s) => html`<p>${t('signatures.report.changed.text', { signer: signerName(t, s), changes: ((s.checks.modifiedAfter.details?.changes as string[] | undefined) ?? []).map((c) => describeChange(t, c)).join('; ') })}</p>`)}
</section>` : ''}
${report.signatures.map((s, i) => signatureSection(t, lang, report, s, i))}
<section aria-labelledby="file-title"><h2 id="file-title">${t('signatures.report.file')}</h2>
<dl class="answers">
<dt>${t('signatures.report.signature_count')}</dt><dd>${report.signatures.length}</dd>
<dt>${t('signatures.report.revisions')}</dt><dd>${report.revisions}</dd>
<dt>${t('signatures.report.sha256')}</dt><dd><code class="hash">${report.fileSha256}</code></dd>
<dt>${t('signatures.report.verified_at')}</dt><dd><time datetime="${report.verifiedAt}">${vietnamTime(t, lang, report.verifiedAt)}</time></dd>
</dl></section>
<p><a href="/xac-thuc">${t('signatures.report.check_another')}</a></p>`;
}
