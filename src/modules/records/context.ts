import type { Db } from '../../platform/db/database.ts';
import type { FileScanner } from '../../platform/files/virus-scan.ts';
import type { SignaturesContext } from '../signatures/index.ts';
import type { Deadlines } from './deadlines.ts';

/** What the records use cases need: the database, the virus-scanner hook and the due-date calculator. */
export interface RecordsContext {
  db: Db;
  scanner: FileScanner;
  /** Optional for callers that never change a status (filing); the back office needs it. */
  deadlines?: Deadlines;
  /** A record is "due soon" this many hours before its appointment (workqueues); 24 by default. */
  dueSoonHours?: number;
  /** The site's public address, for the tracking QR code on printed forms. */
  publicUrl?: string;
  /** Signing of results and forms; without it (some tests), results and forms stay unsigned. */
  signatures?: SignaturesContext;
}

/** Who files: a citizen for themselves, or an official of a commune for a citizen (assisted filing). */
export type Filer =
  | { kind: 'citizen'; id: number; name: string }
  | { kind: 'official'; id: number; name: string; unitId: number; role: 'one_stop_officer' | 'digital_team_member' };

export const ownerOf = (who: Filer) => ({ kind: who.kind, id: who.id });

/** Limits of one draft's attachments. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_FILES_PER_DRAFT = 20;
export const MAX_DRAFT_BYTES = 25 * 1024 * 1024;
export const MAX_DRAFTS_PER_OWNER = 50;
