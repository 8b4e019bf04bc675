/**
 * Normalisation and validation of an application: every string NFC and trimmed, then every
 * problem collected as `{ field, message }` — the applicant, the procedure and ward, the e-form
 * against the procedure's JSON Schema (draft 2020-12, Ajv with all errors) and the list of
 * attached documents. The certificate is checked by `signer-certificate.ts`.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { getProcedure, getUnit } from '../../domain/catalogue';
import type { Applicant, Procedure, Unit } from '../../domain/types';
import { PERSON_NAME, unsafeText } from '../../domain/safe-text';
import type { FieldProblem } from './errors';

/** Every string NFC-normalised and trimmed, recursively (object keys are left as they are). */
export function normalizeStrings<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC').trim() as T;
  if (Array.isArray(value)) return value.map((v) => normalizeStrings(v)) as T;
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeStrings(v);
    return out as T;
  }
  return value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------- applicant

/** 12-digit citizen identity number (căn cước / CCCD). */
export const ID_NUMBER = /^\d{12}$/;

const EMAIL =
  /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

export const LIMITS = {
  fullName: { min: 2, max: 100 },
  address: { min: 5, max: 300 },
  email: { max: 254 },
} as const;

/** Collapses runs of white space to one space (names and addresses). */
const collapse = (s: string): string => s.replace(/\s+/g, ' ');

/** A person's full name for comparisons: NFC, single spaces, upper case (Vietnamese rules). */
export function comparableName(name: string): string {
  return collapse(name.normalize('NFC').trim()).toLocaleUpperCase('vi');
}

/**
 * A Vietnamese phone number in its national form, or null: mobile `0[35789]xxxxxxxx` (10 digits)
 * or landline `02xxxxxxxxx` (11 digits); `+84` for the leading 0 and spaces, dots, dashes and
 * parentheses are accepted.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.()-]/g, '');
  const national = compact.startsWith('+84') ? `0${compact.slice(3)}` : compact;
  return /^0[35789]\d{8}$/.test(national) || /^02\d{9}$/.test(national) ? national : null;
}

function checkText(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  limits: { min: number; max: number },
): string | undefined {
  if (typeof value !== 'string' || value === '') {
    problems.push({ field, message: 'is required' });
    return undefined;
  }
  const length = [...value].length;
  if (length < limits.min || length > limits.max) {
    problems.push({
      field,
      message: `must have ${limits.min} to ${limits.max} characters (has ${length})`,
    });
  }
  if (unsafeText(value))
    problems.push({ field, message: 'must not contain control or text-direction characters' });
  return value;
}

/** A person's full name (collapsed white space), or undefined after recording the problem. */
export function validateFullName(
  raw: unknown,
  field: string,
  problems: FieldProblem[],
): string | undefined {
  const before = problems.length;
  const name = checkText(
    problems,
    field,
    typeof raw === 'string' ? collapse(raw) : raw,
    LIMITS.fullName,
  );
  if (name !== undefined && !PERSON_NAME.test(name))
    problems.push({ field, message: "may contain Latin letters, spaces and . ' - only" });
  return problems.length > before ? undefined : name;
}

export function validateIdNumber(
  raw: unknown,
  field: string,
  problems: FieldProblem[],
): string | undefined {
  if (typeof raw === 'string' && ID_NUMBER.test(raw)) return raw;
  problems.push({ field, message: 'must be the 12-digit citizen identity number' });
  return undefined;
}

/** Validates the (normalised) applicant; returns it in its stored form. */
export function validateApplicant(raw: unknown, problems: FieldProblem[]): Applicant | undefined {
  if (!isRecord(raw)) {
    problems.push({ field: 'applicant', message: 'is required (an object)' });
    return undefined;
  }
  const before = problems.length;
  const fullName = validateFullName(raw.fullName, 'applicant.fullName', problems);
  const idNumber = validateIdNumber(raw.idNumber, 'applicant.idNumber', problems);
  let phone: string | null = null;
  if (typeof raw.phone !== 'string' || raw.phone === '') {
    problems.push({ field: 'applicant.phone', message: 'is required' });
  } else {
    phone = normalizePhone(raw.phone);
    if (!phone) {
      problems.push({
        field: 'applicant.phone',
        message:
          'must be a Vietnamese phone number: 10 digits for a mobile (0[35789]…) or 11 for a landline (02…)',
      });
    }
  }
  let email: string | undefined;
  if (raw.email !== undefined && raw.email !== null && raw.email !== '') {
    if (
      typeof raw.email !== 'string' ||
      raw.email.length > LIMITS.email.max ||
      !EMAIL.test(raw.email)
    ) {
      problems.push({ field: 'applicant.email', message: 'must be an e-mail address' });
    } else email = raw.email;
  }
  const addressRaw = typeof raw.address === 'string' ? collapse(raw.address) : raw.address;
  const address = checkText(problems, 'applicant.address', addressRaw, LIMITS.address);
  for (const key of Object.keys(raw)) {
    if (!['fullName', 'idNumber', 'phone', 'email', 'address'].includes(key))
      problems.push({ field: `applicant.${key}`, message: 'is not a field of the applicant' });
  }
  if (problems.length > before) return undefined;
  return {
    fullName: fullName as string,
    idNumber: idNumber as string,
    phone: phone as string,
    ...(email !== undefined ? { email } : {}),
    address: address as string,
  };
}

// ---------------------------------------------------------------- catalogue

export function validateProcedure(raw: unknown, problems: FieldProblem[]): Procedure | undefined {
  if (typeof raw !== 'string' || raw === '') {
    problems.push({ field: 'procedureCode', message: 'is required' });
    return undefined;
  }
  const procedure = getProcedure(raw);
  if (!procedure) problems.push({ field: 'procedureCode', message: 'is not a known procedure' });
  return procedure;
}

export function validateWard(raw: unknown, problems: FieldProblem[]): Unit | undefined {
  if (typeof raw !== 'string' || raw === '') {
    problems.push({ field: 'wardCode', message: 'is required' });
    return undefined;
  }
  const unit = getUnit(raw);
  if (!unit || unit.kind !== 'WARD') {
    problems.push({ field: 'wardCode', message: 'is not a ward' });
    return undefined;
  }
  return unit;
}

/** Codes of the procedure's required documents that the applicant says are attached. */
export function validateAttachedCodes(
  raw: unknown,
  procedure: Procedure | undefined,
  problems: FieldProblem[],
): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ field: 'attachedDocumentCodes', message: 'must be a list of document codes' });
    return [];
  }
  const known = new Set(procedure?.requiredDocuments.map((d) => d.code) ?? []);
  const seen = new Set<string>();
  raw.forEach((code, i) => {
    const field = `attachedDocumentCodes[${i}]`;
    if (typeof code !== 'string') problems.push({ field, message: 'must be a document code' });
    else if (procedure && !known.has(code))
      problems.push({ field, message: 'is not a document of this procedure' });
    else if (seen.has(code)) problems.push({ field, message: 'is listed twice' });
    else seen.add(code);
  });
  return [...seen];
}

// ---------------------------------------------------------------- e-form

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(procedure: Procedure): ValidateFunction {
  let validate = compiled.get(procedure.code);
  if (!validate) {
    if (!ajv) {
      // No coercion, no removal of unknown properties: the schema decides what is allowed.
      ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
      addFormats(ajv);
    }
    validate = ajv.compile(procedure.formSchema);
    compiled.set(procedure.code, validate);
  }
  return validate;
}

/** `/land/area` → `form.land.area`; `/owners/0/name` → `form.owners[0].name`. */
export function fieldPath(prefix: string, instancePath: string, property?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (property !== undefined) segments.push(property);
  let path = prefix;
  for (const s of segments) path += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
  return path;
}

function describe(error: ErrorObject): { field: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        field: fieldPath('form', error.instancePath, String(params.missingProperty)),
        message: 'is required',
      };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return {
        field: fieldPath(
          'form',
          error.instancePath,
          String(params.additionalProperty ?? params.unevaluatedProperty),
        ),
        message: 'is not a field of this form',
      };
    case 'enum':
      return {
        field: fieldPath('form', error.instancePath),
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return { field: fieldPath('form', error.instancePath), message: error.message ?? 'invalid' };
  }
}

/**
 * The paths of the strings under `value` that hold control or bidirectional characters (line
 * breaks allowed: a form may have multi-line text). Iterative, whatever the nesting.
 */
function unsafeStrings(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  const stack: Array<[unknown, string]> = [[value, prefix]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (unsafeText(v, true)) found.push(path);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (isRecord(v)) {
      for (const [k, item] of Object.entries(v)) stack.push([item, `${path}.${k}`]);
    }
  }
  return found.sort();
}

/**
 * Validates the form against the procedure's schema; one message per field, the most specific
 * one (an `enum` error hides the `oneOf`/`const` noise of the same field).
 */
export function validateForm(
  raw: unknown,
  procedure: Procedure | undefined,
  problems: FieldProblem[],
): Record<string, unknown> | undefined {
  if (!isRecord(raw)) {
    problems.push({ field: 'form', message: 'is required (an object)' });
    return undefined;
  }
  if (!procedure) return undefined;
  const validate = validatorFor(procedure);
  const before = problems.length;
  for (const field of unsafeStrings(raw, 'form'))
    problems.push({ field, message: 'must not contain control or text-direction characters' });
  if (validate(raw)) return problems.length > before ? undefined : raw;
  const byField = new Map<string, { message: string; rank: number }>();
  for (const error of validate.errors ?? []) {
    const inCombinator = /\/(oneOf|anyOf)\//.test(error.schemaPath);
    const rank = error.keyword === 'oneOf' || error.keyword === 'anyOf' || inCombinator ? 1 : 0;
    const { field, message } = describe(error);
    const current = byField.get(field);
    if (!current || rank < current.rank) byField.set(field, { message, rank });
  }
  for (const [field, { message }] of byField) problems.push({ field, message });
  return undefined;
}
