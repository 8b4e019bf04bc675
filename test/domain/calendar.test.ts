import {
  WorkingCalendar,
  packCalendar,
  calendarOf,
  calendarDataOf,
  addWorkingDays,
  addWorkingHours,
  atRiskAt,
  calendarRange,
  currentCalendar,
  endOfOfficeDay,
  formatVnDate,
  formatVnDateLine,
  formatVnDateLong,
  formatVnDateTime,
  formatVnDateTimeShort,
  HOLIDAY_TABLE,
  hungKingsDay,
  isWorkingDate,
  isWorkingDay,
  isWorkingTime,
  lunarNewYear,
  lunarToSolar,
  nextWorkingStart,
  solarToLunar,
  subtractWorkingHours,
  toVnIsoString,
  vnDateTime,
  vnIsoDate,
  vnWeekdayName,
  workingDaysBetween,
  workingHoursBetween,
} from '../../domain/calendar';
import {
  buildHolidayTable,
  defaultNationalDayAdjacent,
  defaultTetDaysOff,
  isoDate,
} from '../../domain/calendar/holiday-rules';
import { renderHolidaysModule } from '../../domain/calendar/generate-holidays';

/** Shorthand: a wall-clock time in Vietnam. */
const vn = (y: number, m: number, d: number, h = 0, min = 0): Date => vnDateTime(y, m, d, h, min);
const iso = (d: Date): string => toVnIsoString(d);

describe('lunar calendar (UTC+7)', () => {
  test('Tết 2026 (mùng 1 Bính Ngọ) is Tuesday 17 February 2026', () => {
    expect(isoDate(lunarNewYear(2026))).toBe('2026-02-17');
    expect(vnWeekdayName(vn(2026, 2, 17, 12))).toBe('Thứ Ba');
  });

  test('Tết dates match the known Vietnamese calendar, including 2030 where it differs from the Chinese one', () => {
    const known: Record<number, string> = {
      2020: '2020-01-25',
      2021: '2021-02-12',
      2022: '2022-02-01',
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      2030: '2030-02-02', // Chinese New Year is 3 February 2030 (UTC+8)
      2031: '2031-01-23',
      2032: '2032-02-11',
      2033: '2033-01-31',
      2034: '2034-02-19',
      2035: '2035-02-08',
    };
    for (const [year, date] of Object.entries(known)) {
      expect([year, isoDate(lunarNewYear(Number(year)))]).toEqual([year, date]);
    }
    // The same algorithm at UTC+8 gives the Chinese date: the time zone matters.
    expect(isoDate(lunarToSolar({ year: 2030, month: 1, day: 1, leap: false }, 8))).toBe(
      '2030-02-03',
    );
  });

  test("Hùng Kings' day (10/3 âm lịch) matches the published dates", () => {
    expect(isoDate(hungKingsDay(2022))).toBe('2022-04-10');
    expect(isoDate(hungKingsDay(2023))).toBe('2023-04-29');
    expect(isoDate(hungKingsDay(2024))).toBe('2024-04-18');
    expect(isoDate(hungKingsDay(2025))).toBe('2025-04-07');
    expect(isoDate(hungKingsDay(2026))).toBe('2026-04-26');
  });

  test('solar → lunar knows the published lunar names of the Tết 2026 break and the 2025 leap month', () => {
    expect(solarToLunar({ year: 2026, month: 2, day: 14 })).toEqual({
      year: 2025,
      month: 12,
      day: 27,
      leap: false,
    });
    expect(solarToLunar({ year: 2026, month: 2, day: 22 })).toEqual({
      year: 2026,
      month: 1,
      day: 6,
      leap: false,
    });
    expect(solarToLunar({ year: 2025, month: 1, day: 25 })).toMatchObject({ month: 12, day: 26 });
    expect(solarToLunar({ year: 2025, month: 7, day: 30 })).toEqual({
      year: 2025,
      month: 6,
      day: 6,
      leap: true,
    });
    expect(() => lunarToSolar({ year: 2026, month: 6, day: 1, leap: true })).toThrow(RangeError);
  });

  test('lunar → solar → lunar round-trips every day of 2024–2035', () => {
    for (let t = Date.UTC(2024, 0, 1); t <= Date.UTC(2035, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const solar = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      expect(lunarToSolar(solarToLunar(solar))).toEqual(solar);
    }
  });
});

describe('holiday table', () => {
  test('covers at least 2024–2030, year by year', () => {
    const years = HOLIDAY_TABLE.map((y) => y.year);
    expect(years[0]).toBe(2024);
    expect(years.length).toBeGreaterThanOrEqual(7);
    years.forEach((y, i) => expect(y).toBe(2024 + i));
    expect(calendarRange().from).toBe('2024-01-01');
    expect(calendarRange().to).toBe(`${years[years.length - 1]}-12-31`);
  });

  test('the committed table equals a fresh run of the generator', () => {
    expect(HOLIDAY_TABLE).toEqual(buildHolidayTable());
    expect(renderHolidaysModule()).toContain('export const HOLIDAY_TABLE');
  });

  test('the lunar dates in the table match the lunar computation for every year', () => {
    for (const y of HOLIDAY_TABLE) {
      expect([y.year, y.lunarNewYear]).toEqual([y.year, isoDate(lunarNewYear(y.year))]);
      expect([y.year, y.hungKings]).toEqual([y.year, isoDate(hungKingsDay(y.year))]);
      // Mùng 1 Tết is off unless it is a weekend day; so is Hùng Kings' day.
      for (const date of [y.lunarNewYear, y.hungKings]) {
        expect([date, isWorkingDate(date)]).toEqual([date, false]);
      }
    }
  });

  test('every year has the 11 statutory days of Art. 112 (holidays + compensatory), swaps balanced', () => {
    for (const y of HOLIDAY_TABLE) {
      const statutory = y.daysOff.filter((d) => d.kind !== 'SWAPPED');
      expect([y.year, statutory.length]).toEqual([y.year, 11]);
      expect([y.year, statutory.filter((d) => d.occasion === 'TET').length]).toEqual([y.year, 5]);
      const swapped = y.daysOff.filter((d) => d.kind === 'SWAPPED').map((d) => d.date);
      expect(y.makeUpWorkingDays.map((m) => m.replaces).sort()).toEqual(swapped.sort());
      for (const d of y.daysOff) {
        const day = new Date(`${d.date}T12:00:00Z`).getUTCDay();
        expect([d.date, day >= 1 && day <= 5]).toEqual([d.date, true]);
        expect(d.name.normalize('NFC')).toBe(d.name);
      }
      for (const m of y.makeUpWorkingDays) {
        expect(new Date(`${m.date}T12:00:00Z`).getUTCDay()).toBe(6);
        expect(isWorkingDate(m.date)).toBe(true);
      }
    }
  });

  /** Weekdays off in a year according to the working-day functions (not the table). */
  function weekdaysOff(year: number): string[] {
    const out: string[] = [];
    for (let t = Date.UTC(year, 0, 1); t <= Date.UTC(year, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const wd = new Date(t).getUTCDay();
      if (wd >= 1 && wd <= 5 && !isWorkingDate(date)) out.push(date);
    }
    return out;
  }

  test('2024: published days off (Tết 8–14/2, 27/4–1/5 with the swap, 31/8–3/9)', () => {
    expect(weekdaysOff(2024)).toEqual([
      '2024-01-01',
      '2024-02-08',
      '2024-02-09',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-04-18',
      '2024-04-29',
      '2024-04-30',
      '2024-05-01',
      '2024-09-02',
      '2024-09-03',
    ]);
    expect(isWorkingDate('2024-05-04')).toBe(true); // make-up Saturday
    expect(isWorkingDate('2024-05-11')).toBe(false); // an ordinary Saturday
  });

  test('2025: published days off (Tết 25/1–2/2, 30/4–4/5 with the 26/4 make-up, 30/8–2/9)', () => {
    expect(weekdaysOff(2025)).toEqual([
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ]);
    expect(isWorkingDate('2025-04-26')).toBe(true);
  });

  test('2026: published days off (1–4/1 swap, Tết 14–22/2, Hùng Kings compensated 27/4, 29/8–2/9 swap)', () => {
    expect(weekdaysOff(2026)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
    // The whole Tết break 14–22/2/2026 is off; the days around it are working days.
    for (let d = 14; d <= 22; d++) expect(isWorkingDate(`2026-02-${d}`)).toBe(false);
    expect(isWorkingDate('2026-02-13')).toBe(true);
    expect(isWorkingDate('2026-02-23')).toBe(true);
    expect(isWorkingDate('2026-01-10')).toBe(true);
    expect(isWorkingDate('2026-08-22')).toBe(true);
    // Hùng Kings' day 26/4/2026 is a Sunday: compensatory Monday 27/4.
    const y2026 = HOLIDAY_TABLE.find((y) => y.year === 2026);
    expect(y2026?.daysOff.find((d) => d.date === '2026-04-27')).toMatchObject({
      occasion: 'HUNG_KINGS',
      kind: 'COMPENSATORY',
    });
  });

  test('the default Tết rule reproduces the published schedules of 2023–2026', () => {
    expect(defaultTetDaysOff(2023)).toEqual([
      '2023-01-20',
      '2023-01-23',
      '2023-01-24',
      '2023-01-25',
      '2023-01-26',
    ]);
    expect(defaultTetDaysOff(2024)).toEqual([
      '2024-02-08',
      '2024-02-09',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
    expect(defaultTetDaysOff(2025)).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
    expect(defaultTetDaysOff(2026)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
  });

  test('the default 2/9 rule reproduces the published adjacent days of 2021–2025', () => {
    expect(defaultNationalDayAdjacent(2021)).toBe('2021-09-03');
    expect(defaultNationalDayAdjacent(2022)).toBe('2022-09-01');
    expect(defaultNationalDayAdjacent(2023)).toBe('2023-09-01');
    expect(defaultNationalDayAdjacent(2024)).toBe('2024-09-03');
    expect(defaultNationalDayAdjacent(2025)).toBe('2025-09-01');
  });

  test('compensatory days never land on another holiday (2033: 30/4 Sat and 1/5 Sun → 2/5, 3/5)', () => {
    expect(isWorkingDate('2033-05-02')).toBe(false);
    expect(isWorkingDate('2033-05-03')).toBe(false);
    expect(isWorkingDate('2033-05-04')).toBe(true);
    // 2034: 30/4 is a Sunday and 1/5 a Monday holiday → compensatory Tuesday 2/5.
    expect(isWorkingDate('2034-05-01')).toBe(false);
    expect(isWorkingDate('2034-05-02')).toBe(false);
    expect(isWorkingDate('2034-05-03')).toBe(true);
  });

  test('dates outside the table are refused, not guessed', () => {
    expect(() => isWorkingDate('2023-12-29')).toThrow(RangeError);
    expect(() =>
      isWorkingDate(`${HOLIDAY_TABLE[HOLIDAY_TABLE.length - 1]!.year + 1}-01-02`),
    ).toThrow(/outside the working-day calendar/);
    expect(() => isWorkingDate('2026-02-30')).toThrow(RangeError);
  });
});

describe('working days and office hours', () => {
  test('weekends are off; days are taken in +07:00, not UTC', () => {
    expect(isWorkingDay(vn(2026, 3, 9, 10))).toBe(true); // Monday
    expect(isWorkingDay(vn(2026, 3, 14, 10))).toBe(false); // Saturday
    expect(isWorkingDay(vn(2026, 3, 15, 10))).toBe(false); // Sunday
    // Monday 16/3/2026 00:30 in Vietnam is still Sunday 15/3 17:30 in UTC.
    const mondayEarly = vn(2026, 3, 16, 0, 30);
    expect(mondayEarly.getUTCDay()).toBe(0);
    expect(isWorkingDay(mondayEarly)).toBe(true);
  });

  test('office hours are 07:00–11:30 and 13:30–17:00, end exclusive', () => {
    expect(isWorkingTime(vn(2026, 3, 9, 6, 59))).toBe(false);
    expect(isWorkingTime(vn(2026, 3, 9, 7, 0))).toBe(true);
    expect(isWorkingTime(vn(2026, 3, 9, 11, 29))).toBe(true);
    expect(isWorkingTime(vn(2026, 3, 9, 11, 30))).toBe(false);
    expect(isWorkingTime(vn(2026, 3, 9, 13, 29))).toBe(false);
    expect(isWorkingTime(vn(2026, 3, 9, 13, 30))).toBe(true);
    expect(isWorkingTime(vn(2026, 3, 9, 16, 59))).toBe(true);
    expect(isWorkingTime(vn(2026, 3, 9, 17, 0))).toBe(false);
    expect(isWorkingTime(vn(2026, 2, 18, 9, 0))).toBe(false); // Tết
    expect(isWorkingTime(vn(2026, 1, 10, 9, 0))).toBe(true); // make-up Saturday
  });

  test('nextWorkingStart: same instant in hours, 13:30 at lunch, next morning after 17:00', () => {
    expect(iso(nextWorkingStart(vn(2026, 3, 9, 10, 15)))).toBe('2026-03-09T10:15:00+07:00');
    expect(iso(nextWorkingStart(vn(2026, 3, 9, 12, 0)))).toBe('2026-03-09T13:30:00+07:00');
    expect(iso(nextWorkingStart(vn(2026, 3, 9, 5, 0)))).toBe('2026-03-09T07:00:00+07:00');
    expect(iso(nextWorkingStart(vn(2026, 3, 9, 17, 0)))).toBe('2026-03-10T07:00:00+07:00');
    expect(iso(nextWorkingStart(vn(2026, 3, 13, 18, 0)))).toBe('2026-03-16T07:00:00+07:00');
    expect(iso(nextWorkingStart(vn(2026, 2, 13, 17, 30)))).toBe('2026-02-23T07:00:00+07:00');
  });

  test('addWorkingDays: received Monday 10:00 with 3 working days → due Thursday 17:00', () => {
    expect(iso(addWorkingDays(vn(2026, 3, 9, 10, 0), 3))).toBe('2026-03-12T17:00:00+07:00');
  });

  test('addWorkingDays: received Friday 18:00 → counts from Monday, 3 days due Wednesday 17:00', () => {
    expect(iso(addWorkingDays(vn(2026, 3, 13, 18, 0), 3))).toBe('2026-03-18T17:00:00+07:00');
  });

  test('addWorkingDays: after-17:00 receipt counts from the next morning', () => {
    expect(iso(addWorkingDays(vn(2026, 3, 9, 16, 59), 1))).toBe('2026-03-10T17:00:00+07:00');
    expect(iso(addWorkingDays(vn(2026, 3, 9, 17, 0), 1))).toBe('2026-03-10T17:00:00+07:00');
    expect(iso(addWorkingDays(vn(2026, 3, 9, 17, 30), 2))).toBe('2026-03-11T17:00:00+07:00');
    // Received before opening: that day counts in full.
    expect(iso(addWorkingDays(vn(2026, 3, 9, 6, 30), 1))).toBe('2026-03-09T17:00:00+07:00');
    expect(iso(addWorkingDays(vn(2026, 3, 9, 7, 0), 1))).toBe('2026-03-09T17:00:00+07:00');
  });

  test('addWorkingDays: received 28/4/2026 with 3 days skips 30/4, 1/5 and the weekend', () => {
    expect(iso(addWorkingDays(vn(2026, 4, 28, 10, 0), 3))).toBe('2026-05-05T17:00:00+07:00');
  });

  test('addWorkingDays: the compensatory day and the Tết break are skipped', () => {
    // Friday 24/4/2026, 1 day: Monday 27/4 is the Hùng Kings compensatory day → Tuesday 28/4.
    expect(iso(addWorkingDays(vn(2026, 4, 24, 10, 0), 1))).toBe('2026-04-28T17:00:00+07:00');
    // Friday 13/2/2026 09:00, 2 days → 23/2 and 24/2 (14–22/2 is the Tết break).
    expect(iso(addWorkingDays(vn(2026, 2, 13, 9, 0), 2))).toBe('2026-02-24T17:00:00+07:00');
    // A published make-up Saturday is a working day: Friday 9/1/2026 08:00 + 1 → Saturday 10/1.
    expect(iso(addWorkingDays(vn(2026, 1, 9, 8, 0), 1))).toBe('2026-01-10T17:00:00+07:00');
  });

  test('addWorkingDays: 0 and fractional days end the office day', () => {
    expect(iso(addWorkingDays(vn(2026, 3, 9, 10, 0), 0))).toBe('2026-03-09T17:00:00+07:00');
    expect(iso(addWorkingDays(vn(2026, 3, 9, 18, 0), 0))).toBe('2026-03-10T17:00:00+07:00');
    expect(iso(addWorkingDays(vn(2026, 3, 9, 14, 0), 0.5))).toBe('2026-03-10T17:00:00+07:00');
    expect(() => addWorkingDays(vn(2026, 3, 9), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(vn(2026, 3, 9), Number.NaN)).toThrow(RangeError);
  });

  test('addWorkingHours counts office time only and stops at period ends', () => {
    // 10:00 + 4 h = 1.5 h before lunch + 2.5 h after → 16:00.
    expect(iso(addWorkingHours(vn(2026, 3, 9, 10, 0), 4))).toBe('2026-03-09T16:00:00+07:00');
    expect(iso(addWorkingHours(vn(2026, 3, 9, 7, 0), 4.5))).toBe('2026-03-09T11:30:00+07:00');
    expect(iso(addWorkingHours(vn(2026, 3, 9, 7, 0), 8))).toBe('2026-03-09T17:00:00+07:00');
    expect(iso(addWorkingHours(vn(2026, 3, 9, 7, 0), 8.25))).toBe('2026-03-10T07:15:00+07:00');
    expect(iso(addWorkingHours(vn(2026, 3, 9, 12, 0), 0.5))).toBe('2026-03-09T14:00:00+07:00');
  });

  test('subtractWorkingHours and atRiskAt: one working day before the deadline', () => {
    expect(iso(atRiskAt(vn(2026, 3, 12, 17, 0)))).toBe('2026-03-11T17:00:00+07:00');
    // Deadline Tuesday 28/4/2026 17:00: the day before is Friday 24/4 (27/4 compensatory).
    expect(iso(atRiskAt(vn(2026, 4, 28, 17, 0)))).toBe('2026-04-24T17:00:00+07:00');
    expect(iso(subtractWorkingHours(vn(2026, 3, 9, 16, 0), 4))).toBe('2026-03-09T10:00:00+07:00');
    expect(iso(subtractWorkingHours(vn(2026, 3, 9, 14, 0), 0.5))).toBe('2026-03-09T11:30:00+07:00');
  });

  test('workingDaysBetween: overdue by, negatives, weekends excluded', () => {
    const deadline = vn(2026, 3, 12, 17, 0); // Thursday
    expect(workingDaysBetween(deadline, vn(2026, 3, 13, 11, 0))).toBeCloseTo(0.5, 10);
    expect(workingDaysBetween(vn(2026, 3, 13, 11, 0), deadline)).toBeCloseTo(-0.5, 10);
    expect(workingDaysBetween(vn(2026, 3, 13, 17, 0), vn(2026, 3, 16, 7, 0))).toBe(0);
    expect(workingDaysBetween(vn(2026, 2, 13, 7, 0), vn(2026, 2, 24, 7, 0))).toBe(2);
    expect(workingHoursBetween(vn(2026, 3, 9, 11, 0), vn(2026, 3, 9, 14, 0))).toBeCloseTo(1, 10);
  });

  test('workingDaysBetween round-trips with addWorkingHours and addWorkingDays', () => {
    const sizes = [0.5, 1, 3, 15, 20];
    // Starts every 16 h 57 min across 2026, including nights, weekends and holidays.
    for (let t = vn(2026, 1, 1).getTime(); t < vn(2027, 1, 1).getTime(); t += 61_000_000) {
      const start = new Date(t);
      for (const n of sizes) {
        const exact = addWorkingHours(start, n * 8);
        expect(workingDaysBetween(start, exact)).toBeCloseTo(n, 9);
        const due = addWorkingDays(start, n);
        const spent = workingDaysBetween(start, due);
        expect(spent).toBeGreaterThanOrEqual(n - 1e-9);
        expect(spent).toBeLessThan(n + 1);
        expect(iso(due).slice(11, 19)).toBe('17:00:00');
        expect(isWorkingDay(due)).toBe(true);
        expect(due.getTime()).toBe(endOfOfficeDay(due).getTime());
        expect(
          subtractWorkingHours(exact, n * 8).getTime() <= nextWorkingStart(start).getTime(),
        ).toBe(true);
        expect(workingDaysBetween(subtractWorkingHours(exact, n * 8), exact)).toBeCloseTo(n, 9);
      }
    }
  });
});

describe('Vietnamese date and time lines', () => {
  test('document date-time line', () => {
    expect(formatVnDateTime(vn(2026, 12, 3, 9, 30))).toBe(
      '09 giờ 30 phút, ngày 03 tháng 12 năm 2026',
    );
    expect(formatVnDateTimeShort(vn(2026, 12, 3, 9, 30))).toBe('09 giờ 30 phút, ngày 03/12/2026');
  });

  test('days below 10 and months 1–2 take a leading zero, months 3–9 do not', () => {
    expect(formatVnDate(vn(2026, 12, 3))).toBe('ngày 03/12/2026');
    expect(formatVnDate(vn(2026, 2, 9))).toBe('ngày 09/02/2026');
    expect(formatVnDate(vn(2026, 3, 5))).toBe('ngày 05/3/2026');
    expect(formatVnDateLong(vn(2026, 1, 15))).toBe('ngày 15 tháng 01 năm 2026');
    expect(formatVnDateLong(vn(2026, 9, 2))).toBe('ngày 02 tháng 9 năm 2026');
    expect(formatVnDateLine('Thành phố Hồ Chí Minh', vn(2026, 11, 20))).toBe(
      'Thành phố Hồ Chí Minh, ngày 20 tháng 11 năm 2026',
    );
  });

  test('formatting uses +07:00 whatever the instant', () => {
    const instant = new Date('2026-12-02T17:30:00Z'); // 00:30 on 3 December in Vietnam
    expect(formatVnDateTime(instant)).toBe('00 giờ 30 phút, ngày 03 tháng 12 năm 2026');
    expect(vnIsoDate(instant)).toBe('2026-12-03');
    expect(toVnIsoString(instant)).toBe('2026-12-03T00:30:00+07:00');
    expect(new Date(toVnIsoString(instant)).getTime()).toBe(instant.getTime());
  });
});

describe('office time on a fixed clock (workingMsAt)', () => {
  test('the difference of two readings is the office time between them, Tết and weekends too', () => {
    // A deterministic walk over three years, in steps that land inside and outside office hours.
    const start = Date.parse('2025-01-01T00:00:00Z');
    let a = start;
    for (let i = 0; i < 400; i++) {
      const b = a + ((i * 7919) % 97) * 3_600_000 + ((i * 104_729) % 3_600_000);
      const from = new Date(a);
      const to = new Date(b);
      expect(currentCalendar().workingMsAt(to) - currentCalendar().workingMsAt(from)).toBe(
        currentCalendar().workingMsBetween(from, to),
      );
      a = b - ((i * 31) % 3) * 43_200_000;
    }
    expect(a).toBeGreaterThan(Date.parse('2026-06-01T00:00:00Z'));
  });
});

describe('the packed calendar of a lean history', () => {
  test('unpacks to exactly the data it was packed from, and is less than half its size', () => {
    const data = calendarDataOf(HOLIDAY_TABLE);
    const packed = packCalendar(data);
    expect(calendarOf(packed)).toEqual(data);
    expect(packed.version).toBe(data.version);
    expect(JSON.stringify(packed).length * 2).toBeLessThan(JSON.stringify(data).length);
    // The whole form passes through untouched (histories from before the packing).
    expect(calendarOf(data)).toBe(data);
  });

  test('keeps a range without Saturdays worked, and one of a single year', () => {
    const year = calendarDataOf(HOLIDAY_TABLE, { fromYear: 2026, toYear: 2026 });
    const none = { ...year, makeUpDays: [] };
    expect(calendarOf(packCalendar(none))).toEqual(none);
    expect(calendarOf(packCalendar(year))).toEqual(year);
    const deadlines = (d: typeof year) =>
      new WorkingCalendar(d).addWorkingDays(new Date('2026-02-13T02:00:00Z'), 5);
    expect(deadlines(calendarOf(packCalendar(year)))).toEqual(deadlines(year));
  });
});
