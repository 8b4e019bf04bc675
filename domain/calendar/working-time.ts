/**
 * Working time of Vietnamese state offices, in Asia/Ho_Chi_Minh (fixed UTC+07:00, no DST).
 *
 * - Working days: Monday–Friday, minus the days off of the holiday table (holidays.ts), plus the
 *   make-up Saturdays it lists.
 * - Office hours: 07:00–11:30 and 13:30–17:00 (8 h = 1 working day). Periods are half-open,
 *   [07:00, 11:30) and [13:30, 17:00): 17:00 itself is after hours.
 * - Instants are `Date`s (UTC under the hood) in and out; calendar days are "YYYY-MM-DD" strings.
 *   Nothing here reads the clock or the ICU time-zone database: safe in Temporal workflows.
 * - The table covers 2024-01-01 … 2035-12-31 (CALENDAR_RANGE); any computation that needs a day
 *   outside it throws a RangeError rather than guess.
 * - A `WorkingCalendar` is built from `CalendarData` (the days off and make-up days as plain
 *   dates): the module-level functions use the one built from today's HOLIDAY_TABLE, while a
 *   running case uses the data recorded in its Temporal history (workflows/, see calendar-data.ts),
 *   so that next year's holiday notice never changes the deadlines of a case already running.
 *
 * Deadlines (addWorkingDays) — the one-stop rule "x ngày làm việc":
 *   the clock starts at the receipt, or at the next office opening when the dossier arrives
 *   outside office hours (after 17:00, at lunch, on a day off); it runs only in office hours;
 *   after n × 8 h have elapsed the deadline is the END (17:00) of that office day.
 *   Equivalently: day 1 is the receipt day itself only when the clock starts at its 07:00 opening,
 *   otherwise the next working day; the deadline is 17:00 of day n.
 *   - received Monday 10:00, 3 days → Thursday 17:00 (24 h run out Thursday 10:00);
 *   - received Friday 18:00, 3 days → counts from Monday 07:00 → Wednesday 17:00;
 *   - received Tuesday 28/4/2026 10:00, 3 days → 29/4, (30/4, 1/5 holidays, weekend) 4/5, 5/5
 *     → Tuesday 05/5/2026 17:00.
 */

import { type CalendarData, calendarDataOf } from './calendar-data';
import { HOLIDAY_TABLE } from './holidays';

/** Vietnam's UTC offset in milliseconds (+07:00). */
export const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** One working day = 8 office hours. */
export const WORKING_DAY_MS = 8 * HOUR_MS;

/** Office periods as [start, end) in ms after local midnight. */
export const OFFICE_PERIODS: ReadonlyArray<readonly [number, number]> = [
  [7 * HOUR_MS, 11.5 * HOUR_MS],
  [13.5 * HOUR_MS, 17 * HOUR_MS],
];
const OPENING_MS = 7 * HOUR_MS;
const CLOSING_MS = 17 * HOUR_MS;

// ---------------------------------------------------------------------------------------------
// Local days as integers: days since 1970-01-01 in +07:00.

/** Local (+07:00) day number of an instant. */
function localDay(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight starting local day `day`. */
function dayStart(day: number): number {
  return day * DAY_MS - VN_OFFSET_MS;
}

function dayOfIso(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return ms / DAY_MS;
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function toMs(instant: Date): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/** 17:00 (+07:00) of the calendar day containing `instant`. */
export function endOfOfficeDay(instant: Date): Date {
  return new Date(dayStart(localDay(toMs(instant))) + CLOSING_MS);
}

/** 07:00 (+07:00) of the calendar day containing `instant`. */
export function startOfOfficeDay(instant: Date): Date {
  return new Date(dayStart(localDay(toMs(instant))) + OPENING_MS);
}

// ---------------------------------------------------------------------------------------------
// The calendar.

/** Working days and office hours over the days of one `CalendarData`. */
export class WorkingCalendar {
  /** First and last calendar day this calendar knows. */
  readonly range: { readonly from: string; readonly to: string };
  /** Identifies the data (calendar-data.ts `version`). */
  readonly version: string;
  private readonly offDays = new Set<number>();
  private readonly makeUpDays = new Set<number>();
  private readonly firstDay: number;
  private readonly lastDay: number;

  constructor(data: CalendarData) {
    for (const d of data.daysOff) this.offDays.add(dayOfIso(d));
    for (const d of data.makeUpDays) this.makeUpDays.add(dayOfIso(d));
    this.firstDay = dayOfIso(data.from);
    this.lastDay = dayOfIso(data.to);
    this.range = { from: data.from, to: data.to };
    this.version = data.version;
  }

  private checkRange(day: number): void {
    if (day < this.firstDay || day > this.lastDay) {
      throw new RangeError(
        `Date ${isoOfDay(day)} is outside the working-day calendar (${this.range.from} … ${this.range.to}); extend domain/calendar/holiday-rules.ts`,
      );
    }
  }

  private isWorkingDayNumber(day: number): boolean {
    this.checkRange(day);
    if (this.makeUpDays.has(day)) return true;
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 0 || weekday === 6) return false;
    return !this.offDays.has(day);
  }

  /** Whether the Vietnamese calendar day containing `instant` (+07:00) is a working day. */
  isWorkingDay(instant: Date): boolean {
    return this.isWorkingDayNumber(localDay(toMs(instant)));
  }

  /** Whether the calendar day "YYYY-MM-DD" is a working day. */
  isWorkingDate(date: string): boolean {
    return this.isWorkingDayNumber(dayOfIso(date));
  }

  /** Whether `instant` falls in office hours ([07:00, 11:30) or [13:30, 17:00) of a working day). */
  isWorkingTime(instant: Date): boolean {
    const ms = toMs(instant);
    const day = localDay(ms);
    if (!this.isWorkingDayNumber(day)) return false;
    const t = ms - dayStart(day);
    return OFFICE_PERIODS.some(([s, e]) => t >= s && t < e);
  }

  /**
   * The earliest instant ≥ `instant` in office hours: `instant` itself during office hours,
   * 13:30 during the lunch break, otherwise 07:00 of the next working day.
   */
  nextWorkingStart(instant: Date): Date {
    return this.addWorkingHours(instant, 0);
  }

  /**
   * The instant at which `hours` office hours have elapsed since `start` (fractions allowed, e.g.
   * 4 = half a working day). The clock starts at nextWorkingStart(start). When the time runs out
   * exactly at the end of a period the period's end is returned (11:30 or 17:00, not the next
   * opening). `hours` = 0 returns nextWorkingStart(start).
   */
  addWorkingHours(start: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError(`hours must be a finite number ≥ 0, got ${hours}`);
    }
    let remaining = Math.round(hours * HOUR_MS);
    let t = toMs(start);
    for (let day = localDay(t); ; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const base = dayStart(day);
      for (const [s, e] of OFFICE_PERIODS) {
        const periodEnd = base + e;
        if (t >= periodEnd) continue;
        const from = Math.max(t, base + s);
        const available = periodEnd - from;
        if (remaining <= available) return new Date(from + remaining);
        remaining -= available;
        t = periodEnd;
      }
    }
  }

  /**
   * The earliest instant from which `hours` office hours remain until `end` (the inverse of
   * addWorkingHours). When the time runs out exactly at the opening of a period, the end of the
   * previous period is returned, e.g. 8 h before Thursday 17:00 is Wednesday 17:00.
   */
  subtractWorkingHours(end: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError(`hours must be a finite number ≥ 0, got ${hours}`);
    }
    let remaining = Math.round(hours * HOUR_MS);
    let t = toMs(end);
    for (let day = localDay(t); ; day--) {
      if (!this.isWorkingDayNumber(day)) continue;
      const base = dayStart(day);
      for (let i = OFFICE_PERIODS.length - 1; i >= 0; i--) {
        const [s, e] = OFFICE_PERIODS[i] as readonly [number, number];
        const periodStart = base + s;
        if (t <= periodStart) continue;
        const to = Math.min(t, base + e);
        const available = to - periodStart;
        if (remaining < available) return new Date(to - remaining);
        remaining -= available;
        t = periodStart;
      }
    }
  }

  /**
   * Deadline of `days` working days from a receipt at `start`: 17:00 of the office day in which
   * `days` × 8 office hours since `start` run out (see the module comment for the rule and
   * examples). Fractions allowed (0.5 → the end of the office day in which 4 h run out); 0 → 17:00
   * of the day the clock starts.
   */
  addWorkingDays(start: Date, days: number): Date {
    if (!Number.isFinite(days) || days < 0) {
      throw new RangeError(`days must be a finite number ≥ 0, got ${days}`);
    }
    return endOfOfficeDay(this.addWorkingHours(start, days * 8));
  }

  /** Office time between two instants in milliseconds; negative when `to` is before `from`. */
  workingMsBetween(from: Date, to: Date): number {
    const a = toMs(from);
    const b = toMs(to);
    if (b < a) return -this.workingMsBetween(to, from);
    let total = 0;
    for (let day = localDay(a); day <= localDay(b); day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const base = dayStart(day);
      for (const [s, e] of OFFICE_PERIODS) {
        const lo = Math.max(a, base + s);
        const hi = Math.min(b, base + e);
        if (hi > lo) total += hi - lo;
      }
    }
    return total;
  }

  private dayTable: number[] | null = null;

  /**
   * Office time in ms from local midnight of the calendar's first day to `instant`, in constant
   * time (a table of every day's start is built on first use): for many instants at once,
   * `workingMsBetween(a, b) === workingMsAt(b) - workingMsAt(a)`.
   */
  workingMsAt(instant: Date): number {
    const ms = toMs(instant);
    const day = localDay(ms);
    this.checkRange(day);
    if (!this.dayTable) {
      const table: number[] = [0];
      for (let d = this.firstDay; d <= this.lastDay; d++) {
        const full = this.isWorkingDayNumber(d) ? WORKING_DAY_MS : 0;
        table.push((table[table.length - 1] as number) + full);
      }
      this.dayTable = table;
    }
    const before = this.dayTable[day - this.firstDay] as number;
    if (!this.isWorkingDayNumber(day)) return before;
    const t = ms - dayStart(day);
    let within = 0;
    for (const [s, e] of OFFICE_PERIODS) within += Math.max(0, Math.min(t, e) - s);
    return before + within;
  }

  /** Office hours between two instants (fractional; negative when `to` is before `from`). */
  workingHoursBetween(from: Date, to: Date): number {
    return this.workingMsBetween(from, to) / HOUR_MS;
  }

  /**
   * Working days (8 office hours each, fractional) between two instants; negative when `to` is
   * before `from`. For on-time statistics and "overdue by": workingDaysBetween(deadline, now) > 0
   * means overdue by that much. workingDaysBetween(s, addWorkingHours(s, 8n)) = n exactly, and
   * workingDaysBetween(s, addWorkingDays(s, n)) is in [n, n + 1).
   */
  workingDaysBetween(from: Date, to: Date): number {
    return this.workingMsBetween(from, to) / WORKING_DAY_MS;
  }

  /**
   * When a case becomes "at risk": one working day (8 office hours) before `deadline`, i.e. for a
   * deadline at 17:00 the previous working day's 17:00. For stages shorter than a day this can be
   * before the stage started; callers clamp to the stage start.
   */
  atRiskAt(deadline: Date): Date {
    return this.subtractWorkingHours(deadline, 8);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API on today's table (everything but running cases).

let current: WorkingCalendar | undefined;

/**
 * The calendar of today's holiday table, built on first use: the workflow bundle evaluates this
 * module at every workflow it creates (a notification's delivery too) and never uses this
 * calendar (a case's calendar comes through its history), and building it there cost about
 * 12 ms of the worker's CPU per workflow.
 */
export function currentCalendar(): WorkingCalendar {
  return (current ??= new WorkingCalendar(calendarDataOf(HOLIDAY_TABLE)));
}

/** First and last calendar day the working-day calendar knows. */
export const calendarRange = (): { from: string; to: string } => currentCalendar().range;

export const isWorkingDay = (instant: Date): boolean => currentCalendar().isWorkingDay(instant);
export const isWorkingDate = (date: string): boolean => currentCalendar().isWorkingDate(date);
export const isWorkingTime = (instant: Date): boolean => currentCalendar().isWorkingTime(instant);
export const nextWorkingStart = (instant: Date): Date =>
  currentCalendar().nextWorkingStart(instant);
export const addWorkingHours = (start: Date, hours: number): Date =>
  currentCalendar().addWorkingHours(start, hours);
export const subtractWorkingHours = (end: Date, hours: number): Date =>
  currentCalendar().subtractWorkingHours(end, hours);
export const addWorkingDays = (start: Date, days: number): Date =>
  currentCalendar().addWorkingDays(start, days);
export const workingMsBetween = (from: Date, to: Date): number =>
  currentCalendar().workingMsBetween(from, to);
export const workingHoursBetween = (from: Date, to: Date): number =>
  currentCalendar().workingHoursBetween(from, to);
export const workingDaysBetween = (from: Date, to: Date): number =>
  currentCalendar().workingDaysBetween(from, to);
export const atRiskAt = (deadline: Date): Date => currentCalendar().atRiskAt(deadline);
