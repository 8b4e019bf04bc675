/**
 * Shapes of the public-holiday table (holidays.ts). Dates are calendar days in Vietnam
 * (UTC+7), written "YYYY-MM-DD".
 */

/** The occasions of Labour Code 2019 Art. 112(1). */
export type HolidayOccasion =
  'NEW_YEAR' | 'TET' | 'HUNG_KINGS' | 'VICTORY_DAY' | 'LABOUR_DAY' | 'NATIONAL_DAY';

export const HOLIDAY_OCCASIONS: readonly HolidayOccasion[] = [
  'NEW_YEAR',
  'TET',
  'HUNG_KINGS',
  'VICTORY_DAY',
  'LABOUR_DAY',
  'NATIONAL_DAY',
] as const;

export const HOLIDAY_OCCASION_LABELS: Record<HolidayOccasion, string> = {
  NEW_YEAR: 'Tết Dương lịch',
  TET: 'Tết Âm lịch',
  HUNG_KINGS: 'Giỗ Tổ Hùng Vương',
  VICTORY_DAY: 'Ngày Chiến thắng',
  LABOUR_DAY: 'Ngày Quốc tế lao động',
  NATIONAL_DAY: 'Quốc khánh',
};

/**
 * - HOLIDAY: a statutory holiday day (for Tết and 2/9, one of the days the Government set).
 * - COMPENSATORY: "nghỉ bù", a holiday fell on Saturday or Sunday (Art. 111(3), 112).
 * - SWAPPED: "hoán đổi", a working day given off against a make-up Saturday.
 */
export type DayOffKind = 'HOLIDAY' | 'COMPENSATORY' | 'SWAPPED';

/** A weekday (Monday–Friday) on which state offices are closed. Weekends are never listed. */
export interface DayOff {
  date: string;
  occasion: HolidayOccasion;
  kind: DayOffKind;
  /** Vietnamese description, e.g. "Tết Nguyên đán Bính Ngọ (mùng 1 tháng Giêng)". */
  name: string;
}

/** A Saturday worked to make up for a SWAPPED day off ("làm bù"). */
export interface MakeUpWorkingDay {
  date: string;
  /** The SWAPPED day off it pays for. */
  replaces: string;
  occasion: HolidayOccasion;
  name: string;
}

/**
 * Where an occasion's days come from in a given year:
 * - PUBLISHED: a Government / Prime Minister decision for that year (see `sources`);
 * - STATUTE: no decision known, but Art. 112 leaves no choice (a fixed day, moved to the next
 *   working day when it falls on a weekend);
 * - RULE: no decision known yet and the Government has to choose (the five Tết days, the day next
 *   to 2/9): filled by this module's default rule (holiday-rules.ts). Replace with the published
 *   days when the notice comes out (usually in October–November of the year before).
 */
export type HolidayBasis = 'PUBLISHED' | 'STATUTE' | 'RULE';

export interface HolidayYear {
  year: number;
  /** Sexagenary name of the lunar year starting at Tết, e.g. "Bính Ngọ". */
  canChi: string;
  /** Solar date of mùng 1 Tết, computed with the Vietnamese lunar calendar (UTC+7). */
  lunarNewYear: string;
  /** Solar date of 10/3 âm lịch, computed likewise. */
  hungKings: string;
  basis: Record<HolidayOccasion, HolidayBasis>;
  /** Weekdays off, sorted by date. */
  daysOff: DayOff[];
  /** Saturdays worked, sorted by date (may belong to the year before: see `replaces`). */
  makeUpWorkingDays: MakeUpWorkingDay[];
  /** The texts the PUBLISHED occasions come from. */
  sources: string[];
}
