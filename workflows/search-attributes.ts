/**
 * The custom search attributes every case keeps current, so that Temporal's visibility (and its
 * Web UI) can answer "which cases are in WARD_APPROVAL and overdue?".
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const ProcedureCode = defineSearchAttributeKey('ProcedureCode', SearchAttributeType.KEYWORD);
export const UnitCode = defineSearchAttributeKey('UnitCode', SearchAttributeType.KEYWORD);
export const StageDueAt = defineSearchAttributeKey('StageDueAt', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);

/** Names and CLI types, for registering them on a server (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: ReadonlyArray<{
  name: string;
  cliType: 'Keyword' | 'Datetime' | 'Bool';
}> = [
  { name: CaseStage.name, cliType: 'Keyword' },
  { name: ProcedureCode.name, cliType: 'Keyword' },
  { name: UnitCode.name, cliType: 'Keyword' },
  { name: StageDueAt.name, cliType: 'Datetime' },
  { name: Overdue.name, cliType: 'Bool' },
];
