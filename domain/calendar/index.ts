/**
 * Vietnamese working-day calendar: holidays, office hours, deadlines, document date lines.
 * Pure and deterministic (safe in Temporal workflow code).
 */
export * from './working-time';
export {
  type CalendarData,
  calendarDataOf,
  calendarOf,
  packCalendar,
  type PackedCalendarData,
} from './calendar-data';
export { CALENDAR_V1 } from './calendar-v1';
export * from './format';
export { HOLIDAY_TABLE } from './holidays';
export type {
  DayOff,
  DayOffKind,
  HolidayBasis,
  HolidayOccasion,
  HolidayYear,
  MakeUpWorkingDay,
} from './holiday-types';
export { HOLIDAY_OCCASIONS, HOLIDAY_OCCASION_LABELS } from './holiday-types';
export { canChiYear, hungKingsDay, lunarNewYear, lunarToSolar, solarToLunar } from './lunar';
export type { LunarDate, SolarDate } from './lunar';
