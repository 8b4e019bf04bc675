/** How units are named on documents, derived from the domain `Unit`. */
import type { ChainLevel, Unit } from '../domain/types';
import { lowerFirst } from './format';

/** "Bộ phận Một cửa phường Sài Gòn": the ward's one-stop desk. */
export function deskName(ward: Unit): string {
  return `Bộ phận Một cửa ${lowerFirst(ward.name)}`;
}

/** Short name for tables: "UBND phường Sài Gòn", "Sở Xây dựng". */
export function unitShortName(unit: Unit): string {
  return unit.kind === 'WARD' ? `UBND ${lowerFirst(unit.name)}` : unit.name.normalize('NFC');
}

/** Full name for addresses: "Ủy ban nhân dân phường Sài Gòn", "Sở Xây dựng". */
export function unitFullName(unit: Unit): string {
  return unit.kind === 'WARD'
    ? `Ủy ban nhân dân ${lowerFirst(unit.name)}`
    : unit.name.normalize('NFC');
}

/** The unit that acts at one level of a procedure's chain. */
export function unitForLevel(level: ChainLevel, ward: Unit, department: Unit): Unit {
  return level === 'WARD' ? ward : department;
}
