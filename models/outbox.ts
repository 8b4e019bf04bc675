/**
 * The notification outbox: one record per e-mail or SMS, written by the case activities and sent
 * later by the dispatcher (activities/notifications/dispatcher.ts).
 *
 * `key` is unique and deterministic (`<caseCode>#<timeline seq>#<event>#<channel>#<address>`), and
 * so is the record's `_id` (`outboxIdFor(key)`), so a retried activity cannot queue a message
 * twice and finds its record by `_id`. What is still to send is listed in `OutboxQueueModel`, one
 * small entry per unfinished message, so that finding the next due message reads the backlog, not
 * every message ever sent. Claims are fenced by `OutboxClaimModel`: a claim is an insert of
 * `<outbox id>#<attempt>`, and only one dispatcher's insert can succeed.
 */
import crypto from 'node:crypto';
import mongoose, { Schema, Types } from 'mongoose';
import type { NotificationEvent } from '../activities/types';

export type OutboxChannel = 'EMAIL' | 'SMS';
export const OUTBOX_CHANNELS: readonly OutboxChannel[] = ['EMAIL', 'SMS'] as const;

/** SENDING = claimed by a dispatcher until `leaseUntil`; after that it may be claimed again. */
export type OutboxStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['PENDING', 'SENDING', 'SENT', 'FAILED'];

export type OutboxAudience = 'APPLICANT' | 'OFFICIAL';

/** What a message is about: an event of one case, or the supervisors' morning digest. */
export type OutboxEvent = NotificationEvent | 'SUPERVISION_DIGEST';

export interface OutboxDoc {
  _id: Types.ObjectId;
  key: string;
  caseCode: string;
  /** The timeline entry the message belongs to. */
  entrySeq: number;
  event: OutboxEvent;
  audience: OutboxAudience;
  channel: OutboxChannel;
  /** E-mail address (lower case) or phone number (digits, optional leading +). */
  to: string;
  /** E-mail subject; null for SMS. */
  subject: string | null;
  body: string;
  status: OutboxStatus;
  /** Attempts started (a claim counts as an attempt, so a crashed sender still counts). */
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  claimedBy: string | null;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

const schema = new Schema<OutboxDoc>(
  {
    key: { type: String, required: true },
    caseCode: { type: String, required: true },
    entrySeq: { type: Number, required: true },
    event: { type: String, required: true },
    audience: { type: String, enum: ['APPLICANT', 'OFFICIAL'], required: true },
    channel: { type: String, enum: OUTBOX_CHANNELS, required: true },
    to: { type: String, required: true },
    subject: { type: String, default: null },
    body: { type: String, required: true },
    status: { type: String, enum: OUTBOX_STATUSES, required: true, default: 'PENDING' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    claimedBy: { type: String, default: null },
    lastError: { type: String, default: null },
    providerMessageId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'notification_outbox' },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ status: 1, nextAttemptAt: 1 });
schema.index({ caseCode: 1, entrySeq: 1 });

export const OutboxModel = mongoose.model<OutboxDoc>('OutboxMessage', schema);

/** The record id of the message with this key (12 bytes of its SHA-256: an ObjectId's size). */
export function outboxIdFor(key: string): Types.ObjectId {
  return new Types.ObjectId(
    crypto.createHash('sha256').update(key, 'utf8').digest().subarray(0, 12),
  );
}

/**
 * A message still to send: when it is due next (its `nextAttemptAt`, or the end of the lease of
 * the attempt in flight). A hint the dispatcher checks against the record, which is the truth;
 * removed once the message is SENT or FAILED.
 */
export interface OutboxQueueDoc {
  _id: Types.ObjectId;
  channel: OutboxChannel;
  due: Date;
}

const queueSchema = new Schema<OutboxQueueDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    channel: { type: String, enum: OUTBOX_CHANNELS, required: true },
    due: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notification_queue' },
);
queueSchema.index({ due: 1 });

export const OutboxQueueModel = mongoose.model<OutboxQueueDoc>('OutboxQueueEntry', queueSchema);

/** One claim of one attempt of one message; `_id` = `<outbox id>#<attempt>`. */
export interface OutboxClaimDoc {
  _id: string;
  outboxId: Types.ObjectId;
  attempt: number;
  claimedBy: string;
  claimedAt: Date;
}

const claimSchema = new Schema<OutboxClaimDoc>(
  {
    _id: { type: String, required: true },
    outboxId: { type: Schema.Types.ObjectId, required: true },
    attempt: { type: Number, required: true },
    claimedBy: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notification_outbox_claims' },
);
claimSchema.index({ claimedAt: 1 });

export const OutboxClaimModel = mongoose.model<OutboxClaimDoc>('OutboxClaim', claimSchema);
