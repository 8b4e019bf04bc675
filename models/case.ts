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
  /** SHA-256 of the applicant's tracking token (how a request's token is checked). */
  trackingTokenHash: string | null;
  /** The token sealed under the KEK, for the applicant's links (activities/applications/tracking-token.ts). */
  trackingTokenSealed?: string | null;
  /** Codes of the required documents the applicant said are attached (filed online). */
  attachedDocumentCodes?: string[];
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
    trackingTokenSealed: { type: String, default: null },
    attachedDocumentCodes: { type: [String], default: undefined },
  },
  { strict: false, timestamps: true, versionKey: false, collection: 'cases', minimize: false },
);
// Supervision lists open cases by unit and deadline (MongoDB; FerretDB v1 scans either way).
schema.index({ stageUnitCode: 1, stage: 1, stageDueAt: 1 });

export const CaseModel = mongoose.model<CaseDoc>('Case', schema);

/**
 * One small document per case that is not closed yet, with what an inbox shows: the inbox reads
 * these instead of the full case documents (each holds the form, the procedure, the timeline and
 * the documents), and the collection holds the open cases only, so what a query reads does not
 * grow with every case ever filed. Written by the projection, in the same order (`version`).
 */
export interface OpenCaseDoc {
  _id: string;
  code: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string | null;
  stage: CaseState['stage'];
  stageUnitCode: string;
  stageDueAt: string | null;
  assignee: CaseState['assignee'];
  overdue: boolean;
  atRisk: boolean;
  version: number;
}

const openCaseSchema = new Schema<OpenCaseDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    procedureCode: { type: String, required: true },
    procedureName: { type: String, required: true },
    applicantName: { type: String, default: null },
    stage: { type: String, required: true },
    stageUnitCode: { type: String, required: true },
    stageDueAt: { type: String, default: null },
    assignee: { type: Schema.Types.Mixed, default: null },
    overdue: { type: Boolean, default: false },
    atRisk: { type: Boolean, default: false },
    version: { type: Number, required: true },
  },
  { versionKey: false, collection: 'open_cases', minimize: false },
);
openCaseSchema.index({ stageUnitCode: 1, stage: 1, stageDueAt: 1 });

export const OpenCaseModel = mongoose.model<OpenCaseDoc>('OpenCase', openCaseSchema);

/** The procedure snapshot of a case. */
export function procedureOf(doc: Pick<CaseDoc, 'procedure'>): Procedure {
  return JSON.parse(doc.procedure) as Procedure;
}
