/**
 * Server-side signing material: the deployment's PKI (CA keys encrypted under the KEK), the
 * organisation seals of the units, and one-time signing grants.
 */
import mongoose, { Schema } from 'mongoose';
import type { SigningIdentity } from './official';

/** The PKI state of signing/ (certificates, CA keys encrypted, revocations), one document. */
export interface PkiDoc {
  _id: string;
  state: Record<string, unknown>;
  revision: number;
  updatedAt: Date;
}

export const PkiModel = mongoose.model<PkiDoc>(
  'Pki',
  new Schema<PkiDoc>(
    {
      _id: { type: String, required: true },
      state: { type: Schema.Types.Mixed, required: true },
      revision: { type: Number, default: 0 },
    },
    { timestamps: true, versionKey: false, collection: 'pki', minimize: false },
  ),
);

export const PKI_ID = 'deployment';

/** The `_id` of a unit's seal: every hot lookup is by `_id` (FerretDB scans on other fields). */
export function sealIdOf(unitCode: string): string {
  return `seal-${unitCode}`;
}

/** A unit's organisation seal: its certificate and key (unlocked with the KEK only). */
export interface SealDoc extends SigningIdentity {
  _id: string;
  unitCode: string;
  name: string;
}

export const SealModel = mongoose.model<SealDoc>(
  'Seal',
  new Schema<SealDoc>(
    {
      _id: { type: String, required: true },
      unitCode: { type: String, required: true, unique: true },
      name: { type: String, required: true },
      certificatePem: { type: String, required: true },
      chainPems: { type: [String], default: [] },
      keyRecord: { type: Schema.Types.Mixed, required: true },
    },
    { timestamps: true, versionKey: false, collection: 'seals', minimize: false },
  ),
);

/**
 * A one-time grant to use an official's key for one action on one case. The API creates it after
 * checking the PIN; the document activity redeems it. It holds the PIN encrypted under a key
 * derived from the server's KEK and the grant token, which only the workflow history carries:
 * neither the database nor the history alone gives the PIN. Expired grants are deleted.
 */
export interface SigningGrantDoc {
  _id: string;
  officialId: string;
  caseCode: string;
  sealedPin: string;
  expiresAt: Date;
  createdAt: Date;
}

const grantSchema = new Schema<SigningGrantDoc>(
  {
    _id: { type: String, required: true },
    officialId: { type: String, required: true },
    caseCode: { type: String, required: true },
    sealedPin: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  {
    timestamps: { createdAt: true, updatedAt: false },
    versionKey: false,
    collection: 'signing_grants',
  },
);

export const SigningGrantModel = mongoose.model<SigningGrantDoc>('SigningGrant', grantSchema);

/**
 * The uses of a signing grant: an action signs at most one row of the control sheet and one
 * document with the official's key, so a grant has one use of each kind. `_id` =
 * `{grant id}#{kind}`, claimed by a unique insert (atomic on FerretDB too); `key` names the step
 * that claimed it, so that a retry of that step finds its own use again.
 */
export interface SigningGrantUseDoc {
  _id: string;
  key: string;
  expiresAt: Date;
}

export const SigningGrantUseModel = mongoose.model<SigningGrantUseDoc>(
  'SigningGrantUse',
  new Schema<SigningGrantUseDoc>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true },
      expiresAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'signing_grant_uses' },
  ),
);
