/**
 * The building blocks of the contract's schemas: every field with its Vietnamese title and hint
 * (and English ones), which the OpenAPI document publishes and the field problems quote. The
 * schemas are strict: a pattern here is exactly what the server accepts, no more, no less.
 *
 * Text arrives in any Unicode normalisation; the API normalises every string to NFC and trims it
 * before validation (contract/validate.ts), so lengths and patterns are checked on NFC text.
 */
import { z } from 'zod';
import { PERSON_NAME, SAFE_MULTILINE_TEXT, SAFE_TEXT } from '../domain/safe-text';

export interface FieldMeta {
  /** Vietnamese title, as the form shows it. */
  title: string;
  titleEn: string;
  /** A human hint on the format, e.g. "gồm 12 chữ số, ví dụ 079085001234". */
  hint?: string;
  hintEn?: string;
  examples?: unknown[];
}

/** Attaches the meta a field is published and quoted with. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  return schema.meta({
    title: meta.title,
    ...(meta.hint ? { description: meta.hint } : {}),
    'x-title-en': meta.titleEn,
    ...(meta.hintEn ? { 'x-hint-en': meta.hintEn } : {}),
    ...(meta.examples ? { examples: meta.examples } : {}),
  }) as T;
}

/**
 * No C0/C1 control characters (tab and line breaks allowed where `multiline`) and no bidirectional
 * controls: the one rule of domain/safe-text.ts, which the workflow's validators apply too.
 */
export { SAFE_MULTILINE_TEXT, SAFE_TEXT } from '../domain/safe-text';

/** Free text that may reach a document: bounded, no control or bidi characters. */
export function text(
  meta: FieldMeta,
  limits: { min?: number; max: number; multiline?: boolean },
): z.ZodString {
  let s = z.string();
  if (limits.min) s = s.min(limits.min);
  s = s.max(limits.max).regex(limits.multiline ? SAFE_MULTILINE_TEXT : SAFE_TEXT, {
    error: 'controlCharacters',
  });
  return field(s, meta);
}

/** A person's name: Latin script only (domain/safe-text.ts says why). */
export { PERSON_NAME } from '../domain/safe-text';

export const fullName = field(z.string().min(2).max(100).regex(PERSON_NAME), {
  title: 'Họ và tên',
  titleEn: 'Full name',
  hint: "Chữ cái tiếng Việt, dấu cách và . ' - ; từ 2 đến 100 ký tự, ví dụ Nguyễn Văn Bình",
  hintEn: "Vietnamese letters, spaces and . ' -; 2 to 100 characters, e.g. Nguyễn Văn Bình",
  examples: ['Nguyễn Văn Bình'],
});

export const idNumber = field(z.string().regex(/^\d{12}$/), {
  title: 'Số định danh cá nhân (CCCD)',
  titleEn: 'Citizen identity number',
  hint: 'Gồm đúng 12 chữ số, ví dụ 079085001234',
  hintEn: 'Exactly 12 digits, e.g. 079085001234',
  examples: ['079085001234'],
});

/**
 * A Vietnamese phone number: a mobile 0[35789] + 8 digits or a landline 02 + 9 digits, the leading
 * 0 as +84 if wished, with spaces, dots, dashes or parentheses between digits.
 */
const SEP = '[ .()-]?';
export const PHONE = new RegExp(`^(?:\\+84|0)${SEP}(?:[35789](?:${SEP}\\d){8}|2(?:${SEP}\\d){9})$`);

/** The national form of an accepted phone number: digits only, leading 0. */
export function nationalPhone(raw: string): string {
  const digits = raw.replace(/[^\d+]/g, '');
  return digits.startsWith('+84') ? `0${digits.slice(3)}` : digits;
}

export const phone = field(z.string().max(24).regex(PHONE), {
  title: 'Số điện thoại',
  titleEn: 'Phone number',
  hint: 'Di động 10 chữ số (03, 05, 07, 08, 09…) hoặc cố định 11 chữ số (02…), ví dụ 0903 123 456',
  hintEn:
    'A mobile of 10 digits (03, 05, 07, 08, 09…) or a landline of 11 (02…), e.g. 0903 123 456',
  examples: ['0903123456'],
});

export const EMAIL =
  /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

export const email = field(z.string().max(254).regex(EMAIL), {
  title: 'Thư điện tử',
  titleEn: 'E-mail',
  hint: 'Ví dụ ten@example.vn',
  hintEn: 'e.g. name@example.vn',
  examples: ['nguyen.van.binh@example.vn'],
});

export const address = text(
  {
    title: 'Địa chỉ',
    titleEn: 'Address',
    hint: 'Số nhà, đường, phường, tỉnh/thành phố; từ 5 đến 300 ký tự',
    hintEn: 'Number, street, ward, province; 5 to 300 characters',
    examples: ['12 Nguyễn Du, Phường Sài Gòn, Thành phố Hồ Chí Minh'],
  },
  { min: 5, max: 300 },
);

export const note = text(
  {
    title: 'Ghi chú',
    titleEn: 'Note',
    hint: 'Tối đa 2000 ký tự',
    hintEn: 'At most 2000 characters',
  },
  { max: 2000, multiline: true },
);

export const reason = text(
  {
    title: 'Lý do',
    titleEn: 'Reason',
    hint: 'Từ 3 đến 2000 ký tự',
    hintEn: '3 to 2000 characters',
  },
  { min: 3, max: 2000, multiline: true },
);

/** Codes of the catalogue (procedures, units, documents): visible ASCII. */
export const code = (meta: FieldMeta, max = 40): z.ZodString =>
  field(
    z
      .string()
      .min(1)
      .max(max)
      .regex(/^[A-Za-z0-9._-]+$/),
    meta,
  );

export const procedureCode = code(
  {
    title: 'Mã thủ tục',
    titleEn: 'Procedure code',
    hint: 'Mã thủ tục trên Cổng dịch vụ công, ví dụ 1.009994.000.00.00.H29',
    hintEn: 'The national procedure code, e.g. 1.009994.000.00.00.H29',
    examples: ['1.009994.000.00.00.H29'],
  },
  40,
);

export const wardCode = code({
  title: 'Phường tiếp nhận',
  titleEn: 'Ward',
  hint: 'Mã phường, ví dụ SAIGON',
  hintEn: 'The ward code, e.g. SAIGON',
  examples: ['SAIGON'],
});

export const unitCode = code({
  title: 'Đơn vị',
  titleEn: 'Unit',
  hint: 'Mã phường hoặc sở, ví dụ SAIGON, SXD',
  hintEn: 'A ward or department code, e.g. SAIGON, SXD',
  examples: ['SAIGON'],
});

/** A dossier code, `{unit agency id}-{yyMMdd}-{serial}` (the workflow id). */
export const dossierCode = field(
  z
    .string()
    .min(1)
    .max(80)
    .regex(/^[A-Za-z0-9.-]+$/),
  {
    title: 'Mã hồ sơ',
    titleEn: 'Dossier code',
    hint: 'Ví dụ 000.26.01.H29-261203-0001',
    hintEn: 'e.g. 000.26.01.H29-261203-0001',
    examples: ['000.26.01.H29-261203-0001'],
  },
);

export const opaqueId = (meta: FieldMeta): z.ZodString =>
  field(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
    meta,
  );

export const pin = field(z.string().min(4).max(64).regex(SAFE_TEXT), {
  title: 'Mã PIN ký số',
  titleEn: 'Signing PIN',
  hint: 'Mã PIN của khóa ký số (4 đến 64 ký tự)',
  hintEn: 'The PIN of your signing key (4 to 64 characters)',
});

export const isoDateTime = (meta: FieldMeta): z.ZodString =>
  field(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/),
    meta,
  );

/** An ISO 8601 instant with its offset, as the API writes them. */
export const dateTime = z.string().meta({ format: 'date-time' });
