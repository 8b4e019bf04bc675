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

/**
 * A text with a required format, and the hint that explains it to the applicant (`description`,
 * in English `x-hint-en`) with an example: what the form shows beside the field and what a field
 * problem adds after the rule ("Số phát hành (số seri): không đúng định dạng. Gồm 2 chữ cái in
 * hoa và 6–8 chữ số, ví dụ CS 123456.").
 */
export function formatted(
  title: string,
  maxLength: number,
  format: keyof typeof FORMATS,
  extra: { minLength?: number } = {},
): JsonSchema {
  const f = FORMATS[format];
  return {
    ...text(title, maxLength, { ...extra, pattern: f.pattern }),
    description: f.hint,
    'x-hint-en': f.hintEn,
    examples: [f.example],
  };
}

/** A calendar date "YYYY-MM-DD". */
export function date(title: string): JsonSchema {
  return {
    type: 'string',
    title,
    format: 'date',
    maxLength: 10,
    description: 'Ngày theo dạng năm-tháng-ngày, ví dụ 2019-05-20',
    'x-hint-en': 'A date as year-month-day, e.g. 2019-05-20',
  };
}

/** An e-mail address. */
export function email(title: string, maxLength: number): JsonSchema {
  return {
    ...text(title, maxLength, { format: 'email' }),
    description: 'Ví dụ ten@example.vn',
    'x-hint-en': 'e.g. name@example.vn',
  };
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

/** Formats with their hints (see `formatted`). */
export const FORMATS = {
  parcelNumber: {
    pattern: '^[0-9]{1,6}$',
    hint: 'Từ 1 đến 6 chữ số, ví dụ 125',
    hintEn: '1 to 6 digits, e.g. 125',
    example: '125',
  },
  mapSheetNumber: {
    pattern: '^[0-9]{1,4}$',
    hint: 'Từ 1 đến 4 chữ số, ví dụ 18',
    hintEn: '1 to 4 digits, e.g. 18',
    example: '18',
  },
  certificateSerial: {
    pattern: '^[A-Z]{2} ?[0-9]{6,8}$',
    hint: 'Số giấy chứng nhận gồm 2 chữ cái in hoa và 6–8 chữ số, ví dụ CS 123456',
    hintEn: 'Two capital letters and 6–8 digits, e.g. CS 123456',
    example: 'CS 123456',
  },
  certificateRegistry: {
    pattern: '^[A-Z]{1,3} ?[0-9]{3,8}(/[0-9]{4})?$',
    hint: 'Từ 1 đến 3 chữ cái in hoa và 3–8 chữ số, có thể kèm /năm, ví dụ CH01234 hoặc VP 1234/2019',
    hintEn: '1 to 3 capital letters and 3–8 digits, optionally /year, e.g. CH01234 or VP 1234/2019',
    example: 'CH01234',
  },
  phone: {
    pattern: '^0[0-9]{9}$',
    hint: 'Gồm 10 chữ số, bắt đầu bằng 0, ví dụ 0903123456',
    hintEn: '10 digits starting with 0, e.g. 0903123456',
    example: '0903123456',
  },
  vsic4: {
    pattern: '^[0-9]{4}$',
    hint: 'Mã ngành cấp 4 theo Hệ thống ngành kinh tế Việt Nam, gồm 4 chữ số, ví dụ 5630',
    hintEn: 'The 4-digit VSIC code, e.g. 5630',
    example: '5630',
  },
  practisingCertificate: {
    pattern: '^[A-Z]{2,4}-[0-9]{8}$',
    hint: 'Từ 2 đến 4 chữ cái in hoa, dấu gạch ngang và 8 chữ số, ví dụ HCM-00012345',
    hintEn: '2 to 4 capital letters, a dash and 8 digits, e.g. HCM-00012345',
    example: 'HCM-00012345',
  },
  householdBusinessName: {
    pattern: '^Hộ kinh doanh \\S.*$',
    hint: 'Bắt đầu bằng “Hộ kinh doanh” rồi đến tên riêng, ví dụ Hộ kinh doanh Cà phê Mai',
    hintEn: 'Starts with “Hộ kinh doanh” and the name, e.g. Hộ kinh doanh Cà phê Mai',
    example: 'Hộ kinh doanh Cà phê Mai',
  },
} as const;
