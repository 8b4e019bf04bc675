/**
 * Normalisation and validation of an application: every string NFC and trimmed, then every
 * problem collected as a field problem of the catalogue (titled and hinted from the contract's
 * schema, contract/problems.ts) — the applicant, the procedure and ward, the e-form against the
 * procedure's JSON Schema (draft 2020-12, Ajv with all errors, titled from that schema) and the
 * list of attached documents. The certificate is checked by
 * services/applications/signer-certificate.ts.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { z } from 'zod';
import { formProblems } from '../../contract/form-problems';
import { problemAt } from '../../contract/problems';
import { PrepareApplicationRequest } from '../../contract/schemas';
import { getProcedure, getUnit } from '../../domain/catalogue';
import type { Applicant, Procedure, Unit } from '../../domain/types';
import { PERSON_NAME, unsafeText } from '../../domain/safe-text';
import type { FieldProblem } from '../../contract/problems';

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

/** Where a field is, for its title and hint: a schema of the contract and the path in it. */
export interface FieldAt {
  schema: z.ZodType;
  path: ReadonlyArray<string | number>;
}

const at = (path: ReadonlyArray<string | number>): FieldAt => ({
  schema: PrepareApplicationRequest,
  path,
});

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

const problem = (
  where: FieldAt,
  key: Parameters<typeof problemAt>[2],
  params?: Record<string, string | number>,
): FieldProblem => problemAt(where.schema, where.path, key, params);

function checkText(
  problems: FieldProblem[],
  where: FieldAt,
  value: unknown,
  limits: { min: number; max: number },
): string | undefined {
  if (typeof value !== 'string' || value === '') {
    problems.push(problem(where, 'rule.required'));
    return undefined;
  }
  const length = [...value].length;
  if (length < limits.min) problems.push(problem(where, 'rule.tooShort', { minimum: limits.min }));
  if (length > limits.max) problems.push(problem(where, 'rule.tooLong', { maximum: limits.max }));
  if (unsafeText(value)) problems.push(problem(where, 'rule.controlCharacters'));
  return value;
}

/** A person's full name (collapsed white space), or undefined after recording the problem. */
export function validateFullName(
  raw: unknown,
  where: FieldAt,
  problems: FieldProblem[],
): string | undefined {
  const before = problems.length;
  const name = checkText(
    problems,
    where,
    typeof raw === 'string' ? collapse(raw) : raw,
    LIMITS.fullName,
  );
  if (name !== undefined && !PERSON_NAME.test(name))
    problems.push(problem(where, 'field.personName'));
  return problems.length > before ? undefined : name;
}

export function validateIdNumber(
  raw: unknown,
  where: FieldAt,
  problems: FieldProblem[],
): string | undefined {
  if (typeof raw === 'string' && ID_NUMBER.test(raw)) return raw;
  problems.push(
    problem(where, typeof raw === 'string' && raw !== '' ? 'rule.format' : 'rule.required'),
  );
  return undefined;
}

const APPLICANT_FIELDS = ['fullName', 'idNumber', 'phone', 'email', 'address'];

/** Validates the (normalised) applicant; returns it in its stored form. */
export function validateApplicant(raw: unknown, problems: FieldProblem[]): Applicant | undefined {
  if (!isRecord(raw)) {
    problems.push(problem(at(['applicant']), 'rule.required'));
    return undefined;
  }
  const before = problems.length;
  const fullName = validateFullName(raw.fullName, at(['applicant', 'fullName']), problems);
  const idNumber = validateIdNumber(raw.idNumber, at(['applicant', 'idNumber']), problems);
  let phone: string | null = null;
  if (typeof raw.phone !== 'string' || raw.phone === '') {
    problems.push(problem(at(['applicant', 'phone']), 'rule.required'));
  } else {
    phone = normalizePhone(raw.phone);
    if (!phone) problems.push(problem(at(['applicant', 'phone']), 'field.phone'));
  }
  let email: string | undefined;
  if (raw.email !== undefined && raw.email !== null && raw.email !== '') {
    if (
      typeof raw.email !== 'string' ||
      raw.email.length > LIMITS.email.max ||
      !EMAIL.test(raw.email)
    ) {
      problems.push(problem(at(['applicant', 'email']), 'rule.format'));
    } else email = raw.email;
  }
  const addressRaw = typeof raw.address === 'string' ? collapse(raw.address) : raw.address;
  const address = checkText(problems, at(['applicant', 'address']), addressRaw, LIMITS.address);
  for (const key of Object.keys(raw)) {
    if (!APPLICANT_FIELDS.includes(key))
      problems.push(problem(at(['applicant', key]), 'rule.unknownField'));
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
    problems.push(problem(at(['procedureCode']), 'rule.required'));
    return undefined;
  }
  const procedure = getProcedure(raw);
  if (!procedure) problems.push(problem(at(['procedureCode']), 'field.unknownProcedure'));
  return procedure;
}

export function validateWard(raw: unknown, problems: FieldProblem[]): Unit | undefined {
  if (typeof raw !== 'string' || raw === '') {
    problems.push(problem(at(['wardCode']), 'rule.required'));
    return undefined;
  }
  const unit = getUnit(raw);
  if (!unit || unit.kind !== 'WARD') {
    problems.push(problem(at(['wardCode']), 'field.notAWard'));
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
    problems.push(
      problem(at(['attachedDocumentCodes']), 'rule.type', { expectedKey: 'type.array' }),
    );
    return [];
  }
  const known = new Set(procedure?.requiredDocuments.map((d) => d.code) ?? []);
  const seen = new Set<string>();
  raw.forEach((code: unknown, i) => {
    const where = at(['attachedDocumentCodes', i]);
    if (typeof code !== 'string')
      problems.push(problem(where, 'rule.type', { expectedKey: 'type.string' }));
    else if (procedure && !known.has(code))
      problems.push(problem(where, 'field.notADocumentOfProcedure'));
    else if (seen.has(code)) problems.push(problem(where, 'rule.duplicate'));
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
 * Validates the form against the procedure's schema; one problem per field, titled from the
 * schema (contract/form-problems.ts).
 */
export function validateForm(
  raw: unknown,
  procedure: Procedure | undefined,
  problems: FieldProblem[],
): Record<string, unknown> | undefined {
  if (!isRecord(raw)) {
    problems.push(problem(at(['form']), 'rule.required'));
    return undefined;
  }
  if (!procedure) return undefined;
  const validate = validatorFor(procedure);
  const before = problems.length;
  for (const field of unsafeStrings(raw, 'form')) {
    problems.push({
      field,
      message: { key: 'rule.controlCharacters', params: { title: field, titleEn: field } },
    });
  }
  if (validate(raw)) return problems.length > before ? undefined : raw;
  problems.push(...formProblems(validate.errors ?? [], procedure.formSchema));
  return undefined;
}
