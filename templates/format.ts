/**
 * Vietnamese formatting of dates, times and numbers as printed on administrative documents.
 * Dates are shown in Vietnam time (UTC+7, no daylight saving) whatever the machine's time zone.
 * Decree 30/2020: days below 10 and the months January and February take a leading zero
 * ("ngày 03 tháng 02 năm 2026", but "tháng 3"); the short form of the forms is dd/MM/yyyy.
 */

import { formatVnDateLine, formatVnDateLong } from '../domain/calendar/format';

/** A moment: a `Date` or an ISO 8601 string (with offset, or a plain date `YYYY-MM-DD`). */
export type DateInput = string | Date;

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

/** Parse a date input; a plain `YYYY-MM-DD` means midnight in Vietnam. Throws when invalid. */
export function toDate(input: DateInput, what = 'date'): Date {
  const date =
    input instanceof Date
      ? new Date(input.getTime())
      : /^\d{4}-\d{2}-\d{2}$/.test(input)
        ? new Date(`${input}T00:00:00+07:00`)
        : new Date(input);
  if (Number.isNaN(date.getTime())) {
    throw new FormatError(`${what} is not a valid date: ${String(input)}`);
  }
  return date;
}

interface VietnamTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function vietnamTime(input: DateInput, what?: string): VietnamTime {
  const shifted = new Date(toDate(input, what).getTime() + VIETNAM_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "ngày 03 tháng 12 năm 2026" (Decree 30 leading zeros; the domain calendar's formatting). */
export function formatLongDate(input: DateInput): string {
  return formatVnDateLong(toDate(input));
}

/** "Thành phố Hồ Chí Minh, ngày 03 tháng 12 năm 2026". */
export function formatPlaceDate(place: string, input: DateInput): string {
  return formatVnDateLine(place.normalize('NFC'), toDate(input));
}

/** "03/12/2026". */
export function formatDate(input: DateInput): string {
  const t = vietnamTime(input);
  return `${pad2(t.day)}/${pad2(t.month)}/${t.year}`;
}

/** "08 giờ 30 phút, ngày 03/12/2026". */
export function formatTimeDate(input: DateInput): string {
  const t = vietnamTime(input);
  return `${pad2(t.hour)} giờ ${pad2(t.minute)} phút, ngày ${formatDate(input)}`;
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });

/** "1.250.000", "120,5". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new FormatError(`not a finite number: ${value}`);
  return numberFormat.format(value);
}

/** "1.250.000 đồng", or "Miễn phí" for 0. */
export function formatVnd(value: number): string {
  return value === 0 ? 'Miễn phí' : `${formatNumber(value)} đồng`;
}

/** Upper case the Vietnamese way (NFC first). */
export function upper(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi-VN');
}

/** "Phường Sài Gòn" → "phường Sài Gòn". */
export function lowerFirst(text: string): string {
  const nfc = text.normalize('NFC');
  const first = Array.from(nfc)[0] ?? '';
  return first.toLocaleLowerCase('vi-VN') + nfc.slice(first.length);
}

/** "về việc cấp ..." → "Về việc cấp ...". */
export function upperFirst(text: string): string {
  const nfc = text.normalize('NFC');
  const first = Array.from(nfc)[0] ?? '';
  return first.toLocaleUpperCase('vi-VN') + nfc.slice(first.length);
}
