/**
 * How the holiday table is built: the statute, the default rules for choices the Government
 * has not published yet, and the published decisions. Pure; run by the generator
 * (generate-holidays.ts) and by the test that recomputes the committed table.
 *
 * Statute — Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14) Art. 112(1): 1 January (1 day);
 * Tết Âm lịch (5 days); Hùng Kings' day, 10/3 âm lịch (1 day); Victory Day 30/4 (1 day);
 * International Labour Day 1/5 (1 day); National Day 2/9 plus one day immediately before or after
 * it (2 days). Art. 111(3): a holiday falling on the weekly rest day is taken on the next working
 * day. State offices rest on Saturday and Sunday (Decision 188/1999/QĐ-TTg Art. 1).
 *
 * Default rules (used only where no decision is known, marked basis "RULE"):
 * - Tết: the five days are the last day of the lunar year (ngày giao thừa, 29 or 30 tháng Chạp)
 *   and mùng 1–4; a day falling on Saturday moves to the nearest earlier weekday still open and a
 *   day falling on Sunday to the nearest later weekday still open. This reproduces every published
 *   Tết schedule of 2023–2026 (checked by the tests), e.g. 2024: 8, 9, 12, 13, 14 February.
 * - 2 September: the adjacent day is the one that is a Monday or a Friday, if any (so the break
 *   joins the weekend), otherwise 1 September. This reproduces 2021–2025.
 * - Fixed days (1/1, 10/3 âm lịch, 30/4, 1/5, 2/9 and its adjacent day) falling on Saturday or
 *   Sunday are compensated on the next weekday that is not already off (Art. 111(3)).
 * - No swaps (hoán đổi) are invented: they exist only where published.
 */

import { canChiYear, hungKingsDay, lunarNewYear, solarToLunar, type SolarDate } from './lunar';
import type {
  DayOff,
  HolidayBasis,
  HolidayOccasion,
  HolidayYear,
  MakeUpWorkingDay,
} from './holiday-types';
import { HOLIDAY_OCCASIONS } from './holiday-types';

/** Decisions of the Government on holiday schedules of state bodies (công chức, viên chức). */
export interface PublishedSchedule {
  year: number;
  occasions: HolidayOccasion[];
  /** Weekdays off for those occasions (replaces the statute/rule days of these occasions). */
  daysOff: Array<Omit<DayOff, 'name'> & { name?: string }>;
  makeUpWorkingDays: Array<Omit<MakeUpWorkingDay, 'name'> & { name?: string }>;
  source: string;
}

export const PUBLISHED_SCHEDULES: readonly PublishedSchedule[] = [
  {
    year: 2024,
    occasions: ['TET', 'NATIONAL_DAY'],
    daysOff: [
      { date: '2024-02-08', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2024-02-09', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2024-02-12', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2024-02-13', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2024-02-14', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2024-09-02', occasion: 'NATIONAL_DAY', kind: 'HOLIDAY' },
      { date: '2024-09-03', occasion: 'NATIONAL_DAY', kind: 'HOLIDAY' },
    ],
    makeUpWorkingDays: [],
    source:
      'Văn bản số 8662/VPCP-KGVX ngày 03/11/2023 của Văn phòng Chính phủ: nghỉ Tết Âm lịch từ 08/02/2024 đến hết 14/02/2024, nghỉ lễ Quốc khánh từ 31/8/2024 đến hết 03/9/2024',
  },
  {
    year: 2024,
    occasions: ['VICTORY_DAY', 'LABOUR_DAY'],
    daysOff: [
      { date: '2024-04-29', occasion: 'VICTORY_DAY', kind: 'SWAPPED' },
      { date: '2024-04-30', occasion: 'VICTORY_DAY', kind: 'HOLIDAY' },
      { date: '2024-05-01', occasion: 'LABOUR_DAY', kind: 'HOLIDAY' },
    ],
    makeUpWorkingDays: [{ date: '2024-05-04', replaces: '2024-04-29', occasion: 'VICTORY_DAY' }],
    source:
      'Văn bản số 2450/VPCP-KGVX năm 2024 của Văn phòng Chính phủ: nghỉ từ 27/4/2024 đến hết 01/5/2024, hoán đổi ngày làm việc thứ Hai 29/4/2024 sang thứ Bảy 04/5/2024',
  },
  {
    year: 2025,
    occasions: ['TET', 'VICTORY_DAY', 'LABOUR_DAY', 'NATIONAL_DAY'],
    daysOff: [
      { date: '2025-01-27', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2025-01-28', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2025-01-29', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2025-01-30', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2025-01-31', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2025-04-30', occasion: 'VICTORY_DAY', kind: 'HOLIDAY' },
      { date: '2025-05-01', occasion: 'LABOUR_DAY', kind: 'HOLIDAY' },
      { date: '2025-05-02', occasion: 'LABOUR_DAY', kind: 'SWAPPED' },
      { date: '2025-09-01', occasion: 'NATIONAL_DAY', kind: 'HOLIDAY' },
      { date: '2025-09-02', occasion: 'NATIONAL_DAY', kind: 'HOLIDAY' },
    ],
    makeUpWorkingDays: [{ date: '2025-04-26', replaces: '2025-05-02', occasion: 'LABOUR_DAY' }],
    source:
      'Văn bản số 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ (Bộ Lao động - Thương binh và Xã hội thông báo): nghỉ Tết Âm lịch từ 25/01/2025 đến hết 02/02/2025; nghỉ 30/4 và 01/5 từ 30/4/2025 đến hết 04/5/2025, hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025; nghỉ Quốc khánh từ 30/8/2025 đến hết 02/9/2025',
  },
  {
    year: 2026,
    occasions: ['NEW_YEAR'],
    daysOff: [
      { date: '2026-01-01', occasion: 'NEW_YEAR', kind: 'HOLIDAY' },
      { date: '2026-01-02', occasion: 'NEW_YEAR', kind: 'SWAPPED' },
    ],
    makeUpWorkingDays: [{ date: '2026-01-10', replaces: '2026-01-02', occasion: 'NEW_YEAR' }],
    source:
      'Văn bản số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ: nghỉ Tết Dương lịch từ 01/01/2026 đến hết 04/01/2026, hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026',
  },
  {
    year: 2026,
    occasions: ['TET', 'NATIONAL_DAY'],
    daysOff: [
      { date: '2026-02-16', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2026-02-17', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2026-02-18', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2026-02-19', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2026-02-20', occasion: 'TET', kind: 'HOLIDAY' },
      { date: '2026-08-31', occasion: 'NATIONAL_DAY', kind: 'SWAPPED' },
      { date: '2026-09-01', occasion: 'NATIONAL_DAY', kind: 'HOLIDAY' },
      { date: '2026-09-02', occasion: 'NATIONAL_DAY', kind: 'HOLIDAY' },
    ],
    makeUpWorkingDays: [{ date: '2026-08-22', replaces: '2026-08-31', occasion: 'NATIONAL_DAY' }],
    source:
      'Ý kiến của Thủ tướng Chính phủ do Văn phòng Chính phủ truyền đạt tháng 10/2025, Bộ Nội vụ thông báo: nghỉ Tết Âm lịch từ thứ Bảy 14/02/2026 (27 tháng Chạp Ất Tỵ) đến hết Chủ nhật 22/02/2026 (mùng 6 tháng Giêng Bính Ngọ); nghỉ Quốc khánh từ 29/8/2026 đến hết 02/9/2026, hoán đổi ngày làm việc thứ Hai 31/8/2026 sang thứ Bảy 22/8/2026',
  },
];

/** General sources of the table, printed in holidays.ts. */
export const HOLIDAY_TABLE_SOURCES: readonly string[] = [
  'Bộ luật Lao động số 45/2019/QH14, Điều 111 khoản 3 và Điều 112 khoản 1 (ngày nghỉ lễ, tết; nghỉ bù)',
  'Quyết định số 188/1999/QĐ-TTg, Điều 1 (cơ quan hành chính nghỉ thứ Bảy và Chủ nhật)',
  'Âm lịch Việt Nam, thuật toán Hồ Ngọc Đức, múi giờ UTC+7 (domain/calendar/lunar.ts)',
  ...PUBLISHED_SCHEDULES.map((s) => s.source),
];

// ---------------------------------------------------------------------------------------------
// Day arithmetic on "YYYY-MM-DD" strings (UTC-based day numbers, no time zone involved).

const DAY_MS = 86_400_000;

export function isoDate(d: SolarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  return isoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

function isWeekend(date: string): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

const WEEKDAY_NAMES = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

/** "26/4/2026" (document style: day padded below 10, month padded for 1 and 2 only). */
function shortVn(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${String(d).padStart(2, '0')}/${m <= 2 ? String(m).padStart(2, '0') : m}/${y}`;
}

/** "01/9" */
function dayMonthVn(date: string): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${String(d).padStart(2, '0')}/${m <= 2 ? String(m).padStart(2, '0') : m}`;
}

function lunarDayName(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const l = solarToLunar({ year: y, month: m, day: d });
  const month = l.month === 1 ? 'tháng Giêng' : l.month === 12 ? 'tháng Chạp' : `tháng ${l.month}`;
  const day = l.day <= 10 ? `mùng ${l.day}` : `${l.day}`;
  return `${day} ${month}`;
}

// ---------------------------------------------------------------------------------------------
// Default rules.

interface Statutory {
  date: string;
  occasion: HolidayOccasion;
  name: string;
}

function tetDays(year: number): string[] {
  const first = isoDate(lunarNewYear(year));
  return [-1, 0, 1, 2, 3].map((k) => addDays(first, k));
}

/** The five Tết weekdays by the default rule (Saturday → earlier weekday, Sunday → later). */
export function defaultTetDaysOff(year: number): string[] {
  const days = tetDays(year);
  const off = new Set(days.filter((d) => !isWeekend(d)));
  for (const d of days.filter((x) => weekday(x) === 6)) {
    let c = addDays(d, -1);
    while (isWeekend(c) || off.has(c)) c = addDays(c, -1);
    off.add(c);
  }
  for (const d of days.filter((x) => weekday(x) === 0)) {
    let c = addDays(d, 1);
    while (isWeekend(c) || off.has(c)) c = addDays(c, 1);
    off.add(c);
  }
  return [...off].sort();
}

/** The day next to 2 September by the default rule. */
export function defaultNationalDayAdjacent(year: number): string {
  const sep2 = `${year}-09-02`;
  const w = weekday(sep2);
  // Monday → 3/9 (Tuesday; 1/9 is a Sunday); Thursday → 3/9 (Friday); Sunday → 3/9 (Monday);
  // otherwise the day before (Tuesday → Monday, Wednesday → Tuesday, Friday → Thursday,
  // Saturday → Friday).
  return w === 1 || w === 4 || w === 0 ? `${year}-09-03` : `${year}-09-01`;
}

function statutoryFixedDays(year: number): Statutory[] {
  const days: Array<Omit<Statutory, 'name'>> = [
    { date: `${year}-01-01`, occasion: 'NEW_YEAR' },
    { date: isoDate(hungKingsDay(year)), occasion: 'HUNG_KINGS' },
    { date: `${year}-04-30`, occasion: 'VICTORY_DAY' },
    { date: `${year}-05-01`, occasion: 'LABOUR_DAY' },
    { date: `${year}-09-02`, occasion: 'NATIONAL_DAY' },
    { date: defaultNationalDayAdjacent(year), occasion: 'NATIONAL_DAY' },
  ];
  return days.map((d) => ({ ...d, name: describe({ ...d, kind: 'HOLIDAY' }, year) }));
}

const LABEL_OF: Record<HolidayOccasion, string> = {
  NEW_YEAR: 'Tết Dương lịch 01/01',
  TET: 'Tết Nguyên đán',
  HUNG_KINGS: 'Giỗ Tổ Hùng Vương 10/3 âm lịch',
  VICTORY_DAY: 'Ngày Chiến thắng 30/4',
  LABOUR_DAY: 'Ngày Quốc tế lao động 01/5',
  NATIONAL_DAY: 'Quốc khánh 02/9',
};

function describe(entry: Omit<DayOff, 'name'>, year: number): string {
  if (entry.occasion === 'TET') {
    return `Tết Nguyên đán ${canChiYear(year)} (${lunarDayName(entry.date)})`;
  }
  if (entry.kind === 'SWAPPED') {
    return `Nghỉ hoán đổi dịp ${LABEL_OF[entry.occasion]}`;
  }
  if (entry.occasion === 'NATIONAL_DAY' && !entry.date.endsWith('-09-02')) {
    return `Quốc khánh (ngày liền kề ${dayMonthVn(entry.date)})`;
  }
  return LABEL_OF[entry.occasion];
}

/**
 * Builds one year of the table: published schedules where known, otherwise the statute and the
 * default rules, then compensatory days for holidays on weekends.
 */
export function buildHolidayYear(year: number): HolidayYear {
  const published = PUBLISHED_SCHEDULES.filter((s) => s.year === year);
  const publishedOccasions = new Set(published.flatMap((s) => s.occasions));
  const basis = {} as Record<HolidayOccasion, HolidayBasis>;
  for (const o of HOLIDAY_OCCASIONS) {
    basis[o] = publishedOccasions.has(o)
      ? 'PUBLISHED'
      : o === 'TET' || o === 'NATIONAL_DAY'
        ? 'RULE'
        : 'STATUTE';
  }

  const daysOff: DayOff[] = [];
  const makeUp: MakeUpWorkingDay[] = [];
  const off = new Set<string>();
  const add = (e: DayOff): void => {
    if (isWeekend(e.date)) throw new Error(`${e.date} is a weekend day, not a day off to list`);
    if (off.has(e.date)) throw new Error(`${e.date} is listed twice`);
    off.add(e.date);
    daysOff.push(e);
  };

  for (const s of published) {
    for (const d of s.daysOff) add({ ...d, name: d.name ?? describe(d, year) });
    for (const m of s.makeUpWorkingDays) {
      makeUp.push({
        ...m,
        name:
          m.name ??
          `Làm bù cho ngày nghỉ ${WEEKDAY_NAMES[weekday(m.replaces)]} ${shortVn(m.replaces)} (dịp ${LABEL_OF[m.occasion]})`,
      });
    }
  }

  if (!publishedOccasions.has('TET')) {
    for (const date of defaultTetDaysOff(year)) {
      add({
        date,
        occasion: 'TET',
        kind: 'HOLIDAY',
        name: describe({ date, occasion: 'TET', kind: 'HOLIDAY' }, year),
      });
    }
  }

  // Fixed days in date order; those on weekends are compensated after all weekday holidays of
  // the year are known, so that a compensatory day never lands on another holiday.
  const fixed = statutoryFixedDays(year)
    .filter((s) => !publishedOccasions.has(s.occasion))
    .sort((a, b) => a.date.localeCompare(b.date));
  for (const s of fixed) {
    if (!isWeekend(s.date))
      add({ date: s.date, occasion: s.occasion, kind: 'HOLIDAY', name: s.name });
  }
  for (const s of fixed) {
    if (!isWeekend(s.date)) continue;
    let c = addDays(s.date, 1);
    while (isWeekend(c) || off.has(c)) c = addDays(c, 1);
    add({
      date: c,
      occasion: s.occasion,
      kind: 'COMPENSATORY',
      name: `Nghỉ bù ${s.name} (trùng ${WEEKDAY_NAMES[weekday(s.date)]} ${shortVn(s.date)})`,
    });
  }

  daysOff.sort((a, b) => a.date.localeCompare(b.date));
  makeUp.sort((a, b) => a.date.localeCompare(b.date));
  return {
    year,
    canChi: canChiYear(year),
    lunarNewYear: isoDate(lunarNewYear(year)),
    hungKings: isoDate(hungKingsDay(year)),
    basis,
    daysOff,
    makeUpWorkingDays: makeUp,
    sources: published.map((s) => s.source),
  };
}

/** First and last year of the committed table. */
export const HOLIDAY_TABLE_FIRST_YEAR = 2024;
export const HOLIDAY_TABLE_LAST_YEAR = 2035;

export function buildHolidayTable(
  from = HOLIDAY_TABLE_FIRST_YEAR,
  to = HOLIDAY_TABLE_LAST_YEAR,
): HolidayYear[] {
  const years: HolidayYear[] = [];
  for (let y = from; y <= to; y++) years.push(buildHolidayYear(y));
  return years;
}
