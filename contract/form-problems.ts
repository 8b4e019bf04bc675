/**
 * Field problems of an e-form: the errors of a JSON Schema validator (Ajv, draft 2020-12, all
 * errors) against a procedure's `formSchema`, as catalogue messages named by the field's own
 * Vietnamese `title` and followed by its hint (`description`, `x-hint-en`), like the problems of
 * the contract's schemas (contract/problems.ts). One problem per field, the most specific one: an
 * `enum` error hides the `oneOf`/`const` noise of the same field.
 */
import type { MessageKey } from './messages';
import { fieldPath, type FieldProblem } from './problems';

/** What this module reads of a validator's error (Ajv's `ErrorObject`). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `/land/area` → `['land', 'area']`; `/owners/0` → `['owners', 0]`. */
function segmentsOf(instancePath: string): Array<string | number> {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The schema of the value at `segments` (through `properties` and `items`). */
function nodeAt(root: Node, segments: ReadonlyArray<string | number>): Node | undefined {
  let node: Node | undefined = root;
  for (const s of segments) {
    if (!node) return undefined;
    if (typeof s === 'number') node = isNode(node.items) ? node.items : undefined;
    else
      node =
        isNode(node.properties) && Object.hasOwn(node.properties, s)
          ? (node.properties[s] as Node | undefined)
          : undefined;
  }
  return node;
}

/** The titles of an enumeration's values, quoted, for "phải là một trong …". */
function optionTitles(node: Node | undefined, allowed: unknown): string {
  const options = Array.isArray(node?.oneOf) ? (node.oneOf as unknown[]) : [];
  const values = Array.isArray(allowed) ? allowed : options.map((o) => (o as Node).const);
  return values
    .slice(0, 12)
    .map((v) => {
      const titled = options.find((o) => isNode(o) && o.const === v) as Node | undefined;
      return `“${typeof titled?.title === 'string' ? titled.title : String(v)}”`;
    })
    .join(', ');
}

const num = (v: unknown): number => Number(v);

function ruleOf(
  error: SchemaError,
  node: Node | undefined,
): { key: MessageKey; params: Record<string, string | number> } {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return { key: 'rule.required', params: {} };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { key: 'rule.unknownField', params: {} };
    case 'enum':
      return { key: 'rule.oneOf', params: { values: optionTitles(node, p.allowedValues) } };
    case 'const':
    case 'oneOf':
    case 'anyOf':
      return { key: 'rule.oneOf', params: { values: optionTitles(node, undefined) } };
    case 'type':
      if (p.type === 'integer') return { key: 'rule.integer', params: {} };
      return { key: 'rule.type', params: { expectedKey: `type.${String(p.type)}` } };
    case 'minLength':
      return num(p.limit) <= 1
        ? { key: 'rule.required', params: {} }
        : { key: 'rule.tooShort', params: { minimum: num(p.limit) } };
    case 'maxLength':
      return { key: 'rule.tooLong', params: { maximum: num(p.limit) } };
    case 'pattern':
    case 'format':
      return { key: 'rule.format', params: {} };
    case 'minimum':
      return { key: 'rule.tooSmall', params: { minimum: num(p.limit) } };
    case 'maximum':
      return { key: 'rule.tooBig', params: { maximum: num(p.limit) } };
    case 'exclusiveMinimum':
      return { key: 'rule.greaterThan', params: { minimum: num(p.limit) } };
    case 'exclusiveMaximum':
      return { key: 'rule.lessThan', params: { maximum: num(p.limit) } };
    case 'multipleOf':
      return { key: 'rule.integer', params: {} };
    case 'minItems':
      return { key: 'rule.tooFewItems', params: { minimum: num(p.limit) } };
    case 'maxItems':
      return { key: 'rule.tooManyItems', params: { maximum: num(p.limit) } };
    default:
      return { key: 'rule.invalid', params: {} };
  }
}

/** The field an error is about: the missing or unknown property for those keywords. */
function pathOf(error: SchemaError): Array<string | number> {
  const segments = segmentsOf(error.instancePath);
  const property =
    error.keyword === 'required'
      ? error.params.missingProperty
      : error.keyword === 'additionalProperties'
        ? error.params.additionalProperty
        : error.keyword === 'unevaluatedProperties'
          ? error.params.unevaluatedProperty
          : undefined;
  if (property !== undefined) segments.push(String(property));
  return segments;
}

/** The problems of an e-form under `prefix` (`form`), one per field, titled from `schema`. */
export function formProblems(
  errors: readonly SchemaError[],
  schema: Record<string, unknown>,
  prefix = 'form',
): FieldProblem[] {
  const byField = new Map<string, { problem: FieldProblem; rank: number }>();
  for (const error of errors) {
    const inCombinator = /\/(oneOf|anyOf)\//.test(error.schemaPath);
    const rank =
      error.keyword === 'oneOf' || error.keyword === 'anyOf' || inCombinator
        ? 2
        : error.keyword === 'type'
          ? 0
          : 1;
    const segments = pathOf(error);
    const field = fieldPath([prefix, ...segments]);
    const current = byField.get(field);
    if (current && current.rank <= rank) continue;
    const node = nodeAt(schema, segments);
    const title = typeof node?.title === 'string' ? node.title : field;
    const { key, params } = ruleOf(error, node);
    const problem: FieldProblem = {
      field,
      message: { key, params: { ...params, title, titleEn: title } },
    };
    const hint = typeof node?.description === 'string' ? node.description : undefined;
    if (hint && key !== 'rule.required' && key !== 'rule.unknownField') {
      const hintEn = node?.['x-hint-en'];
      problem.hint = { vi: hint, en: typeof hintEn === 'string' ? hintEn : hint };
    }
    byField.set(field, { problem, rank });
  }
  return [...byField.values()].map((v) => v.problem);
}
