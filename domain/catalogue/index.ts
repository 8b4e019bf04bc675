/**
 * The procedure catalogue: units, procedures, demo officials, and lookups. Data only, pure.
 * The objects are frozen: copy before changing anything.
 */
import type { Procedure, Unit, UnitKind } from '../types';
import { DEMO_OFFICIALS, type DemoOfficial } from './demo-officials';
import { EXAMPLE_APPLICATIONS } from './examples';
import { CONSTRUCTION_PERMIT } from './procedures/construction-permit';
import { HOUSEHOLD_BUSINESS } from './procedures/household-business';
import { OWNERSHIP_CORRECTION } from './procedures/ownership-correction';
import { UNITS } from './units';
import { validateCatalogue } from './validate';

export { DEMO_OFFICIALS, type DemoOfficial } from './demo-officials';
export { UNITS } from './units';
export { CONSTRUCTION_PERMIT, HOUSEHOLD_BUSINESS, OWNERSHIP_CORRECTION };
export { validateCatalogue, PROCEDURE_CODE_PATTERN } from './validate';
export { FIXED_PLACEHOLDERS, placeholdersIn } from './placeholders';
export { SCHEMA_DIALECT } from './form-schema';
export { EXAMPLE_APPLICATIONS, type ExampleApplication } from './examples';

export const PROCEDURES: readonly Procedure[] = [
  CONSTRUCTION_PERMIT,
  HOUSEHOLD_BUSINESS,
  OWNERSHIP_CORRECTION,
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
deepFreeze(UNITS);
deepFreeze(PROCEDURES);
deepFreeze(DEMO_OFFICIALS);
deepFreeze(EXAMPLE_APPLICATIONS);

const PROCEDURES_BY_CODE = new Map(PROCEDURES.map((p) => [p.code, p]));
const UNITS_BY_CODE = new Map(UNITS.map((u) => [u.code, u]));
const OFFICIALS_BY_USERNAME = new Map(DEMO_OFFICIALS.map((o) => [o.username, o]));

export function listProcedures(): readonly Procedure[] {
  return PROCEDURES;
}

/** The procedure with this national code, or undefined. */
export function getProcedure(code: string): Procedure | undefined {
  return PROCEDURES_BY_CODE.get(code);
}

/** Like getProcedure, but throws RangeError for an unknown code. */
export function requireProcedure(code: string): Procedure {
  const p = getProcedure(code);
  if (!p) throw new RangeError(`Unknown procedure ${code}`);
  return p;
}

/** All units, or those of one kind. */
export function listUnits(kind?: UnitKind): readonly Unit[] {
  return kind ? UNITS.filter((u) => u.kind === kind) : UNITS;
}

export function getUnit(code: string): Unit | undefined {
  return UNITS_BY_CODE.get(code);
}

/** Like getUnit, but throws RangeError for an unknown code. */
export function requireUnit(code: string): Unit {
  const u = getUnit(code);
  if (!u) throw new RangeError(`Unknown unit ${code}`);
  return u;
}

/** The department that owns a procedure. */
export function departmentOf(procedure: Pick<Procedure, 'departmentCode'>): Unit {
  return requireUnit(procedure.departmentCode);
}

export function listDemoOfficials(): readonly DemoOfficial[] {
  return DEMO_OFFICIALS;
}

export function getDemoOfficial(username: string): DemoOfficial | undefined {
  return OFFICIALS_BY_USERNAME.get(username);
}

/** Problems of the built-in catalogue (empty when consistent). */
export function validateBuiltInCatalogue(): string[] {
  return validateCatalogue(UNITS, PROCEDURES, DEMO_OFFICIALS);
}
