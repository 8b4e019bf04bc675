/**
 * Reading a procedure's JSON-Schema e-form with the applicant's answers: the printable list of
 * sections and "title: value" fields, and the Vietnamese rendering of each value.
 */
import { formatDate, formatNumber, formatTimeDate, FormatError } from './format';

/** The subset of JSON Schema (draft 2020-12) the e-forms use. */
export interface SchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  const?: unknown;
  format?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asSchema(value: unknown): SchemaNode {
  return isRecord(value) ? (value as SchemaNode) : {};
}

function typesOf(schema: SchemaNode): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

function isObjectSchema(schema: SchemaNode): boolean {
  return typesOf(schema).includes('object') || (!schema.type && isRecord(schema.properties));
}

/** The title an enumeration gives to a value (`oneOf: [{ const, title }]`), if any. */
function choiceTitle(schema: SchemaNode, value: unknown): string | undefined {
  for (const option of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    if (isRecord(option) && option.const === value && typeof option.title === 'string') {
      return option.title;
    }
  }
  return undefined;
}

/**
 * A value as printed: enumeration titles, "Có"/"Không", Vietnamese numbers and dates, lists
 * joined with "; ". Objects cannot be printed as one value and throw.
 */
export function formatValue(value: unknown, schema: SchemaNode = {}): string {
  const titled = choiceTitle(schema, value);
  if (titled !== undefined) return titled.normalize('NFC');
  if (typeof value === 'string') {
    if (schema.format === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (schema.format === 'date-time') return formatTimeDate(value);
    return value.normalize('NFC');
  }
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (Array.isArray(value)) {
    return value.map((item) => formatValue(item, schema.items ?? {})).join('; ');
  }
  throw new FormatError(`cannot print ${value === null ? 'null' : typeof value} as a value`);
}

/** `true` when a value counts as not answered. */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

export type FormEntry =
  | { kind: 'section'; title: string; number: string; depth: number }
  | { kind: 'field'; title: string; value: string | undefined; depth: number };

/**
 * Walk the schema's properties in order: nested objects become numbered sections ("1.", "1.2."),
 * arrays of objects one section per item, everything else a field with its printed value
 * (`undefined` when not answered).
 */
export function formEntries(schema: SchemaNode, values: Record<string, unknown>): FormEntry[] {
  const entries: FormEntry[] = [];
  const walk = (node: SchemaNode, data: Record<string, unknown>, prefix: string, depth: number) => {
    let sectionIndex = 0;
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const title = (child.title ?? key).normalize('NFC');
      const value = data[key];
      if (isObjectSchema(child)) {
        sectionIndex += 1;
        const number = `${prefix}${sectionIndex}.`;
        entries.push({ kind: 'section', title, number, depth });
        walk(child, isRecord(value) ? value : {}, number, depth + 1);
      } else if (child.items && isObjectSchema(child.items) && Array.isArray(value)) {
        value.forEach((item, index) => {
          sectionIndex += 1;
          const number = `${prefix}${sectionIndex}.`;
          entries.push({ kind: 'section', title: `${title} (${index + 1})`, number, depth });
          walk(child.items as SchemaNode, isRecord(item) ? item : {}, number, depth + 1);
        });
      } else {
        entries.push({
          kind: 'field',
          title,
          value: isBlank(value) ? undefined : formatValue(value, child),
          depth,
        });
      }
    }
  };
  walk(schema, values, '', 0);
  return entries;
}

/** The schema of a dotted path ("thongTinCongTrinh.dienTich"), if the schema describes it. */
export function schemaAt(schema: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const key of path) node = node?.properties?.[key];
  return node;
}

/** The answer at a dotted path. */
export function valueAt(values: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = values;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}
