/**
 * Dates: PDF date strings (/M) and the Vietnamese display format. Vietnam has no daylight
 * saving; the default offset is +07:00.
 */

/** Default UTC offset of displayed and /M times: Asia/Ho_Chi_Minh, +07:00. */
export const VIETNAM_OFFSET_MINUTES = 420;

function parts(date: Date, offsetMinutes: number) {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return {
    y: p(local.getUTCFullYear(), 4),
    mo: p(local.getUTCMonth() + 1),
    d: p(local.getUTCDate()),
    h: p(local.getUTCHours()),
    mi: p(local.getUTCMinutes()),
    s: p(local.getUTCSeconds()),
    sign,
    oh: p(Math.floor(abs / 60)),
    om: p(abs % 60),
  };
}

/** `D:YYYYMMDDHHmmSS+07'00'`. */
export function toPdfDate(date: Date, offsetMinutes = VIETNAM_OFFSET_MINUTES): string {
  const x = parts(date, offsetMinutes);
  return `D:${x.y}${x.mo}${x.d}${x.h}${x.mi}${x.s}${x.sign}${x.oh}'${x.om}'`;
}

/** "03/12/2026 09:15:42 +07:00". */
export function toVietnameseDisplay(date: Date, offsetMinutes = VIETNAM_OFFSET_MINUTES): string {
  const x = parts(date, offsetMinutes);
  return `${x.d}/${x.mo}/${x.y} ${x.h}:${x.mi}:${x.s} ${x.sign}${x.oh}:${x.om}`;
}

/** ISO 8601 with the given offset: "2026-12-03T09:15:42+07:00". */
export function toIsoWithOffset(date: Date, offsetMinutes = VIETNAM_OFFSET_MINUTES): string {
  const x = parts(date, offsetMinutes);
  return `${x.y}-${x.mo}-${x.d}T${x.h}:${x.mi}:${x.s}${x.sign}${x.oh}:${x.om}`;
}

/** Parses a PDF date; returns the instant and the offset it was written with. */
export function parsePdfDate(text: string): { date: Date; offsetMinutes: number } | undefined {
  const m =
    /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-])?(?:(\d{2})'?(\d{2})?'?)?/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz, oh = '00', om = '00'] = m;
  let offsetMinutes = 0;
  if (tz === '+' || tz === '-')
    offsetMinutes = (tz === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return undefined;
  return { date: new Date(utc - offsetMinutes * 60_000), offsetMinutes };
}
