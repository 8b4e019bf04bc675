/**
 * Vietnamese date and time lines for documents, computed in +07:00 without the ICU time-zone
 * database. Decree 30/2020/NĐ-CP (Appendix I): days below 10 and the months January and February
 * take a leading zero ("ngày 05 tháng 3 năm 2026", "ngày 09 tháng 02 năm 2026").
 */

import { VN_OFFSET_MS } from './working-time';

export interface VnDateTimeParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** Calendar fields of an instant in Vietnam (+07:00). */
export function vnParts(instant: Date): VnDateTimeParts {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  const d = new Date(ms + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** The instant of a wall-clock time in Vietnam, e.g. vnDateTime(2026, 12, 3, 9, 30). */
export function vnDateTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - VN_OFFSET_MS);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** Day on documents: leading zero below 10. */
const docDay = (d: number): string => pad2(d);
/** Month on documents: leading zero for January and February only. */
const docMonth = (m: number): string => (m <= 2 ? pad2(m) : String(m));

/** "YYYY-MM-DD" of the Vietnamese calendar day containing `instant`. */
export function vnIsoDate(instant: Date): string {
  const p = vnParts(instant);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** ISO 8601 with the Vietnamese offset, e.g. "2026-12-03T09:30:00+07:00" (API times). */
export function toVnIsoString(instant: Date): string {
  const p = vnParts(instant);
  return `${vnIsoDate(instant)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}+07:00`;
}

/** "ngày 03 tháng 12 năm 2026" */
export function formatVnDateLong(instant: Date): string {
  const p = vnParts(instant);
  return `ngày ${docDay(p.day)} tháng ${docMonth(p.month)} năm ${p.year}`;
}

/** "ngày 03/12/2026" (document style: "ngày 05/3/2026", "ngày 09/02/2026"). */
export function formatVnDate(instant: Date): string {
  const p = vnParts(instant);
  return `ngày ${docDay(p.day)}/${docMonth(p.month)}/${p.year}`;
}

/** "09 giờ 30 phút" */
export function formatVnTime(instant: Date): string {
  const p = vnParts(instant);
  return `${pad2(p.hour)} giờ ${pad2(p.minute)} phút`;
}

/** "09 giờ 30 phút, ngày 03 tháng 12 năm 2026" (receipts, appointments, control sheets). */
export function formatVnDateTime(instant: Date): string {
  return `${formatVnTime(instant)}, ${formatVnDateLong(instant)}`;
}

/** "09 giờ 30 phút, ngày 03/12/2026" */
export function formatVnDateTimeShort(instant: Date): string {
  return `${formatVnTime(instant)}, ${formatVnDate(instant)}`;
}

/** The place and date line of a document: "Thành phố Hồ Chí Minh, ngày 03 tháng 12 năm 2026". */
export function formatVnDateLine(place: string, instant: Date): string {
  return `${place}, ${formatVnDateLong(instant)}`;
}

const WEEKDAYS_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "Thứ Năm" — the Vietnamese weekday name of the day containing `instant`. */
export function vnWeekdayName(instant: Date): string {
  return WEEKDAYS_VI[vnParts(instant).weekday] as string;
}
