/**
 * What `smart-commune verify-pdf` needs from the module: trust roots read from files (PEM or DER), the install's
 * own trust anchors read without creating anything, and the report in plain English (DEFAULT_REASON_TEXT).
 */
import { currentCrls } from './authorities.ts';
import type { SignaturesContext } from './context.ts';
import { certificateInfo } from './pki/index.ts';
import { listAuthorities } from './store.ts';
import { explain } from './verify/index.ts';
import type { OverallStatus, SignatureChecks, VerificationReport } from './verify/index.ts';

/** The command's exit codes: scripts branch on them. */
export const VERIFY_EXIT = { valid: 0, invalid: 1, indeterminate: 2, unsigned: 2, badInput: 3 } as const;
export const exitCodeOf = (status: OverallStatus): number => VERIFY_EXIT[status];

/** Every certificate of a PEM file (one or more `CERTIFICATE` blocks) or the one of a DER file; throws when there is none. */
export function certificatesFromFile(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = [...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  const found = pem.length > 0 ? pem : [bytes];
  for (const der of found) certificateInfo(der); // throws on anything that is not a certificate
  return found;
}

/**
 * The install's built-in root (when its authorities exist: never created here) with the configured extra roots,
 * and the current CRLs of the built-in CAs when its keys open with this configuration's secrets.
 */
export async function installTrust(ctx: SignaturesContext): Promise<{ roots: Uint8Array[]; crls: Uint8Array[]; builtInRoot: boolean; note?: string }> {
  const rows = await listAuthorities(ctx.db);
  const root = rows.find((r) => r.kind === 'root');
  if (!root) return { roots: [...ctx.extraTrustRoots], crls: [], builtInRoot: false };
  let crls: Uint8Array[] = [];
  let note: string | undefined;
  if (rows.length >= 3) {
    try {
      crls = await currentCrls(ctx);
    } catch {
      note = 'the install\'s signing keys do not open with this APP_SECRET / SIGNING_KEY_SECRETS: only the revocation data inside the document is used';
    }
  }
  return { roots: [root.certificate, ...ctx.extraTrustRoots], crls, builtInRoot: true, note };
}

const STATUS_SENTENCE: Record<OverallStatus, string> = {
  valid: 'VALID: every signature is valid, chains to a trusted root, and nothing visible changed after signing.',
  invalid: 'INVALID: a signature failed, a certificate does not chain to a trusted root, or the document was changed after signing. Do not rely on its content.',
  indeterminate: 'INDETERMINATE: nothing failed, but not every signature could be confirmed (see the checks marked "?").',
  unsigned: 'UNSIGNED: the document has no digital signature.',
};

const CHECK_LABEL: Record<keyof SignatureChecks, string> = {
  digest: 'integrity', byteRange: 'byte range', signature: 'signature', signingCertificate: 'signing certificate',
  chain: 'certificate chain', revocation: 'revocation', timestamp: 'timestamp', modifiedAfter: 'changed after signing',
};
const MARK = { passed: 'ok', failed: 'FAIL', unknown: '?' } as const;

/** ISO 8601 in Vietnam's time zone, as the signature appearance shows it: 2026-11-28T18:56:35+07:00. */
export function vietnamIso(iso: string | null): string {
  if (!iso) return '-';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

/** The report as text for a terminal. */
export function reportText(report: VerificationReport): string {
  const lines = [`Status: ${STATUS_SENTENCE[report.status]}`, `Signatures: ${report.signatures.length}, revisions: ${report.revisions}, SHA-256: ${report.fileSha256}`];
  report.signatures.forEach((s, i) => {
    const signer = s.signer;
    lines.push('', `${s.kind === 'document-timestamp' ? 'Document timestamp' : 'Signature'} ${i + 1}${s.fieldName ? ` (${s.fieldName})` : ''}: ${s.status.toUpperCase()}`);
    const row = (label: string, value: string | null | undefined) => { if (value) lines.push(`  ${`${label}:`.padEnd(15)}${value}`); };
    row('Signer', signer?.commonName ?? '(unknown)');
    row('Organisation', signer?.organisation);
    row('Title', signer?.title);
    row('Issuer', signer?.issuerCommonName);
    row('Certificate', signer ? `serial ${signer.serialNumber}, ${signer.keyAlgorithm}, valid ${vietnamIso(signer.notBefore)} to ${vietnamIso(signer.notAfter)}` : null);
    if (s.kind === 'signature') row('Claimed time', `${vietnamIso(s.claimedTime)} (written by the signer's software)`);
    row('Proven time', s.provenTime ? `${vietnamIso(s.provenTime)} (${s.provenTimeSource ?? 'timestamp'})` : 'none (no valid timestamp)');
    row('PAdES level', s.level);
    row('Scope', s.coversWholeDocument ? 'the whole file' : `revision ${s.revision ?? '?'} of ${report.revisions}: data was added after this signature`);
    lines.push('  Checks:');
    for (const [name, label] of Object.entries(CHECK_LABEL) as [keyof SignatureChecks, string][]) {
      const check = s.checks[name];
      lines.push(`    [${MARK[check.status]}]`.padEnd(11) + `${label}: ${explain(check)}`);
    }
  });
  return lines.join('\n');
}
