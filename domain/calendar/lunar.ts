/**
 * Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's algorithm ("Âm lịch Việt Nam",
 * https://www.informatik.uni-leipzig.de/~duc/amlich/), evaluated at UTC+7 — the Vietnamese
 * calendar differs from the Chinese one (UTC+8) in some years, e.g. Tết 1985 and 2030.
 *
 * New moons and solar terms use the truncated series of Jean Meeus, "Astronomical Algorithms"
 * (1998), as in Hồ Ngọc Đức's reference implementation; accurate for 1800–2199.
 *
 * Pure arithmetic on Julian day numbers: no Date, no time zone database, no I/O. Used by the
 * holiday-table generator and by the test that recomputes the table; the working-day calendar
 * itself reads the committed table (holidays.ts) and never runs this at case time.
 */

/** Vietnam's offset from UTC in hours; fixed, no daylight saving time. */
export const VN_TIME_ZONE_HOURS = 7;

export interface SolarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export interface LunarDate {
  /** The lunar year in which the lunar month starts (Tết of `year` is its first day). */
  year: number;
  /** 1–12; the leap month repeats the number of the month before it. */
  month: number;
  /** 1–30 */
  day: number;
  leap: boolean;
}

const INT = Math.floor;

/** Julian day number of a proleptic Gregorian (after 1582-10-15) or Julian calendar date. */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = INT((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  let jd =
    day + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) {
    jd = day + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  }
  return jd;
}

/** Calendar date of a Julian day number (inverse of {@link jdFromDate}). */
export function jdToDate(jd: number): SolarDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  return {
    day: e - INT((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * INT(m / 10),
    year: b * 100 + d - 4800 + INT(m / 10),
  };
}

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus ch. 49, truncated). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Apparent longitude of the sun in radians, normalised to [0, 2π), at Julian date `jdn` (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= Math.PI * 2 * INT(L / (Math.PI * 2));
  return L;
}

/** Index 0–11 of the 30° sector holding the sun at local midnight starting day `dayNumber`. */
function sunSector(dayNumber: number, timeZone: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Julian day number (local date) of the k-th new moon. */
function newMoonDay(k: number, timeZone: number): number {
  return INT(newMoon(k) + 0.5 + timeZone / 24);
}

/** Day number of the first day of lunar month 11 (the month holding the winter solstice) of `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = jdFromDate(31, 12, year) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, timeZone);
  if (sunSector(nm, timeZone) >= 9) {
    nm = newMoonDay(k - 1, timeZone);
  }
  return nm;
}

/** Offset (in months after month 11) of the leap month in the lunar year starting at `a11`. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Lunar date of a solar (Gregorian) date, in the given time zone (default UTC+7). */
export function solarToLunar(date: SolarDate, timeZone = VN_TIME_ZONE_HOURS): LunarDate {
  const dayNumber = jdFromDate(date.day, date.month, date.year);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) {
    monthStart = newMoonDay(k, timeZone);
  }
  let a11 = lunarMonth11(date.year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = date.year;
    a11 = lunarMonth11(date.year - 1, timeZone);
  } else {
    lunarYear = date.year + 1;
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      if (diff === leapDiff) {
        leap = true;
      }
    }
  }
  if (lunarMonth > 12) {
    lunarMonth -= 12;
  }
  if (lunarMonth >= 11 && diff < 4) {
    lunarYear -= 1;
  }
  return { year: lunarYear, month: lunarMonth, day: lunarDay, leap };
}

/**
 * Solar date of a lunar date, in the given time zone (default UTC+7).
 * Throws RangeError when `leap` is asked for a month that is not the leap month of that year.
 */
export function lunarToSolar(lunar: LunarDate, timeZone = VN_TIME_ZONE_HOURS): SolarDate {
  let a11: number;
  let b11: number;
  if (lunar.month < 11) {
    a11 = lunarMonth11(lunar.year - 1, timeZone);
    b11 = lunarMonth11(lunar.year, timeZone);
  } else {
    a11 = lunarMonth11(lunar.year, timeZone);
    b11 = lunarMonth11(lunar.year + 1, timeZone);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = lunar.month - 11;
  if (off < 0) {
    off += 12;
  }
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) {
      leapMonth += 12;
    }
    if (lunar.leap && lunar.month !== leapMonth) {
      throw new RangeError(`Lunar year ${lunar.year} has no leap month ${lunar.month}`);
    } else if (lunar.leap || off >= leapOff) {
      off += 1;
    }
  } else if (lunar.leap) {
    throw new RangeError(`Lunar year ${lunar.year} has no leap month`);
  }
  const monthStart = newMoonDay(k + off, timeZone);
  return jdToDate(monthStart + lunar.day - 1);
}

/** Solar date of Tết Nguyên đán (mùng 1 tháng Giêng) of `year`. */
export function lunarNewYear(year: number): SolarDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false });
}

/** Solar date of the Hùng Kings' commemoration day (mùng 10 tháng 3 âm lịch, non-leap month). */
export function hungKingsDay(year: number): SolarDate {
  return lunarToSolar({ year, month: 3, day: 10, leap: false });
}

const CAN = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const CHI = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];

/** Sexagenary (can chi) name of a lunar year, e.g. 2026 → "Bính Ngọ". */
export function canChiYear(year: number): string {
  return `${CAN[(((year + 6) % 10) + 10) % 10]} ${CHI[(((year + 8) % 12) + 12) % 12]}`;
}
