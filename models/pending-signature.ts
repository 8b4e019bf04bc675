/**
 * A signature awaited from a person (a remote signing service confirmed on a phone, a token in a
 * browser), one document per case and step: what was prepared (the PDFs with their placeholders,
 * so that the digests the signer confirms never change), the adapter's ticket, and where it
 * stands. A retried activity finds it and resumes the same transaction instead of starting a
 * second one. Holds no secret: the prepared PDFs and digests are what the signer is shown.
 */
import mongoose, { Schema } from 'mongoose';

export type PendingStatus =
  /** Prepared; the signer has not been asked yet (or the answer was lost in a crash). */
  | 'STARTING'
  | 'PENDING'
  | 'SIGNED'
  | 'REFUSED'
  | 'EXPIRED'
  | 'CANCELLED'
  /** The documents are signed and stored. */
  | 'COMPLETED';

export interface PendingJobDoc {
  kind: 'row' | 'issue';
  /** The workflow's job (control-sheet row or document to issue), as given. */
  job: Record<string, unknown>;
  /** signing/ SigningState of the official's signature. */
  state: Record<string, unknown>;
  /** Base64 DER signed attributes. */
  toBeSigned: string;
}

export interface PendingSignatureDoc {
  /** `<case code>/<key>`. */
  _id: string;
  caseCode: string;
  key: string;
  officialId: string;
  method: 'REMOTE' | 'TOKEN';
  status: PendingStatus;
  jobs: PendingJobDoc[];
  ticket: Record<string, unknown> | null;
  expiresAt: Date | null;
  /** Base64 signature values once the signer gave them. */
  signatures: string[] | null;
  /** What a client device sent (two-step protocol), before it is checked by the poll. */
  clientSignatures: string[] | null;
  message: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<PendingSignatureDoc>(
  {
    _id: { type: String, required: true },
    caseCode: { type: String, required: true, index: true },
    key: { type: String, required: true },
    officialId: { type: String, required: true },
    method: { type: String, required: true },
    status: { type: String, required: true },
    jobs: { type: Schema.Types.Mixed, default: [] },
    ticket: { type: Schema.Types.Mixed, default: null },
    expiresAt: { type: Date, default: null },
    signatures: { type: [String], default: null },
    clientSignatures: { type: [String], default: null },
    message: { type: String, default: null },
  },
  { timestamps: true, versionKey: false, collection: 'pending_signatures', minimize: false },
);

export const PendingSignatureModel = mongoose.model<PendingSignatureDoc>(
  'PendingSignature',
  schema,
);
