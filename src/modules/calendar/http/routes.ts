import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import { formText } from '../../../platform/http/form.ts';
import { auditActorOf } from '../../audit/index.ts';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../domain/holidays.ts';
import { parseIsoDay, yearOfDay } from '../domain/civil-date.ts';
import { yearScheduleJson } from '../domain/schedule.ts';
import { CALENDAR_SETTINGS, loadCalendar } from '../load-calendar.ts';
import { addCalendarEntry, importYearSchedule, removeCalendarEntry } from '../manage-calendar.ts';
import { findSchedule, listEntries } from '../store.ts';
import { CALENDAR_PATH, displayDate, yearPageBody, yearUrl } from './pages.ts';
import type { FormState } from './pages.ts';

const MANAGE = { permission: 'calendar.manage' } as const;
/** A pasted year's schedule: 100 entries of a few hundred characters fit with room to spare. */
const IMPORT_MAX_CHARS = 200_000;

const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: CALENDAR_MIN_YEAR, maximum: CALENDAR_MAX_YEAR })) });

const thisYear = () => new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

/** The year a form came from (its hidden field), else the current year. */
function postedYear(request: FastifyRequest): number {
  const year = Number(formText(request, 'year', 10));
  return Number.isInteger(year) && year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR ? year : thisYear();
}

async function yearPage(db: Db, request: FastifyRequest, reply: FastifyReply, year: number, state?: FormState) {
  const t = request.t;
  const [calendar, schedule, entries] = await Promise.all([loadCalendar(db, year, year), findSchedule(db, year), listEntries(db, year, year)]);
  return reply.page(
    { title: t('calendar.title', { year }), body: yearPageBody(t, { year, calendar, settings: CALENDAR_SETTINGS, schedule, entries, token: request.csrfToken(), state }) },
    state ? 400 : 200,
  );
}

export function calendarRoutes(db: Db) {
  return (app: App) => {
    app.get(CALENDAR_PATH, { config: MANAGE, schema: { querystring: YearQuery } }, async (request, reply) => {
      const { year } = request.query as { year?: number };
      return yearPage(db, request, reply, year ?? thisYear());
    });

    app.post(`${CALENDAR_PATH}/entries`, { config: MANAGE }, async (request, reply) => {
      const values = {
        date: formText(request, 'date', 100), kind: formText(request, 'kind', 100), name: formText(request, 'name', 2000), source: formText(request, 'source', 2000),
      };
      const result = await addCalendarEntry(db, auditActorOf(request), values);
      if (!result.ok) {
        // The error summary in the form's order.
        const errors = Object.fromEntries((['date', 'kind', 'name', 'source'] as const).filter((k) => result.errors[k]).map((k) => [k, result.errors[k]!]));
        return yearPage(db, request, reply, postedYear(request), { form: 'add', errors, values });
      }
      const date = result.entry.date;
      return reply.redirectWithNotice(yearUrl(Number(date.slice(0, 4))), 'calendar.notice.added', { date: displayDate(date) });
    });

    app.post(`${CALENDAR_PATH}/entries/:date/delete`, { config: MANAGE }, async (request, reply) => {
      const { date } = request.params as { date: string };
      const day = parseIsoDay(date);
      if (day === null) throw new AppError('error.not_found', 404);
      const removed = await removeCalendarEntry(db, auditActorOf(request), date);
      if (!removed) throw new AppError('error.not_found', 404);
      return reply.redirectWithNotice(yearUrl(yearOfDay(day)), 'calendar.notice.removed', { date: displayDate(date) });
    });

    app.post(`${CALENDAR_PATH}/import`, { config: MANAGE }, async (request, reply) => {
      const text = formText(request, 'schedule', IMPORT_MAX_CHARS);
      const year = postedYear(request);
      if (text.trim() === '') return yearPage(db, request, reply, year, { form: 'import', errors: { schedule: 'calendar.import.required' }, values: { schedule: text } });
      const result = await importYearSchedule(db, auditActorOf(request), text);
      if (!result.ok) return yearPage(db, request, reply, year, { form: 'import', errors: { schedule: 'calendar.import.failed' }, values: { schedule: text }, problems: result.problems });
      return reply.redirectWithNotice(yearUrl(result.schedule.year), 'calendar.notice.imported', { year: result.schedule.year, count: result.schedule.entries.length });
    });

    app.get(`${CALENDAR_PATH}/export.json`, { config: MANAGE, schema: { querystring: YearQuery } }, async (request, reply) => {
      const year = (request.query as { year?: number }).year ?? thisYear();
      const [schedule, entries] = await Promise.all([findSchedule(db, year), listEntries(db, year, year)]);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="lich-nghi-${year}.json"`)
        .header('cache-control', 'no-store')
        .send(yearScheduleJson({ year, source: schedule?.source ?? '', entries }));
    });
  };
}
