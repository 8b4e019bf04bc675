/**
 * Sending the outbox: claims due messages one at a time, hands each to the sender of its channel,
 * and marks it SENT, or schedules a retry with exponential backoff, or gives up (FAILED).
 *
 * Claiming without transactions, on MongoDB and on FerretDB v1 alike. FerretDB v1 runs
 * `findAndModify`/`update` as a query followed by a write by `_id`, so a conditional update is
 * not a safe compare-and-set there. A claim is therefore fenced by an insert: the dispatcher that
 * inserts `<message id>#<attempt>` into the claims collection (unique `_id`) owns that attempt,
 * any other gets a duplicate-key error and moves on; the winner then moves the record to SENDING
 * with a lease. A SENDING record whose lease has run out (its dispatcher died) is claimable again
 * as the next attempt. Delivery is at least once: a dispatcher that dies after the gateway
 * accepted a message but before recording it sends it again after the lease; the webhook passes
 * the outbox key as `Idempotency-Key` so that the gateway can drop the repeat.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../../runtime/logger';
import {
  OutboxClaimModel,
  OutboxModel,
  type OutboxChannel,
  type OutboxDoc,
  type OutboxStatus,
} from '../../models/outbox';
import {
  createSenders,
  loadNotifyConfig,
  PermanentSendError,
  type OutboxMessage,
  type Sender,
} from './senders';

export interface DispatchOptions {
  /** One per channel; default: as configured by NOTIFY_SENDER (see senders.ts). */
  senders?: readonly Sender[];
  /** Messages claimed in one pass at most (default 50). */
  batchSize?: number;
  /** The time of this pass (default: now). */
  now?: Date;
  /** How long a claim lasts before another dispatcher may take the message (default 5 min). */
  leaseMs?: number;
  /** Attempts before a message is FAILED for good (default 8). */
  maxAttempts?: number;
  /** Delay before attempt n+1 = min(baseMs · 2^(n-1), maxMs) (default 1 min, 6 h). */
  backoff?: { baseMs: number; maxMs: number };
  /** Names this dispatcher in claims and logs (default host:pid:random). */
  dispatcherId?: string;
  logger?: Logger;
}

export interface DispatchResult {
  sent: number;
  /** Attempts that failed in this pass (retried later or given up). */
  failed: number;
  /** Of those, messages marked FAILED for good. */
  gaveUp: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BACKOFF = { baseMs: 60_000, maxMs: 6 * 3600_000 };
const DEFAULT_LEASE_MS = 5 * 60_000;
/**
 * A claim only has to outlive the moment between another dispatcher's read of the message and its
 * claim insert (milliseconds); after twice the lease its attempt is over or claimable anyway. Old
 * claims are removed, which also frees a message whose dispatcher died between claim and update.
 */
const claimRetentionMs = (leaseMs: number): number => Math.max(2 * leaseMs, 60_000);

/** Delay before the next attempt after `attempts` failed ones. */
export function backoffDelay(attempts: number, backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.baseMs * 2 ** Math.max(0, attempts - 1), backoff.maxMs);
}

const defaultDispatcherId = (): string =>
  `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

const isDuplicateKey = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;

interface Claimed {
  doc: OutboxDoc;
  attempt: number;
}

/** Claims the next due message for one of `channels`, or returns null when none is left. */
async function claimNext(
  channels: OutboxChannel[],
  now: Date,
  leaseMs: number,
  owner: string,
  skip: OutboxDoc['_id'][],
): Promise<Claimed | null> {
  for (;;) {
    const doc = await OutboxModel.findOne({
      channel: { $in: channels },
      ...(skip.length ? { _id: { $nin: skip } } : {}),
      $or: [
        { status: 'PENDING', nextAttemptAt: { $lte: now } },
        { status: 'SENDING', leaseUntil: { $lte: now } },
      ],
    })
      .sort({ nextAttemptAt: 1, _id: 1 })
      .lean<OutboxDoc>()
      .exec();
    if (!doc) return null;
    const attempt = doc.attempts + 1;
    const claimId = `${doc._id.toHexString()}#${attempt}`;
    try {
      await OutboxClaimModel.create({
        _id: claimId,
        outboxId: doc._id,
        attempt,
        claimedBy: owner,
        claimedAt: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      skip.push(doc._id); // another dispatcher owns this attempt
      continue;
    }
    const res = await OutboxModel.updateOne(
      { _id: doc._id, attempts: doc.attempts, status: doc.status as OutboxStatus },
      {
        $set: {
          status: 'SENDING',
          attempts: attempt,
          leaseUntil: new Date(now.getTime() + leaseMs),
          claimedBy: owner,
          updatedAt: now,
        },
      },
    );
    if (res.matchedCount === 0) {
      // Changed meanwhile by a dispatcher whose lease had run out: give the unused claim back, so
      // that the attempt stays claimable if the message went back to PENDING.
      await OutboxClaimModel.deleteOne({ _id: claimId, claimedBy: owner });
      skip.push(doc._id);
      continue;
    }
    return { doc, attempt };
  }
}

/** One pass over the due messages. */
export async function dispatchOutbox(options: DispatchOptions): Promise<DispatchResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const owner = options.dispatcherId ?? defaultDispatcherId();
  const senders = new Map<OutboxChannel, Sender>();
  const list = options.senders ?? createSenders(loadNotifyConfig(), options.logger);
  for (const s of list) if (!senders.has(s.channel)) senders.set(s.channel, s);
  const result: DispatchResult = { sent: 0, failed: 0, gaveUp: 0 };
  if (senders.size === 0) return result;

  await Promise.all([OutboxModel.init(), OutboxClaimModel.init()]);
  await OutboxClaimModel.deleteMany({
    claimedAt: { $lt: new Date(now.getTime() - claimRetentionMs(leaseMs)) },
  });

  const skip: OutboxDoc['_id'][] = [];
  for (let i = 0; i < batchSize; i++) {
    const claimed = await claimNext([...senders.keys()], now, leaseMs, owner, skip);
    if (!claimed) break;
    const { doc, attempt } = claimed;
    skip.push(doc._id);
    const mine = { _id: doc._id, attempts: attempt, status: 'SENDING' as const };
    const message: OutboxMessage = {
      id: doc._id.toHexString(),
      key: doc.key,
      caseCode: doc.caseCode,
      event: doc.event,
      channel: doc.channel,
      to: doc.to,
      subject: doc.subject,
      body: doc.body,
      attempt,
    };
    try {
      if (attempt > maxAttempts) {
        // Only a message whose last allowed attempt died with its dispatcher gets here.
        throw new PermanentSendError('the last attempt did not finish (lease ran out)');
      }
      const sender = senders.get(doc.channel) as Sender;
      const { providerMessageId } = await sender.send(message);
      const done = new Date();
      const res = await OutboxModel.updateOne(mine, {
        $set: {
          status: 'SENT',
          sentAt: done,
          updatedAt: done,
          leaseUntil: null,
          lastError: null,
          providerMessageId: providerMessageId ?? null,
        },
      });
      if (res.matchedCount === 0) {
        options.logger?.warn(
          { id: doc._id.toHexString(), attempt },
          'outbox: lease ran out while sending; the message may go out twice',
        );
      }
      result.sent++;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const giveUp = error instanceof PermanentSendError || attempt >= maxAttempts;
      const lastError = `${error.name}: ${error.message}`.slice(0, 1000);
      await OutboxModel.updateOne(mine, {
        $set: giveUp
          ? { status: 'FAILED', leaseUntil: null, lastError, updatedAt: now }
          : {
              status: 'PENDING',
              leaseUntil: null,
              lastError,
              updatedAt: now,
              nextAttemptAt: new Date(now.getTime() + backoffDelay(attempt, backoff)),
            },
      });
      result.failed++;
      if (giveUp) result.gaveUp++;
      options.logger?.warn(
        { id: doc._id.toHexString(), channel: doc.channel, attempt, giveUp, err: error.message },
        giveUp ? 'outbox: message failed for good' : 'outbox: send failed, will retry',
      );
    }
  }
  return result;
}

export interface OutboxDispatcherOptions extends Omit<DispatchOptions, 'now' | 'logger'> {
  /** Pause between passes when the last one found nothing more to do. */
  intervalMs: number;
  logger: Logger;
}

/**
 * Runs `dispatchOutbox` until stopped: again at once after a full batch, otherwise after
 * `intervalMs`. `stop()` waits for the pass in flight.
 */
export function startOutboxDispatcher(options: OutboxDispatcherOptions): {
  stop(): Promise<void>;
} {
  const { intervalMs, logger, ...rest } = options;
  // Resolve the configured senders once (and fail at start on a bad configuration).
  const dispatch = { ...rest, senders: rest.senders ?? createSenders(loadNotifyConfig(), logger) };
  const batchSize = dispatch.batchSize ?? 50;
  const dispatcherId = dispatch.dispatcherId ?? defaultDispatcherId();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;

  const pass = async (): Promise<void> => {
    let delay = intervalMs;
    try {
      const r = await dispatchOutbox({ ...dispatch, batchSize, dispatcherId, logger });
      if (r.sent || r.failed) logger.info(r, 'outbox dispatch pass');
      if (r.sent + r.failed >= batchSize) delay = 0;
    } catch (err) {
      logger.error({ err }, 'outbox dispatch pass failed');
    }
    if (!stopped) schedule(delay);
  };
  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      timer = null;
      inFlight = pass().finally(() => {
        inFlight = null;
      });
    }, delay);
    timer.unref();
  };

  schedule(0);
  logger.info({ intervalMs, dispatcherId }, 'outbox dispatcher started');
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      while (inFlight) await inFlight;
      logger.info({ dispatcherId }, 'outbox dispatcher stopped');
    },
  };
}
