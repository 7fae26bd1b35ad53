/** What the periodic reports' use cases need, and how the composition root (or a test) builds it. */
import type { Db } from '../../platform/db/database.ts';
import type { SignaturesContext } from '../signatures/index.ts';
import { LIVE_FIGURE_KEYS, reportLiveFigures } from './live-figures.ts';
import type { LiveFigures } from './live-figures.ts';

export interface PeriodicReportsContext {
  db: Db;
  /** Submissions are signed with these; absent, nothing can be submitted (never unsigned). */
  signatures?: SignaturesContext | undefined;
  /** Where fields with a `source` get their numbers. */
  liveFigures: LiveFigures;
  /** The figure keys a template may name (what `liveFigures` answers). */
  liveFigureKeys: readonly string[];
  /** The clock; tests move it. */
  now: () => Date;
}

export interface PeriodicReportsOptions {
  signatures?: SignaturesContext | undefined;
  /** A richer provider (the reporting indicators); default: counts of the commune's records (live-figures.ts). */
  liveFigures?: LiveFigures;
  /** The keys `liveFigures` answers; default LIVE_FIGURE_KEYS. */
  liveFigureKeys?: readonly string[];
  now?: () => Date;
}

export function periodicReportsContext(db: Db, options: PeriodicReportsOptions = {}): PeriodicReportsContext {
  const now = options.now ?? (() => new Date());
  return {
    db,
    signatures: options.signatures,
    liveFigures: options.liveFigures ?? reportLiveFigures(db, now),
    liveFigureKeys: options.liveFigureKeys ?? LIVE_FIGURE_KEYS,
    now,
  };
}
