/**
 * The read model of a case: one document per dossier, a projection of the workflow's state
 * (Temporal stays the source of truth for where a case is). Written only by the case activities,
 * idempotently and in order: each write carries the timeline position it reflects, and a write
 * older than what is stored changes nothing.
 */
import mongoose, { Schema } from 'mongoose';
import type { Applicant, Procedure, Unit } from '../domain/types';
import type { CaseState } from '../workflows/state';

export interface CaseDoc extends CaseState {
  _id: string;
  form: Record<string, unknown>;
  /**
   * The procedure as it was when the case started, as JSON text: its form schema has keys such
   * as "$schema" that MongoDB does not accept as field names. Read it with `procedureOf`.
   */
  procedure: string;
  ward: Unit;
  department: Unit;
  /** Position in the timeline the stored state reflects. */
  version: number;
  /** SHA-256 of the applicant's tracking token (the token itself is never stored). */
  trackingTokenHash: string | null;
  applicant: Applicant;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<CaseDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    procedureCode: { type: String, index: true },
    wardCode: { type: String, index: true },
    departmentCode: { type: String, index: true },
    stage: { type: String, index: true },
    stageUnitCode: { type: String, index: true },
    overdue: { type: Boolean, index: true },
    submittedAt: { type: String, index: true },
    version: { type: Number, required: true, default: 0 },
    trackingTokenHash: { type: String, default: null },
  },
  { strict: false, timestamps: true, versionKey: false, collection: 'cases', minimize: false },
);

export const CaseModel = mongoose.model<CaseDoc>('Case', schema);

/** The procedure snapshot of a case. */
export function procedureOf(doc: Pick<CaseDoc, 'procedure'>): Procedure {
  return JSON.parse(doc.procedure) as Procedure;
}
