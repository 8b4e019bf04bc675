/**
 * The notification outbox: one record per e-mail or SMS, written by the case activities and sent
 * by its own Temporal workflow (workflows/notification-delivery.ts), which keeps the record's
 * status, attempts and last error.
 *
 * `key` is unique and deterministic (`<caseCode>#<timeline seq>#<event>#<channel>#<address>`), and
 * so is the record's `_id` (`outboxIdFor(key)`), so a retried activity cannot queue a message
 * twice and finds its record by `_id`. `OutboxQueueModel` lists the messages whose delivery
 * workflow is not known to be started (a start that failed, or messages of an older version): one
 * small entry each, removed once the workflow is started, so that the sweep that starts them reads
 * that short list, not every message ever sent.
 */
import crypto from 'node:crypto';
import mongoose, { Schema, Types } from 'mongoose';
import type { NotificationEvent } from '../activities/types';

export type OutboxChannel = 'EMAIL' | 'SMS';
export const OUTBOX_CHANNELS: readonly OutboxChannel[] = ['EMAIL', 'SMS'] as const;

/** SENDING = an attempt is under way (or died: Temporal retries it); SENT and FAILED are final. */
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
  /** Attempts started (an attempt whose worker died counts too). */
  attempts: number;
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
    lastError: { type: String, default: null },
    providerMessageId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'notification_outbox' },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ caseCode: 1, entrySeq: 1 });

export const OutboxModel = mongoose.model<OutboxDoc>('OutboxMessage', schema);

/** The record id of the message with this key (12 bytes of its SHA-256: an ObjectId's size). */
export function outboxIdFor(key: string): Types.ObjectId {
  return new Types.ObjectId(
    crypto.createHash('sha256').update(key, 'utf8').digest().subarray(0, 12),
  );
}

/** A message whose delivery workflow is not known to be started; `_id` = the record's. */
export interface OutboxQueueDoc {
  _id: Types.ObjectId;
}

const queueSchema = new Schema<OutboxQueueDoc>(
  { _id: { type: Schema.Types.ObjectId, required: true } },
  // Entries of older versions also carry `channel` and `due`; nothing reads them.
  { versionKey: false, collection: 'notification_queue' },
);

export const OutboxQueueModel = mongoose.model<OutboxQueueDoc>('OutboxQueueEntry', queueSchema);
