/**
 * Officials: login identity, roles and unit, and their personal signing identity (certificate and
 * private key encrypted at rest under the KEK and their PIN; see signing/keystore.ts).
 */
import mongoose, { Schema } from 'mongoose';
import type { Actor, Role } from '../domain/types';
import { ROLES } from '../domain/types';

export interface SigningIdentity {
  certificatePem: string;
  chainPems: string[];
  /** signing/keystore EncryptedKeyRecord, stored as is (it holds no plaintext key). */
  keyRecord: Record<string, unknown>;
}

/**
 * How an official signs: the server-held key unlocked by their PIN (`signing`, the default), a
 * remote signing service where they confirm on their phone, or a token (USB, through a vendor's
 * plugin in the browser). The certificate of a remote credential or a token is kept here so that
 * a document can be prepared for it before anything is sent to the signer.
 */
export type SigningMethod =
  | { kind: 'SERVER_KEY' }
  | {
      kind: 'REMOTE';
      /** Id of a provider in SIGNING_PROVIDERS. */
      provider: string;
      credentialId: string;
      certificatePem: string;
      chainPems: string[];
    }
  | { kind: 'TOKEN'; certificatePem: string; chainPems: string[] };

export type SigningMethodKind = SigningMethod['kind'];

export interface OfficialDoc {
  _id: string;
  username: string;
  fullName: string;
  /** Position as printed under a signature, e.g. "Phó Chủ tịch UBND phường". */
  title: string;
  /** Short position for the signer block, e.g. "Phó Chủ tịch". */
  position: string;
  /** Signing-authority prefix, e.g. "KT. CHỦ TỊCH". */
  authorityPrefix: string | null;
  unitCode: string | null;
  roles: Role[];
  email: string | null;
  phone: string | null;
  /** scrypt hash, `scrypt$N$r$p$salt$hash`. */
  passwordHash: string;
  active: boolean;
  signing: SigningIdentity | null;
  /** How they sign (null: with the server-held key, when they have one). */
  signingMethod?: SigningMethod | null;
  /** Bumped on every change of the key record (PIN counter), for compare-and-set updates. */
  signingRevision: number;
  /** The image of their handwritten signature (PNG or JPEG) shown in their signature boxes. */
  signatureImage?: Buffer | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<OfficialDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true, unique: true },
    fullName: { type: String, required: true },
    title: { type: String, required: true },
    position: { type: String, required: true },
    authorityPrefix: { type: String, default: null },
    unitCode: { type: String, default: null, index: true },
    roles: { type: [String], enum: ROLES, required: true },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    passwordHash: { type: String, required: true },
    active: { type: Boolean, default: true },
    signing: { type: Schema.Types.Mixed, default: null },
    signingMethod: { type: Schema.Types.Mixed, default: null },
    signingRevision: { type: Number, default: 0 },
    signatureImage: { type: Buffer, default: null },
  },
  { timestamps: true, versionKey: false, collection: 'officials' },
);

export const OfficialModel = mongoose.model<OfficialDoc>('Official', schema);

/** The official's handwritten-signature image as bytes (a lean read gives BSON Binary). */
export function signatureImageOf(o: Pick<OfficialDoc, 'signatureImage'>): Uint8Array | undefined {
  const raw = o.signatureImage as unknown;
  if (!raw) return undefined;
  if (raw instanceof Uint8Array) return raw;
  const inner = (raw as { buffer?: unknown }).buffer;
  return inner instanceof Uint8Array ? inner : undefined;
}

/** The kind of signing an official uses now. */
export function signingMethodOf(
  o: Pick<OfficialDoc, 'signing' | 'signingMethod'>,
): SigningMethodKind | null {
  if (o.signingMethod) return o.signingMethod.kind;
  return o.signing ? 'SERVER_KEY' : null;
}

/** The official as the workflow sees them: no secrets. */
export function toActor(
  o: Pick<OfficialDoc, '_id' | 'username' | 'fullName' | 'title' | 'unitCode' | 'roles'>,
): Actor {
  return {
    id: o._id,
    username: o.username,
    fullName: o.fullName,
    title: o.title,
    unitCode: o.unitCode,
    roles: [...o.roles],
  };
}
