/**
 * `smart-commune verify-pdf <file>`: verifies a signed PDF on the command line, offline. Trusted roots: the
 * `--trust-root` files, and (unless `--no-install-roots`) this install's built-in root read from its database
 * (DATABASE_URL or DATA_DIR, as `serve` uses; nothing is created or migrated) and TRUST_ROOTS_FILE.
 * Exit codes: 0 valid, 1 invalid, 2 indeterminate or unsigned, 3 the input could not be verified at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, signingFrom } from './platform/config.ts';
import { DatabaseBusyError, openDatabase } from './platform/db/database.ts';
import type { Database } from './platform/db/database.ts';
import { VERIFY_EXIT, VerifyInputError, certificatesFromFile, exitCodeOf, installTrust, reportText, signaturesContext, verifyWithTrust } from './modules/signatures/index.ts';
import type { VerificationReport } from './modules/signatures/index.ts';

export interface VerifyPdfOptions {
  trustRoot: string[];
  /** false with `--no-install-roots`. */
  installRoots: boolean;
  json?: boolean;
}

const INPUT_PROBLEM: Record<VerifyInputError['code'], string> = {
  too_large: 'the file is too large to verify',
  not_pdf: 'not a PDF file',
  malformed_pdf: 'the PDF is damaged and cannot be read',
  encrypted_pdf: 'the PDF is encrypted (password-protected) and cannot be verified',
};

/** The install's roots and CRLs, with notes on what could not be had; never creates authorities or migrates. */
async function installAnchors(notes: string[]): Promise<{ roots: Uint8Array[]; crls: Uint8Array[] }> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pgliteDir = path.join(path.resolve(process.env.DATA_DIR ?? 'data'), 'pglite');
  if (!databaseUrl && !fs.existsSync(pgliteDir)) {
    notes.push(`no database at ${pgliteDir} (set DATA_DIR or DATABASE_URL): the install's built-in root is not trusted`);
    return { roots: signingFrom(process.env).extraTrustRoots, crls: [] };
  }
  const config = loadConfig();
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl, pgliteDir });
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    notes.push(`the database is in use by a running server: its built-in root is not loaded; download ${config.publicUrl}/pki/root.crt and pass it with --trust-root`);
    return { roots: config.signing.extraTrustRoots, crls: [] };
  }
  try {
    const trust = await installTrust(signaturesContext(database.db, config));
    if (!trust.builtInRoot) notes.push('this install has no built-in certificate authority yet');
    if (trust.note) notes.push(trust.note);
    return trust;
  } catch {
    notes.push('the database holds no signature tables (run `smart-commune migrate`): the install\'s built-in root is not trusted');
    return { roots: config.signing.extraTrustRoots, crls: [] };
  } finally {
    await database.close();
  }
}

export async function verifyPdfCommand(file: string, options: VerifyPdfOptions): Promise<number> {
  const fail = (message: string) => {
    console.error(message);
    return VERIFY_EXIT.badInput;
  };
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const roots: Uint8Array[] = [];
  for (const rootFile of options.trustRoot) {
    try {
      roots.push(...certificatesFromFile(fs.readFileSync(rootFile)));
    } catch {
      return fail(`--trust-root ${rootFile}: not a readable certificate file (PEM or DER)`);
    }
  }
  const notes: string[] = [];
  let crls: Uint8Array[] = [];
  if (options.installRoots) {
    try {
      const install = await installAnchors(notes);
      roots.push(...install.roots);
      crls = install.crls;
    } catch (error) {
      return fail((error as Error).message);
    }
  }
  if (roots.length === 0) notes.push('no trusted root: no signature can be confirmed (give one with --trust-root)');
  let report: VerificationReport;
  try {
    report = await verifyWithTrust(bytes, { roots, crls });
  } catch (error) {
    if (error instanceof VerifyInputError) return fail(`${file}: ${INPUT_PROBLEM[error.code]}`);
    throw error;
  }
  for (const note of notes) console.error(`note: ${note}`);
  console.log(options.json ? JSON.stringify(report, null, 2) : `File: ${file}\n${reportText(report)}`);
  return exitCodeOf(report.status);
}
