/**
 * The seven parts every published procedure must show (NĐ 63/2010/NĐ-CP Art. 8, kept by NĐ 92/2017):
 * name, sequence, method, components and their number, time limit, subjects, implementing agency.
 * Result, fees and legal basis follow them on the page.
 */
import type { Component, ProcessingTime, Procedure } from './procedure.ts';

export type SevenPartKey = 'name' | 'sequence' | 'method' | 'components' | 'time' | 'subjects' | 'agency';

export const SEVEN_PARTS: readonly SevenPartKey[] = ['name', 'sequence', 'method', 'components', 'time', 'subjects', 'agency'];

export interface SevenParts {
  name: string;
  sequence: string[];
  method: string[];
  components: { items: Component[]; sets: number };
  time: ProcessingTime;
  subjects: string;
  agency: string[];
}

export function sevenParts(p: Procedure): SevenParts {
  return {
    name: p.name,
    sequence: p.steps,
    method: p.methods,
    // One set of the dossier (bộ hồ sơ) unless the record says otherwise.
    components: { items: p.components, sets: 1 },
    time: p.processingTime,
    subjects: p.subjects,
    agency: p.agencies,
  };
}

/** Which of the seven parts have nothing to show: a published procedure should have none. */
export function missingParts(parts: SevenParts): SevenPartKey[] {
  const empty: Record<SevenPartKey, boolean> = {
    name: parts.name.trim() === '',
    sequence: parts.sequence.length === 0,
    method: parts.method.length === 0,
    components: parts.components.items.length === 0,
    time: parts.time.value === null && !parts.time.note,
    subjects: parts.subjects.trim() === '',
    agency: parts.agency.length === 0,
  };
  return SEVEN_PARTS.filter((k) => empty[k]);
}
