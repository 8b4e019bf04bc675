/**
 * The working-day calendar as plain data: the weekdays off and the Saturdays worked, over a
 * range of days. This is what a running case keeps in its Temporal history (with the case's
 * context), so that its deadlines are computed from the table as it was when the case started,
 * or as later pushed to it (the `calendarUpdated` signal), never from whatever table the worker
 * happens to bundle when it replays the case months later.
 */
import type { HolidayYear } from './holiday-types';

export interface CalendarData {
  /** Identifies the data: equal versions mean equal calendars. */
  version: string;
  /** First and last day covered, "YYYY-MM-DD". */
  from: string;
  to: string;
  /** Weekdays off, sorted. */
  daysOff: string[];
  /** Saturdays worked, sorted. */
  makeUpDays: string[];
}

/** 32-bit FNV-1a of a string, as 8 hex digits (pure; enough to tell tables apart). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The calendar data of `table`, optionally limited to the years `[fromYear, toYear]`. */
export function calendarDataOf(
  table: readonly HolidayYear[],
  years?: { fromYear: number; toYear: number },
): CalendarData {
  const rows = table.filter((y) => !years || (y.year >= years.fromYear && y.year <= years.toYear));
  if (rows.length === 0) throw new RangeError('No year of the holiday table is in the range');
  const first = rows[0] as HolidayYear;
  const last = rows[rows.length - 1] as HolidayYear;
  const from = `${first.year}-01-01`;
  const to = `${last.year}-12-31`;
  const inRange = (d: string): boolean => d >= from && d <= to;
  const daysOff = rows
    .flatMap((y) => y.daysOff.map((d) => d.date))
    .filter(inRange)
    .sort();
  const makeUpDays = rows
    .flatMap((y) => y.makeUpWorkingDays.map((d) => d.date))
    .filter(inRange)
    .sort();
  const version = `${from}..${to}#${fnv1a(`${daysOff.join(',')}|${makeUpDays.join(',')}`)}`;
  return { version, from, to, daysOff, makeUpDays };
}

/**
 * The calendar as a case's history carries it since patch "lean-history": the same data with the
 * days of each year in one string, `YYYY:MMDD,MMDD;YYYY:…`, the days off then `/` then the
 * Saturdays worked (about 800 bytes instead of 1,900 for the table of 2024–2035).
 */
export interface PackedCalendarData {
  version: string;
  from: string;
  to: string;
  packed: string;
}

function packDays(days: readonly string[]): string {
  const byYear = new Map<string, string[]>();
  for (const d of days) {
    const year = d.slice(0, 4);
    const list = byYear.get(year) ?? [];
    list.push(d.slice(5, 7) + d.slice(8, 10));
    byYear.set(year, list);
  }
  return [...byYear].map(([year, list]) => `${year}:${list.join(',')}`).join(';');
}

function unpackDays(text: string): string[] {
  if (text === '') return [];
  return text.split(';').flatMap((group) => {
    const [year, list = ''] = group.split(':');
    return list.split(',').map((md) => `${year}-${md.slice(0, 2)}-${md.slice(2, 4)}`);
  });
}

export function packCalendar(data: CalendarData): PackedCalendarData {
  const { version, from, to } = data;
  return { version, from, to, packed: `${packDays(data.daysOff)}/${packDays(data.makeUpDays)}` };
}

/** The calendar data of either form (pure: workflow code unpacks what its history carries). */
export function calendarOf(data: CalendarData | PackedCalendarData): CalendarData {
  if (!('packed' in data)) return data;
  const [off = '', work = ''] = data.packed.split('/');
  const { version, from, to } = data;
  return { version, from, to, daysOff: unpackDays(off), makeUpDays: unpackDays(work) };
}
