/** What the documents module's use cases need: the database, signing, the scanner of uploads, the clock. */
import type { Db } from '../../platform/db/database.ts';
import type { FileScanner } from '../../platform/files/virus-scan.ts';
import type { SignaturesContext } from '../signatures/index.ts';

export interface DocumentsContext {
  db: Db;
  /** Absent: signing is off (tests of the flow without a PKI); signing steps are refused with a message. */
  signatures?: SignaturesContext;
  scanner: FileScanner;
  now: () => Date;
}

export function documentsContext(db: Db, options: { signatures?: SignaturesContext; scanner: FileScanner; now?: () => Date }): DocumentsContext {
  return { db, scanner: options.scanner, now: options.now ?? (() => new Date()), ...(options.signatures ? { signatures: options.signatures } : {}) };
}
