/**
 * Signed electronic applications between the two steps of API.md ("prepare", then "submit"):
 *
 * - `applications`: one document per prepared application — the normalised input, the signing
 *   state of `signing/` (the prepared PDF; its first `formPdfLength` bytes are the unsigned form,
 *   since signing only appends), its expiry, and, once submitted, the dossier code.
 * - `application_submissions`: the record of one submission, `_id` = application id, holding its
 *   dossier code. Inserting it is the one atomic step (FerretDB v1 runs updates as a read then a
 *   write, so a conditional update cannot arbitrate between two requests): the first request
 *   whose signature verifies is the submission, and every later step is keyed by its code.
 * - `idempotency_keys`: `Idempotency-Key` → hash of the request it was first used with.
 *
 * No TTL indexes: `deleteExpiredApplications` sweeps.
 */
import mongoose, { Schema } from 'mongoose';

export type ApplicationStatus = 'PREPARED' | 'SUBMITTED';

export interface ApplicationDoc {
  /** Random, URL-safe (base64url of 16 bytes). */
  _id: string;
  status: ApplicationStatus;
  procedureCode: string;
  wardCode: string;
  /**
   * The normalised request without the certificate, as JSON text (form keys come from the
   * procedure's schema, which may allow keys MongoDB does not take as field names).
   */
  input: string;
  /** `SigningState` of signing/ (JSON), kept until the submission completes. */
  signingState: Record<string, unknown> | null;
  /** Length of the unsigned form: the prefix of `signingState.pdf`. */
  formPdfLength: number;
  /** Title of the rendered form, e.g. "Đơn đề nghị cấp giấy phép xây dựng". */
  formTitle: string;
  /** The signer as the certificate names them. */
  signer: { name: string; idNumber: string; certificateSha256: string };
  signingTime: Date;
  expiresAt: Date;
  /** Dossier code, once submitted. */
  code: string | null;
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const applicationSchema = new Schema<ApplicationDoc>(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: ['PREPARED', 'SUBMITTED'] },
    procedureCode: { type: String, required: true },
    wardCode: { type: String, required: true },
    input: { type: String, required: true },
    signingState: { type: Schema.Types.Mixed, default: null },
    formPdfLength: { type: Number, required: true },
    formTitle: { type: String, required: true },
    signer: { type: Schema.Types.Mixed, required: true },
    signingTime: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    code: { type: String, default: null },
    submittedAt: { type: Date, default: null },
  },
  {
    timestamps: true,
    versionKey: false,
    collection: 'applications',
    minimize: false,
  },
);
applicationSchema.index({ status: 1, expiresAt: 1 });

export const ApplicationModel = mongoose.model<ApplicationDoc>('Application', applicationSchema);

/** A submission: the request whose signature verified first, and its dossier code. */
export interface ApplicationSubmissionDoc {
  /** The application id: one submission per application. */
  _id: string;
  /** SHA-256 (hex) of application id, signature value and attachments. */
  requestHash: string;
  idempotencyKey: string | null;
  /** Reception time: the date part of the code and the start of the deadlines. */
  receivedAt: Date;
  /** Provisional appointment (ISO 8601, +07:00). */
  dueAt: string;
  /** Random salt of the tracking token (base64url); the token itself is never stored. */
  tokenSalt: string;
  /** The dossier code: the case's id, its workflow's id, and its documents' case. */
  code: string;
  createdAt: Date;
  updatedAt: Date;
}

const submissionSchema = new Schema<ApplicationSubmissionDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    idempotencyKey: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    dueAt: { type: String, required: true },
    tokenSalt: { type: String, required: true },
    code: { type: String, required: true },
  },
  { timestamps: true, versionKey: false, collection: 'application_submissions' },
);

export const ApplicationSubmissionModel = mongoose.model<ApplicationSubmissionDoc>(
  'ApplicationSubmission',
  submissionSchema,
);

/** An `Idempotency-Key` of the submit endpoint and the request it was first used with. */
export interface IdempotencyRecordDoc {
  /** `submit:<key>`. */
  _id: string;
  requestHash: string;
  applicationId: string;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyRecordDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    applicationId: { type: String, required: true },
    createdAt: { type: Date, default: () => new Date(), index: true },
  },
  { versionKey: false, collection: 'idempotency_keys' },
);

export const IdempotencyRecordModel = mongoose.model<IdempotencyRecordDoc>(
  'IdempotencyRecord',
  idempotencySchema,
);
