/**
 * One attempt at one message of the outbox, the activity of the notification delivery workflow
 * (workflows/notification-delivery.ts), which Temporal retries with back-off: the record is read
 * and written by `_id` only, handed to the sender of its channel, and marked SENT; a failed attempt
 * leaves its error on the record and is thrown for Temporal to retry, or not (PermanentSendError).
 * When the workflow gives up, `recordNotificationFailure` marks the record FAILED.
 *
 * Delivery is at least once: a worker that dies after the gateway accepted a message but before
 * the record says SENT sends it again on the next attempt; the webhook passes the outbox key as
 * `Idempotency-Key` so that the gateway can drop the repeat.
 */
import { Types } from 'mongoose';
import {
  OutboxModel,
  type OutboxChannel,
  type OutboxDoc,
  type OutboxStatus,
} from '../../models/outbox';
import { PermanentSendError, type OutboxMessage, type Sender } from './senders';

const errorText = (err: unknown): string =>
  (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 1000);

const set = (id: Types.ObjectId, fields: Partial<OutboxDoc>) =>
  OutboxModel.updateOne({ _id: id }, { $set: { ...fields, updatedAt: new Date() } });

export function notificationActivities(deps: { senders: readonly Sender[] }) {
  const senders = new Map<OutboxChannel, Sender>();
  for (const s of deps.senders) if (!senders.has(s.channel)) senders.set(s.channel, s);

  return {
    /**
     * Sends the message with record id `id` (hex) unless it is finished already; returns its
     * status then, or null when there is no such record.
     */
    async deliverNotification(id: string): Promise<OutboxStatus | null> {
      const _id = new Types.ObjectId(id);
      const doc = await OutboxModel.findById(_id).lean<OutboxDoc>().exec();
      if (!doc) return null;
      if (doc.status === 'SENT' || doc.status === 'FAILED') return doc.status;
      const sender = senders.get(doc.channel);
      if (!sender) throw new PermanentSendError(`no sender for ${doc.channel}`);
      // Counted before sending, so that an attempt whose worker dies counts too.
      const attempt = doc.attempts + 1;
      await set(_id, { status: 'SENDING', attempts: attempt });
      const message: OutboxMessage = {
        id,
        key: doc.key,
        caseCode: doc.caseCode,
        event: doc.event,
        channel: doc.channel,
        to: doc.to,
        subject: doc.subject,
        body: doc.body,
        attempt,
      };
      let providerMessageId: string | undefined;
      try {
        ({ providerMessageId } = await sender.send(message));
      } catch (err) {
        await set(_id, { status: 'PENDING', lastError: errorText(err) });
        throw err;
      }
      await set(_id, {
        status: 'SENT',
        sentAt: new Date(),
        lastError: null,
        providerMessageId: providerMessageId ?? null,
      });
      return 'SENT';
    },

    /** The workflow gave up: FAILED, with `reason` (or the last attempt's error when null). */
    async recordNotificationFailure(id: string, reason: string | null): Promise<void> {
      const _id = new Types.ObjectId(id);
      const doc = await OutboxModel.findById(_id, { status: 1 }).lean<OutboxDoc>().exec();
      if (!doc || doc.status === 'SENT') return;
      await set(_id, { status: 'FAILED', ...(reason ? { lastError: reason.slice(0, 1000) } : {}) });
    },
  };
}

export type NotificationActivities = ReturnType<typeof notificationActivities>;
