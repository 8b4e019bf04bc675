/**
 * Small builders for the e-form JSON Schemas (draft 2020-12) of the catalogue, so that every
 * form follows the same conventions: Vietnamese `title`s, `additionalProperties: false`, a
 * `maxLength` on every string (plus a `format` or `pattern` where one exists), enumerations as
 * `enum` plus `oneOf: [{ const, title }]` (the titles are what documents print).
 */

export type JsonSchema = Record<string, unknown>;

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export function text(
  title: string,
  maxLength: number,
  extra: { pattern?: string; minLength?: number; format?: string; description?: string } = {},
): JsonSchema {
  return { type: 'string', title, minLength: extra.minLength ?? 1, maxLength, ...extra };
}

/** A calendar date "YYYY-MM-DD". */
export function date(title: string): JsonSchema {
  return { type: 'string', title, format: 'date', maxLength: 10 };
}

export function integer(title: string, minimum: number, maximum: number): JsonSchema {
  return { type: 'integer', title, minimum, maximum };
}

export function decimal(title: string, maximum: number, extra: JsonSchema = {}): JsonSchema {
  return { type: 'number', title, exclusiveMinimum: 0, maximum, ...extra };
}

/** An enumeration with a Vietnamese title per value. */
export function choice(
  title: string,
  options: ReadonlyArray<readonly [string, string]>,
): JsonSchema {
  const longest = Math.max(...options.map(([value]) => value.length));
  return {
    type: 'string',
    title,
    maxLength: longest,
    enum: options.map(([value]) => value),
    oneOf: options.map(([value, label]) => ({ const: value, title: label })),
  };
}

export function section(
  title: string,
  properties: Record<string, JsonSchema>,
  required: string[],
): JsonSchema {
  return { type: 'object', title, additionalProperties: false, required, properties };
}

export function form(
  title: string,
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[],
): JsonSchema {
  return {
    $schema: SCHEMA_DIALECT,
    title,
    description,
    type: 'object',
    additionalProperties: false,
    required,
    properties,
  };
}

/** Common field patterns. */
export const PATTERNS = {
  /** Thửa đất số: up to 6 digits. */
  parcelNumber: '^[0-9]{1,6}$',
  /** Tờ bản đồ số: up to 4 digits. */
  mapSheetNumber: '^[0-9]{1,4}$',
  /** Số phát hành (seri) of a land-use certificate, e.g. "CS 123456", "AA 01234567". */
  certificateSerial: '^[A-Z]{2} ?[0-9]{6,8}$',
  /** Số vào sổ cấp Giấy chứng nhận, e.g. "CH01234", "CS 05678", "VP 1234/2019". */
  certificateRegistry: '^[A-Z]{1,3} ?[0-9]{3,8}(/[0-9]{4})?$',
  /** Vietnamese mobile or landline number, 10 digits starting with 0. */
  phone: '^0[0-9]{9}$',
  /** Mã ngành kinh tế cấp 4 (VSIC 2018). */
  vsic4: '^[0-9]{4}$',
  /** Mã số chứng chỉ hành nghề hoạt động xây dựng, e.g. "HCM-00012345", "BXD-00001234". */
  practisingCertificate: '^[A-Z]{2,4}-[0-9]{8}$',
} as const;
