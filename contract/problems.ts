/**
 * Field problems: what a 400 VALIDATION_FAILED lists in `details`, one entry per bad field, every
 * one of a request at once. The message names the field by its title from the schema and adds the
 * schema's hint (e.g. "Số định danh cá nhân (CCCD): không đúng định dạng. Gồm đúng 12 chữ số, ví
 * dụ 079085001234"), in the request's language.
 */
import { z } from 'zod';
import { type Lang, type Message, type MessageKey, render, say } from './messages';

/** One problem with one field, e.g. `{ field: 'applicant.idNumber', message }`. */
export interface FieldProblem {
  field: string;
  /** A catalogue message, rendered in the caller's language; `{title}` is the field's title. */
  message: Message;
  /** The field's hint, when its schema gives one. */
  hint?: { vi: string; en: string };
}

/** `['applicant', 'owners', 0, 'name']` → `applicant.owners[0].name`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

interface Meta {
  title?: string;
  description?: string;
  'x-title-en'?: string;
  'x-hint-en'?: string;
}

/** The schema of the field at `path` inside `root`, through objects, arrays and wrappers. */
function schemaAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const key of path) {
    s = unwrap(s);
    if (!s) return undefined;
    if (s instanceof z.ZodObject) {
      // Own properties only: a key such as `constructor` names no field of the schema.
      const shape = s.shape as Record<string, z.ZodType>;
      s = Object.hasOwn(shape, String(key)) ? shape[String(key)] : undefined;
    } else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
  }
  return s;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let i = 0; s && i < 10; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
      s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
  return s;
}

function metaOf(s: z.ZodType | undefined): Meta {
  for (let i = 0, cur = s; cur && i < 10; i++) {
    const m = z.globalRegistry.get(cur) as Meta | undefined;
    if (m?.title) return m;
    const next = unwrap(cur);
    if (next === cur) break;
    cur = next;
  }
  return {};
}

const TYPE_KEYS: Record<string, MessageKey> = {
  string: 'type.string',
  number: 'type.number',
  int: 'type.number',
  boolean: 'type.boolean',
  object: 'type.object',
  array: 'type.array',
};

/** Renders a list of allowed values for a message. */
const listOf = (values: readonly unknown[]): string =>
  values
    .slice(0, 12)
    .map((v) => JSON.stringify(v))
    .join(', ');

function ruleOf(issue: z.core.$ZodIssue): {
  key: MessageKey;
  params: Record<string, string | number>;
} {
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined)
        return { key: 'rule.required', params: {} };
      return {
        key: 'rule.type',
        params: { expectedKey: TYPE_KEYS[issue.expected] ?? 'type.value' },
      };
    case 'too_small':
      if (issue.origin === 'string')
        return { key: 'rule.tooShort', params: { minimum: Number(issue.minimum) } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'rule.tooFewItems', params: { minimum: Number(issue.minimum) } };
      return { key: 'rule.tooSmall', params: { minimum: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string')
        return { key: 'rule.tooLong', params: { maximum: Number(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'rule.tooManyItems', params: { maximum: Number(issue.maximum) } };
      return { key: 'rule.tooBig', params: { maximum: Number(issue.maximum) } };
    case 'invalid_format':
      if (issue.message === 'controlCharacters')
        return { key: 'rule.controlCharacters', params: {} };
      return { key: 'rule.format', params: {} };
    case 'invalid_value':
      return { key: 'rule.oneOf', params: { values: listOf(issue.values) } };
    case 'not_multiple_of':
      return { key: 'rule.integer', params: {} };
    default:
      return { key: 'rule.invalid', params: {} };
  }
}

/**
 * A problem a service found with the field at `path` of `schema` (a procedure that does not
 * exist, a certificate that names someone else): titled and hinted like the schema's own
 * problems, so that both kinds read alike and come back in one answer.
 */
export function problemAt(
  schema: z.ZodType,
  path: ReadonlyArray<PropertyKey>,
  key: MessageKey,
  params: Record<string, string | number> = {},
  options: { hint?: boolean } = {},
): FieldProblem {
  const f = fieldPath(path);
  const meta = metaOf(schemaAt(schema, path));
  const problem: FieldProblem = {
    field: f,
    message: {
      key,
      params: { ...params, title: meta.title ?? f, titleEn: meta['x-title-en'] ?? f },
    },
  };
  if (options.hint !== false && meta.description && key !== 'rule.required') {
    problem.hint = { vi: meta.description, en: meta['x-hint-en'] ?? meta.description };
  }
  return problem;
}

/**
 * Problems of one request from several checks, one answer: the first problem of a field wins (the
 * schema's shape checks come first), other problems of the same field are kept only when they
 * say something else (e.g. two problems of a certificate).
 */
export function mergeProblems(...lists: ReadonlyArray<readonly FieldProblem[]>): FieldProblem[] {
  const out: FieldProblem[] = [];
  const byField = new Map<string, number>();
  for (const [i, list] of lists.entries()) {
    for (const p of list) {
      const first = byField.get(p.field);
      if (first === undefined) byField.set(p.field, i);
      if (first === undefined || (first === i && !out.some((o) => sameMessage(o, p)))) out.push(p);
    }
  }
  return out;
}

const sameMessage = (a: FieldProblem, b: FieldProblem): boolean =>
  a.field === b.field &&
  a.message.key === b.message.key &&
  JSON.stringify(a.message.params ?? {}) === JSON.stringify(b.message.params ?? {});

/** The problems of a failed parse of `schema`, under `prefix` (e.g. `query`), one per field. */
export function problemsOf(
  error: z.ZodError,
  schema: z.ZodType,
  prefix: ReadonlyArray<PropertyKey> = [],
): FieldProblem[] {
  const byField = new Map<string, FieldProblem>();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const f = fieldPath([...prefix, ...issue.path, key]);
        if (!byField.has(f))
          byField.set(f, { field: f, message: say('rule.unknownField', { title: f }) });
      }
      continue;
    }
    const f = fieldPath([...prefix, ...issue.path]);
    if (byField.has(f)) continue; // the first (most basic) problem of a field is the one to fix
    const meta = metaOf(schemaAt(schema, issue.path));
    const { key, params } = ruleOf(issue);
    const titled = { ...params, title: meta.title ?? f, titleEn: meta['x-title-en'] ?? f };
    const problem: FieldProblem = { field: f, message: { key, params: titled } };
    if (meta.description && key !== 'rule.required') {
      problem.hint = { vi: meta.description, en: meta['x-hint-en'] ?? meta.description };
    }
    byField.set(f, problem);
  }
  return [...byField.values()];
}

/** A problem as the API sends it: `{ field, message }` with the hint appended, in `lang`. */
export function renderProblem(p: FieldProblem, lang: Lang): { field: string; message: string } {
  const params = { ...(p.message.params ?? {}) } as Record<string, string | number>;
  if (lang === 'en' && typeof params.titleEn === 'string') params.title = params.titleEn;
  if (typeof params.expectedKey === 'string')
    params.expected = render(say(params.expectedKey as MessageKey), lang);
  let message = render({ key: p.message.key, params }, lang);
  if (p.hint) message = `${message} ${hintSentence(p.hint[lang])}`;
  return { field: p.field, message };
}

/** A hint as a sentence of its own: capitalised, with its full stop. */
function hintSentence(hint: string): string {
  const h = hint.trim();
  const capital = h.charAt(0).toLocaleUpperCase('vi') + h.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
