/**
 * Dossier codes (mã hồ sơ): `{agency id}-{yyMMdd}-{4-digit daily serial}`, e.g.
 * "000.00.06.H56-231027-0361" (Decree 61/2018 / Decree 118/2025: agency electronic id per
 * Decision 20/2020/QĐ-TTg + reception date + serial reset every day). The date is the reception
 * day in Vietnam (+07:00). Allocating the serial (a per-agency, per-day counter) is done by the
 * caller; {@link dossierSerialKey} names that counter.
 */

/** Agency electronic identifier, e.g. "000.26.01.H29" (level-1 code: a letter and two digits). */
export const AGENCY_ID_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

const CODE_PATTERN = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;
const VN_OFFSET_MS = 7 * 3_600_000;
export const MAX_DAILY_SERIAL = 9999;

export interface DossierCodeParts {
  agencyId: string;
  /** Reception day in Vietnam, "YYYY-MM-DD" (years 2000–2099). */
  date: string;
  /** The middle part as written, "yyMMdd". */
  yyMMdd: string;
  /** 1–9999 */
  serial: number;
}

/** "yyMMdd" of the Vietnamese calendar day containing `instant`. */
export function dossierDatePart(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  const d = new Date(ms + VN_OFFSET_MS);
  const yy = String(d.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}

/** Name of the daily serial counter for an agency and a reception instant: "{agencyId}-{yyMMdd}". */
export function dossierSerialKey(agencyId: string, receivedAt: Date): string {
  if (!AGENCY_ID_PATTERN.test(agencyId)) throw new RangeError(`Bad agency id: ${agencyId}`);
  return `${agencyId}-${dossierDatePart(receivedAt)}`;
}

/** Builds a dossier code; throws RangeError on a malformed agency id or a serial outside 1–9999. */
export function formatDossierCode(agencyId: string, receivedAt: Date, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_DAILY_SERIAL) {
    throw new RangeError(`Daily serial must be an integer 1–${MAX_DAILY_SERIAL}, got ${serial}`);
  }
  return `${dossierSerialKey(agencyId, receivedAt)}-${String(serial).padStart(4, '0')}`;
}

/** Parses and validates a dossier code (shape, real calendar date, serial ≥ 1); null if invalid. */
export function parseDossierCode(code: string): DossierCodeParts | null {
  if (typeof code !== 'string') return null;
  const m = CODE_PATTERN.exec(code);
  if (!m) return null;
  const [, agencyId, yy, mm, dd, serialText] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const year = 2000 + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const serial = Number(serialText);
  if (serial < 1) return null;
  return { agencyId, date: `${year}-${mm}-${dd}`, yyMMdd: `${yy}${mm}${dd}`, serial };
}

export function isDossierCode(code: string): boolean {
  return parseDossierCode(code) !== null;
}
