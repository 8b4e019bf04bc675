/**
 * `{{...}}` placeholders of a procedure's decision template. Every placeholder must resolve to a
 * printable, non-blank value: an unknown name or a missing answer throws, it never prints blank.
 */
import type { Applicant, Unit } from '../domain/types';
import { asSchema, formatValue, isBlank, schemaAt, valueAt, type SchemaNode } from './form-schema';

export class PlaceholderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaceholderError';
  }
}

export interface PlaceholderContext {
  applicant: Applicant;
  /** The applicant's answers to the e-form. */
  form: Record<string, unknown>;
  /** The e-form schema, to print enumeration titles, dates and numbers. */
  formSchema?: Record<string, unknown>;
  caseCode: string;
  /** The issuing unit (the department for a decision). */
  unit: Unit;
  ward: Unit;
}

const APPLICANT_KEYS = ['fullName', 'address', 'idNumber', 'phone', 'email'] as const;
const UNIT_KEYS = ['name', 'issuerName', 'address', 'place'] as const;

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

function resolve(name: string, ctx: PlaceholderContext): string {
  const [head, ...rest] = name.split('.');
  const key = rest.join('.');
  let value: unknown;
  let schema: SchemaNode = {};
  if (head === 'applicant' && (APPLICANT_KEYS as readonly string[]).includes(key)) {
    value = ctx.applicant[key as (typeof APPLICANT_KEYS)[number]];
  } else if (
    (head === 'unit' || head === 'ward') &&
    (UNIT_KEYS as readonly string[]).includes(key)
  ) {
    value = (head === 'unit' ? ctx.unit : ctx.ward)[key as (typeof UNIT_KEYS)[number]];
  } else if (head === 'case' && key === 'code') {
    value = ctx.caseCode;
  } else if (head === 'form' && rest.length > 0 && rest.every((part) => part !== '')) {
    value = valueAt(ctx.form, rest);
    schema = schemaAt(asSchema(ctx.formSchema), rest) ?? {};
    if (value === undefined && ctx.formSchema && !schemaAt(asSchema(ctx.formSchema), rest)) {
      throw new PlaceholderError(`unknown placeholder {{${name}}}: the form has no such field`);
    }
  } else {
    throw new PlaceholderError(`unknown placeholder {{${name}}}`);
  }
  if (isBlank(value)) throw new PlaceholderError(`placeholder {{${name}}} has no value`);
  try {
    return formatValue(value, schema);
  } catch (error) {
    throw new PlaceholderError(`placeholder {{${name}}}: ${(error as Error).message}`);
  }
}

/** Replace every `{{name}}`; throws {@link PlaceholderError} on anything it cannot fill. */
export function fillPlaceholders(template: string, ctx: PlaceholderContext): string {
  const nfc = template.normalize('NFC');
  const rest = nfc.replace(PATTERN, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    throw new PlaceholderError(`malformed placeholder in: ${template.slice(0, 80)}`);
  }
  return nfc.replace(PATTERN, (_, name: string) => resolve(name, ctx));
}
