/**
 * Integrity checks of the catalogue (units, procedures, demo officials). Pure and dependency-free;
 * the test suite additionally compiles every form schema with Ajv (draft 2020-12).
 * Returns the list of problems; empty means consistent.
 */
import type { ChainLevel, Procedure, Unit } from '../types';
import { AGENCY_ID_PATTERN } from '../dossier-code';
import type { DemoOfficial } from './demo-officials';
import { SCHEMA_DIALECT } from './form-schema';
import { FIXED_PLACEHOLDERS, hasMalformedPlaceholder, placeholdersIn } from './placeholders';

export const PROCEDURE_CODE_PATTERN = /^[12]\.\d{6}\.000\.00\.00\.[A-Z]\d{2}$/;
const UNIT_CODE_PATTERN = /^[A-Z]{2,12}$/;
const DOCUMENT_CODE_PATTERN = /^[A-Z0-9_]{2,40}$/;
const USERNAME_PATTERN = /^[a-z0-9]+(\.[a-z0-9]+)*$/;
const VALID_CHAINS = ['WARD', 'DEPARTMENT', 'WARD>DEPARTMENT'];

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Every string in a value tree that is not NFC, with its path. */
function nonNfc(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (value !== value.normalize('NFC')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nonNfc(v, `${path}[${i}]`, out));
  } else if (isNode(value)) {
    for (const [k, v] of Object.entries(value)) nonNfc(v, `${path}.${k}`, out);
  }
}

/** Structural checks of an e-form schema node (recursive). */
function checkSchemaNode(node: unknown, path: string, problems: string[]): void {
  if (!isNode(node)) {
    problems.push(`${path}: not a schema object`);
    return;
  }
  const title = node.title;
  if (typeof title !== 'string' || title.trim() === '') problems.push(`${path}: missing title`);
  switch (node.type) {
    case 'object': {
      const props = node.properties;
      if (!isNode(props) || Object.keys(props).length === 0) {
        problems.push(`${path}: object without properties`);
        return;
      }
      if (node.additionalProperties !== false) {
        problems.push(`${path}: additionalProperties must be false`);
      }
      const required = node.required;
      if (!Array.isArray(required)) problems.push(`${path}: missing required list`);
      else {
        for (const r of required) {
          if (typeof r !== 'string' || !(r in props)) {
            problems.push(`${path}: required "${String(r)}" is not a property`);
          }
        }
      }
      for (const [k, v] of Object.entries(props)) checkSchemaNode(v, `${path}.${k}`, problems);
      return;
    }
    case 'string': {
      if (typeof node.maxLength !== 'number' || node.maxLength < 1) {
        problems.push(`${path}: string without maxLength`);
      }
      if (node.enum !== undefined || node.oneOf !== undefined) {
        const values = Array.isArray(node.enum) ? node.enum : [];
        const consts = Array.isArray(node.oneOf)
          ? node.oneOf.map((o) => (isNode(o) ? o.const : undefined))
          : [];
        if (values.length === 0 || JSON.stringify(values) !== JSON.stringify(consts)) {
          problems.push(`${path}: enum and oneOf consts differ`);
        }
        for (const o of Array.isArray(node.oneOf) ? node.oneOf : []) {
          if (!isNode(o) || typeof o.title !== 'string' || o.title.trim() === '') {
            problems.push(`${path}: enumeration value without a title`);
          }
        }
      }
      return;
    }
    case 'integer':
    case 'number':
      if (typeof node.maximum !== 'number') problems.push(`${path}: number without maximum`);
      return;
    case 'boolean':
      return;
    case 'array':
      if (typeof node.maxItems !== 'number') problems.push(`${path}: array without maxItems`);
      checkSchemaNode(node.items, `${path}[]`, problems);
      return;
    default:
      problems.push(`${path}: unsupported type ${JSON.stringify(node.type)}`);
  }
}

/** Whether `form.<path>` names a required, printable field (every segment required). */
function formFieldProblem(schema: Node, path: string[]): string | null {
  let node: Node = schema;
  for (const key of path) {
    const props = isNode(node.properties) ? node.properties : {};
    const child = props[key];
    if (!isNode(child)) return 'no such form field';
    const required = Array.isArray(node.required) ? node.required : [];
    if (!required.includes(key)) return `form field "${key}" is optional`;
    node = child;
  }
  if (node.type === 'object' || node.type === 'array') return 'not a printable value';
  return null;
}

function checkProcedure(p: Procedure, unitsByCode: Map<string, Unit>, problems: string[]): void {
  const at = `procedure ${p.code}`;
  if (!PROCEDURE_CODE_PATTERN.test(p.code)) problems.push(`${at}: malformed national code`);
  for (const [k, v] of Object.entries({
    name: p.name,
    description: p.description,
    field: p.field,
  })) {
    if (v.trim() === '') problems.push(`${at}: empty ${k}`);
  }
  const dept = unitsByCode.get(p.departmentCode);
  if (!dept || dept.kind !== 'DEPARTMENT') {
    problems.push(`${at}: departmentCode ${p.departmentCode} is not a DEPARTMENT unit`);
  }
  if (!VALID_CHAINS.includes(p.chain.join('>'))) {
    problems.push(
      `${at}: chain ${JSON.stringify(p.chain)} is not one of ${VALID_CHAINS.join(', ')}`,
    );
  }
  const slaOf: Record<ChainLevel, number | undefined> = {
    WARD: p.sla.ward,
    DEPARTMENT: p.sla.department,
  };
  const positive = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (!positive(p.sla.verification)) problems.push(`${at}: sla.verification must be > 0`);
  if (!positive(p.sla.supplementLimit)) problems.push(`${at}: sla.supplementLimit must be > 0`);
  for (const level of ['WARD', 'DEPARTMENT'] as const) {
    const inChain = p.chain.includes(level);
    if (inChain && !positive(slaOf[level])) problems.push(`${at}: no SLA for chain level ${level}`);
    if (!inChain && slaOf[level] !== undefined) {
      problems.push(`${at}: SLA for ${level}, which is not in the chain`);
    }
  }
  const stageSum = p.sla.verification + p.chain.reduce((s, l) => s + (slaOf[l] ?? 0), 0);
  if (!positive(p.totalWorkingDays) || stageSum > p.totalWorkingDays) {
    problems.push(
      `${at}: stage SLAs (${stageSum}) exceed totalWorkingDays (${p.totalWorkingDays})`,
    );
  }
  if (!Number.isInteger(p.feeVnd) || p.feeVnd < 0)
    problems.push(`${at}: feeVnd must be an integer ≥ 0`);

  const docCodes = p.requiredDocuments.map((d) => d.code);
  if (p.requiredDocuments.length === 0) problems.push(`${at}: no required documents`);
  if (!p.requiredDocuments.some((d) => d.required)) problems.push(`${at}: no mandatory document`);
  for (const dup of duplicates(docCodes)) problems.push(`${at}: duplicate document code ${dup}`);
  for (const d of p.requiredDocuments) {
    if (!DOCUMENT_CODE_PATTERN.test(d.code)) problems.push(`${at}: bad document code ${d.code}`);
    if (d.name.trim() === '') problems.push(`${at}: document ${d.code} has no name`);
    if ((d.originals ?? 0) + (d.copies ?? 0) < 1) {
      problems.push(`${at}: document ${d.code} asks for no original and no copy`);
    }
  }

  const schema = p.formSchema as Node;
  if (schema.$schema !== SCHEMA_DIALECT)
    problems.push(`${at}: formSchema.$schema is not draft 2020-12`);
  if (schema.type !== 'object') problems.push(`${at}: formSchema is not an object schema`);
  checkSchemaNode(schema, `${at}: formSchema`, problems);

  const d = p.decision;
  if (!/^QĐ-[A-ZĐ]+$/.test(d.symbol))
    problems.push(`${at}: decision symbol ${d.symbol} is not "QĐ-…"`);
  const authorityText = d.authority.replace(/\{\{[^{}]*\}\}/g, '');
  if (authorityText !== authorityText.toUpperCase()) {
    problems.push(`${at}: decision authority not in capitals`);
  }
  d.legalGrounds.forEach((g, i) => {
    if (!/^(Căn cứ|Theo đề nghị|Xét) /.test(g))
      problems.push(`${at}: legal ground ${i + 1} is not a "Căn cứ …" clause`);
    if (/[;.,]\s*$/.test(g)) problems.push(`${at}: legal ground ${i + 1} ends with punctuation`);
    if (placeholdersIn(g).length > 0)
      problems.push(`${at}: legal ground ${i + 1} has placeholders`);
  });
  if (!d.legalGrounds.some((g) => g.startsWith('Căn cứ Luật'))) {
    problems.push(`${at}: the decision cites no law`);
  }
  if (d.articles.length === 0) problems.push(`${at}: decision without articles`);
  d.articles.forEach((a, i) => {
    if (!a.startsWith(`Điều ${i + 1}. `))
      problems.push(`${at}: article ${i + 1} does not start "Điều ${i + 1}. "`);
  });
  if (!d.articles[d.articles.length - 1]?.endsWith('./.')) {
    problems.push(`${at}: the last article does not end with "./."`);
  }
  for (const r of d.recipients) {
    if (placeholdersIn(r).length > 0) problems.push(`${at}: recipient "${r}" has placeholders`);
  }
  for (const text of [d.authority, d.summary, ...d.articles]) {
    if (hasMalformedPlaceholder(text))
      problems.push(`${at}: malformed placeholder in "${text.slice(0, 40)}…"`);
    for (const name of placeholdersIn(text)) {
      if (name.startsWith('form.')) {
        const problem = formFieldProblem(schema, name.slice(5).split('.'));
        if (problem) problems.push(`${at}: placeholder {{${name}}}: ${problem}`);
      } else if (!FIXED_PLACEHOLDERS.includes(name)) {
        problems.push(`${at}: unknown placeholder {{${name}}}`);
      }
    }
  }
  if (placeholdersIn(d.summary).length > 0)
    problems.push(`${at}: decision summary has placeholders`);

  const texts: string[] = [];
  nonNfc(p, at, texts);
  for (const t of texts) problems.push(`${t}: not NFC`);
}

export function validateCatalogue(
  units: readonly Unit[],
  procedures: readonly Procedure[],
  officials: readonly DemoOfficial[],
): string[] {
  const problems: string[] = [];
  const unitsByCode = new Map(units.map((u) => [u.code, u]));

  for (const dup of duplicates(units.map((u) => u.code)))
    problems.push(`duplicate unit code ${dup}`);
  for (const dup of duplicates(units.map((u) => u.agencyId)))
    problems.push(`duplicate agencyId ${dup}`);
  for (const u of units) {
    const at = `unit ${u.code}`;
    if (!UNIT_CODE_PATTERN.test(u.code)) problems.push(`${at}: bad code`);
    if (!AGENCY_ID_PATTERN.test(u.agencyId)) problems.push(`${at}: bad agencyId ${u.agencyId}`);
    for (const [k, v] of Object.entries(u)) {
      if (typeof v !== 'string' || v.trim() === '') problems.push(`${at}: empty ${k}`);
    }
    for (const k of ['parentName', 'issuerName'] as const) {
      if (u[k] !== u[k].toUpperCase()) problems.push(`${at}: ${k} not in capitals`);
    }
    const prefix = u.kind === 'WARD' ? 'Phường ' : 'Sở ';
    if (!u.name.startsWith(prefix)) problems.push(`${at}: name does not start with "${prefix}"`);
    if (u.kind === 'WARD' && u.issuerName !== `ỦY BAN NHÂN DÂN ${u.name.toUpperCase()}`) {
      problems.push(`${at}: issuerName does not match the ward's name`);
    }
    if (u.kind === 'DEPARTMENT' && u.issuerName !== u.name.toUpperCase()) {
      problems.push(`${at}: issuerName does not match the department's name`);
    }
    const texts: string[] = [];
    nonNfc(u, at, texts);
    for (const t of texts) problems.push(`${t}: not NFC`);
  }

  for (const dup of duplicates(procedures.map((p) => p.code)))
    problems.push(`duplicate procedure code ${dup}`);
  for (const dup of duplicates(procedures.map((p) => p.decision.id)))
    problems.push(`duplicate decision id ${dup}`);
  for (const p of procedures) checkProcedure(p, unitsByCode, problems);

  for (const dup of duplicates(officials.map((o) => o.username)))
    problems.push(`duplicate username ${dup}`);
  for (const o of officials) {
    const at = `official ${o.username}`;
    if (!USERNAME_PATTERN.test(o.username)) problems.push(`${at}: bad username`);
    if (o.fullName.trim() === '' || o.title.trim() === '' || o.position.trim() === '') {
      problems.push(`${at}: empty name, title or position`);
    }
    if (o.roles.length === 0) problems.push(`${at}: no roles`);
    const unit = o.unitCode === null ? null : unitsByCode.get(o.unitCode);
    if (o.unitCode !== null && !unit) problems.push(`${at}: unknown unit ${o.unitCode}`);
    for (const role of o.roles) {
      const needs =
        role === 'RECEIVER' || role === 'WARD_APPROVER'
          ? 'WARD'
          : role === 'DEPARTMENT_APPROVER'
            ? 'DEPARTMENT'
            : null;
      if (needs !== null && unit?.kind !== needs)
        problems.push(`${at}: ${role} needs a ${needs} unit`);
    }
    const texts: string[] = [];
    nonNfc(o, at, texts);
    for (const t of texts) problems.push(`${t}: not NFC`);
  }
  const has = (unitCode: string, role: DemoOfficial['roles'][number]): boolean =>
    officials.some((o) => o.unitCode === unitCode && o.roles.includes(role));
  for (const u of units) {
    if (u.kind === 'WARD') {
      if (!has(u.code, 'RECEIVER')) problems.push(`ward ${u.code} has no RECEIVER`);
      if (!has(u.code, 'WARD_APPROVER')) problems.push(`ward ${u.code} has no WARD_APPROVER`);
    } else if (!has(u.code, 'DEPARTMENT_APPROVER')) {
      problems.push(`department ${u.code} has no DEPARTMENT_APPROVER`);
    }
  }
  if (!officials.some((o) => o.roles.includes('SUPERVISOR'))) problems.push('no SUPERVISOR');
  return problems;
}
