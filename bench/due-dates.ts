/**
 * Due dates computed per second: the working-day calendar vs the naive `simpleDeadlines`, in this process, in
 * the same run, through the contract the records module uses (records/deadlines.ts: `Deadlines.at(moment)`, which
 * loads what is needed before the transaction, then the synchronous `due`).
 *
 * Both compute the appointment of the same receipts: 20,000 instants spread over 2026 (a fixed pseudo-random
 * sequence, at any time of day or night, weekends and Tết included), each with a processing time drawn from
 * what the catalogue holds (1–20 working days, mostly short; one in ten in working hours, 4–40), with the
 * 15:00 rule.
 *   calendar: `(await calendarDeadlines(db).at(receivedAt)).due(receivedAt, time, { after15Rule: true })`, what
 *             act.ts does per action with what `main.ts` hands the records module: `loadCalendar` (the calendar
 *             of the year before to two years after, from the database, kept in memory for a minute; loaded
 *             once before the rounds), then `addDuration` with the cut-off;
 *   baseline: `(await simpleDeadlines.at(receivedAt)).due(receivedAt, time, { after15Rule: true })`:
 *             Monday–Friday, no holidays, no office hours.
 * One receipt after the other. The kinds alternate in rounds of one pass over
 * the receipts; the median round of each is reported. Also reported: the calendar's own synchronous
 * `addDuration` (no promise, no cache lookup), and the time to build a calendar of three years.
 *
 * Part of `npm run bench` (bench/run.ts); on its own: node --import tsx bench/due-dates.ts
 *   BENCH_DUE_ROUNDS=7
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/platform/db/database.ts';
import { createWorkingCalendar, OFFICIAL_SCHEDULES, seedCalendar } from '../src/modules/calendar/index.ts';
import type { DurationUnit, WorkingCalendar } from '../src/modules/calendar/index.ts';
import { calendarDeadlines, simpleDeadlines } from '../src/modules/records/deadlines.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { median } from './lib.ts';

export interface DueDateResult {
  receipts: number;
  rounds: number;
  /** Median round, due dates per second, through Deadlines.at(…).due. */
  calendarPerSecond: number;
  simplePerSecond: number;
  /** calendar / simple. */
  ratio: number;
  calendarRounds: number[];
  simpleRounds: number[];
  /** Median round of the calendar's synchronous addDuration alone, due dates per second. */
  pureCalendarPerSecond: number;
  /** Median time to build the calendar of three years, ms. */
  buildMs: number;
  /** Receipts whose two appointments fall on different Vietnam days (what the calendar changes). */
  differentDays: number;
}

interface Receipt {
  at: Date;
  value: number;
  unit: DurationUnit;
}

/** A small deterministic generator (mulberry32): the same receipts in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function receipts(count: number): Receipt[] {
  const next = random(2026);
  const from = Date.UTC(2025, 11, 31, 17); // 2026-01-01 00:00 in Vietnam
  const span = 365 * 86400_000;
  return Array.from({ length: count }, () => {
    const at = new Date(from + Math.floor(next() * span));
    if (next() < 0.1) return { at, value: 4 + Math.floor(next() * 37), unit: 'working_hours' as const };
    // Mostly short: 1–5 days for two in three, up to 20 otherwise.
    return { at, value: next() < 0.67 ? 1 + Math.floor(next() * 5) : 1 + Math.floor(next() * 20), unit: 'working_days' as const };
  });
}

const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

export function buildCalendar(): WorkingCalendar {
  return createWorkingCalendar({ fromYear: 2025, toYear: 2027, entries: OFFICIAL_SCHEDULES.flatMap((s) => s.entries) });
}

/** On an open database holding the calendar's schedules (seeded here when missing). */
export async function measureDueDates(db: Db, o: { receipts: number; rounds: number }): Promise<DueDateResult> {
  await seedCalendar(db);
  const list = receipts(o.receipts);
  const builds: number[] = [];
  let calendar = buildCalendar();
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    calendar = buildCalendar();
    builds.push(performance.now() - t0);
  }
  const deadlines = calendarDeadlines(db);
  let sink = 0;
  const passes = {
    calendar: async () => {
      for (const r of list) sink += (await deadlines.at(r.at)).due(r.at, { value: r.value, unit: r.unit, note: null }, { after15Rule: true })!.getTime();
    },
    simple: async () => {
      for (const r of list) sink += (await simpleDeadlines.at(r.at)).due(r.at, { value: r.value, unit: r.unit, note: null }, { after15Rule: true })!.getTime();
    },
    pure: async () => {
      for (const r of list) sink += calendar.addDuration(r.at, { value: r.value, unit: r.unit }, { cutoff: true }).getTime();
    },
  };
  const timed = async (pass: () => Promise<void>) => {
    const t0 = performance.now();
    await pass();
    return list.length / ((performance.now() - t0) / 1000);
  };
  // Warm-up: JIT, and the calendar loaded from the database into the module's cache.
  for (let i = 0; i < 3; i++) for (const pass of Object.values(passes)) await timed(pass);
  const calendarRounds: number[] = [];
  const simpleRounds: number[] = [];
  const pureRounds: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    if (r % 2 === 0) {
      calendarRounds.push(await timed(passes.calendar));
      simpleRounds.push(await timed(passes.simple));
    } else {
      simpleRounds.push(await timed(passes.simple));
      calendarRounds.push(await timed(passes.calendar));
    }
    pureRounds.push(await timed(passes.pure));
  }
  if (!Number.isFinite(sink)) throw new Error('no due dates');
  let differentDays = 0;
  for (const r of list) {
    const a = (await deadlines.at(r.at)).due(r.at, { value: r.value, unit: r.unit, note: null }, { after15Rule: true })!;
    const b = (await simpleDeadlines.at(r.at)).due(r.at, { value: r.value, unit: r.unit, note: null }, { after15Rule: true })!;
    if (a.getTime() <= r.at.getTime()) throw new Error(`the calendar's appointment ${a.toISOString()} is not after the receipt ${r.at.toISOString()}`);
    if (a.getTime() !== calendar.addDuration(r.at, { value: r.value, unit: r.unit }, { cutoff: true }).getTime()) throw new Error('calendarDeadlines and the calendar built here disagree');
    if (vnDay(a) !== vnDay(b)) differentDays++;
  }
  return {
    receipts: list.length, rounds: o.rounds,
    calendarPerSecond: median(calendarRounds), simplePerSecond: median(simpleRounds), ratio: median(calendarRounds) / median(simpleRounds),
    calendarRounds, simpleRounds, pureCalendarPerSecond: median(pureRounds), buildMs: median(builds), differentDays,
  };
}

/** A throwaway test database (PGlite in memory from the test template, or PostgreSQL with DATABASE_URL). */
export async function measureDueDatesOnTestDatabase(o: { receipts: number; rounds: number }): Promise<DueDateResult> {
  const database = await createTestDatabase();
  try {
    return await measureDueDates(database.db, o);
  } finally {
    await database.close();
  }
}

export const DUE_DATE_OPTIONS = { receipts: 20_000, rounds: Number(process.env.BENCH_DUE_ROUNDS ?? 7) };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await measureDueDatesOnTestDatabase(DUE_DATE_OPTIONS);
  console.log(`due dates per second over ${r.receipts} receipts, ${r.rounds} rounds: calendar ${r.calendarRounds.map((x) => x.toFixed(0)).join(' ')} | simple ${r.simpleRounds.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`median: calendar ${r.calendarPerSecond.toFixed(0)}/s, simple ${r.simplePerSecond.toFixed(0)}/s, calendar/simple ${r.ratio.toFixed(3)}×; the calendar's addDuration alone ${r.pureCalendarPerSecond.toFixed(0)}/s; ` +
    `building the calendar of 2025–2027: ${r.buildMs.toFixed(2)} ms; ${r.differentDays} of ${r.receipts} appointments on another day than the naive one`);
}
