/**
 * Sending the outbox: finds the due messages in the queue of unfinished ones (one read per pass),
 * claims each, hands it to the sender of its channel, and marks it SENT, or schedules a retry
 * with exponential backoff, or gives up (FAILED). Records and queue entries are read and written
 * by `_id` only (the lookups FerretDB answers from an index), and the dispatcher does not poll a
 * database that has nothing for it: it backs off while idle and is woken by enqueues in its own
 * process.
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
import mongoose from 'mongoose';
import { QUERY_OPTIONS, updateByIdIf } from '../../models/db';
import type { Logger } from '../../runtime/logger';
import {
  OutboxClaimModel,
  OutboxModel,
  OutboxQueueModel,
  type OutboxChannel,
  type OutboxDoc,
} from '../../models/outbox';
import { outboxEvents } from './outbox';
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
/** A wake-up waits this long, so that the messages of one event go in one pass. */
const WAKE_DELAY_MS = 20;

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

/** The time at which a record can next be claimed, or null when it is finished. */
function dueAt(doc: OutboxDoc): Date | null {
  if (doc.status === 'PENDING') return doc.nextAttemptAt;
  if (doc.status === 'SENDING') return doc.leaseUntil ?? doc.updatedAt;
  return null;
}

/** Keeps the queue entry of a record in step with it (by `_id`; removed once finished). */
async function requeue(id: OutboxDoc['_id'], due: Date | null): Promise<void> {
  if (due) await OutboxQueueModel.updateOne({ _id: id }, { $set: { due } });
  else await OutboxQueueModel.deleteOne({ _id: id });
}

/**
 * Claims the message of one queue entry for its next attempt, or returns null when it is not due
 * (the entry is moved to when it is), finished (the entry goes), or claimed by another dispatcher.
 */
async function claim(
  id: OutboxDoc['_id'],
  now: Date,
  leaseMs: number,
  owner: string,
): Promise<Claimed | null> {
  const doc = await OutboxModel.findById(id).lean<OutboxDoc>().exec();
  const due = doc ? dueAt(doc) : null;
  if (!doc || !due) {
    await requeue(id, null);
    return null;
  }
  if (due > now) {
    await requeue(id, due);
    return null;
  }
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
    return null; // another dispatcher owns this attempt
  }
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const taken = await updateByIdIf(
    OutboxModel,
    doc._id,
    {
      filter: { attempts: doc.attempts, status: doc.status },
      holds: (s: OutboxDoc | null) => !!s && s.attempts === doc.attempts && s.status === doc.status,
    },
    {
      $set: { status: 'SENDING', attempts: attempt, leaseUntil, claimedBy: owner, updatedAt: now },
    },
  );
  if (!taken) {
    // Changed meanwhile by a dispatcher whose lease had run out: give the unused claim back, so
    // that the attempt stays claimable if the message went back to PENDING.
    await OutboxClaimModel.deleteOne({ _id: claimId, claimedBy: owner });
    return null;
  }
  // Should this dispatcher die while sending, the message is due again when the lease ends.
  await requeue(doc._id, leaseUntil);
  return { doc, attempt };
}

/** Old claims are removed at most this often by one process (each removal reads every claim). */
const CLAIM_CLEANUP_EVERY_MS = 30_000;
let lastClaimCleanup: number | null = null;

async function removeOldClaims(now: Date, leaseMs: number): Promise<void> {
  const t = now.getTime();
  // (A clock that went back, as between tests, starts the schedule again.)
  if (
    lastClaimCleanup !== null &&
    t >= lastClaimCleanup &&
    t - lastClaimCleanup < CLAIM_CLEANUP_EVERY_MS
  ) {
    return;
  }
  lastClaimCleanup = t;
  await OutboxClaimModel.deleteMany({
    claimedAt: { $lt: new Date(t - claimRetentionMs(leaseMs)) },
  });
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

  await Promise.all([OutboxModel.init(), OutboxClaimModel.init(), OutboxQueueModel.init()]);
  await removeOldClaims(now, leaseMs);

  // The due part of the backlog, oldest first: one read for the whole pass.
  const due = await OutboxQueueModel.find(
    { channel: { $in: [...senders.keys()] }, due: { $lte: now } },
    { _id: 1 },
  )
    .sort({ due: 1, _id: 1 })
    .limit(batchSize * 2)
    .lean<Array<{ _id: OutboxDoc['_id'] }>>()
    .exec();

  for (const entry of due) {
    if (result.sent + result.failed >= batchSize) break;
    const claimed = await claim(entry._id, now, leaseMs, owner);
    if (!claimed) continue;
    const { doc, attempt } = claimed;
    const claimId = `${doc._id.toHexString()}#${attempt}`;
    const mine = {
      filter: { attempts: attempt, status: 'SENDING' },
      holds: (s: OutboxDoc | null) => !!s && s.attempts === attempt && s.status === 'SENDING',
    };
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
      const recorded = await updateByIdIf(OutboxModel, doc._id, mine, {
        $set: {
          status: 'SENT',
          sentAt: done,
          updatedAt: done,
          leaseUntil: null,
          lastError: null,
          providerMessageId: providerMessageId ?? null,
        },
      });
      if (!recorded) {
        options.logger?.warn(
          { id: doc._id.toHexString(), attempt },
          'outbox: lease ran out while sending; the message may go out twice',
        );
      } else {
        await requeue(doc._id, null);
      }
      result.sent++;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const giveUp = error instanceof PermanentSendError || attempt >= maxAttempts;
      const lastError = `${error.name}: ${error.message}`.slice(0, 1000);
      const nextAttemptAt = new Date(now.getTime() + backoffDelay(attempt, backoff));
      const recorded = await updateByIdIf(OutboxModel, doc._id, mine, {
        $set: giveUp
          ? { status: 'FAILED', leaseUntil: null, lastError, updatedAt: now }
          : { status: 'PENDING', leaseUntil: null, lastError, updatedAt: now, nextAttemptAt },
      });
      if (recorded) await requeue(doc._id, giveUp ? null : nextAttemptAt);
      result.failed++;
      if (giveUp) result.gaveUp++;
      options.logger?.warn(
        { id: doc._id.toHexString(), channel: doc.channel, attempt, giveUp, err: error.message },
        giveUp ? 'outbox: message failed for good' : 'outbox: send failed, will retry',
      );
    }
    // The attempt is over: its claim has done its work.
    await OutboxClaimModel.deleteOne({ _id: claimId });
  }
  return result;
}

/** When the next queued message (of any channel) is due, or null when none is queued. */
async function nextDue(): Promise<Date | null> {
  const next = await OutboxQueueModel.findOne({}, { due: 1 }).sort({ due: 1 }).lean().exec();
  return next?.due ?? null;
}

/**
 * Queue entries for unfinished messages written before the queue existed, once per database
 * (reads the whole outbox: at start only).
 */
export async function backfillOutboxQueue(): Promise<number> {
  const migrations = mongoose.connection.collection<{ _id: string; at: Date }>('migrations');
  if (await migrations.findOne({ _id: 'notification_queue' }, QUERY_OPTIONS)) return 0;
  let added = 0;
  const open = OutboxModel.find({ status: { $in: ['PENDING', 'SENDING'] } })
    .lean<OutboxDoc[]>()
    .cursor();
  for await (const doc of open) {
    const due = dueAt(doc);
    if (!due) continue;
    await OutboxQueueModel.collection
      .insertOne({ _id: doc._id, channel: doc.channel, due } as never, QUERY_OPTIONS)
      .then(() => added++)
      .catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
  }
  await migrations
    .insertOne({ _id: 'notification_queue', at: new Date() }, QUERY_OPTIONS)
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  return added;
}

export interface OutboxDispatcherOptions extends Omit<DispatchOptions, 'now' | 'logger'> {
  /** Pause after a pass that found nothing due; doubled after each idle pass, up to maxIntervalMs. */
  intervalMs: number;
  /** Longest pause when idle (default 30 s): another process's messages are found by then. */
  maxIntervalMs?: number;
  logger: Logger;
}

/**
 * Runs `dispatchOutbox` until stopped: again at once after a full batch; when idle, after
 * `intervalMs`, doubling up to `maxIntervalMs`, or at the next queued message's due time if that
 * is sooner; and at once (after a few milliseconds, to gather a burst) when this process queues
 * messages. `stop()` waits for the pass in flight.
 */
export function startOutboxDispatcher(options: OutboxDispatcherOptions): {
  stop(): Promise<void>;
} {
  const { intervalMs, maxIntervalMs = 30_000, logger, ...rest } = options;
  // Resolve the configured senders once (and fail at start on a bad configuration).
  const dispatch = { ...rest, senders: rest.senders ?? createSenders(loadNotifyConfig(), logger) };
  const batchSize = dispatch.batchSize ?? 50;
  const dispatcherId = dispatch.dispatcherId ?? defaultDispatcherId();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let idle = intervalMs;
  let woken = false;

  const pass = async (): Promise<void> => {
    woken = false;
    let delay = idle;
    try {
      const r = await dispatchOutbox({ ...dispatch, batchSize, dispatcherId, logger });
      if (r.sent || r.failed) logger.info(r, 'outbox dispatch pass');
      if (r.sent + r.failed >= batchSize) {
        delay = 0;
      } else {
        if (r.sent + r.failed > 0) idle = intervalMs;
        delay = idle;
        idle = Math.min(maxIntervalMs, idle * 2);
        const next = await nextDue();
        if (next) delay = Math.max(0, Math.min(delay, next.getTime() - Date.now()));
      }
    } catch (err) {
      logger.error({ err }, 'outbox dispatch pass failed');
    }
    if (!stopped) schedule(woken ? WAKE_DELAY_MS : delay);
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
  const wake = (): void => {
    idle = intervalMs;
    if (stopped) return;
    if (inFlight) {
      woken = true; // the pass in flight may have missed them: another right after it
      return;
    }
    if (timer) {
      clearTimeout(timer);
      schedule(WAKE_DELAY_MS);
    }
  };
  outboxEvents.on('enqueued', wake);

  void backfillOutboxQueue()
    .then((n) => n && logger.info({ messages: n }, 'outbox queue filled in'))
    .catch((err: unknown) => logger.warn({ err }, 'outbox queue backfill failed'))
    .finally(() => {
      if (!stopped) schedule(0);
    });
  logger.info({ intervalMs, maxIntervalMs, dispatcherId }, 'outbox dispatcher started');
  return {
    async stop() {
      stopped = true;
      outboxEvents.off('enqueued', wake);
      if (timer) clearTimeout(timer);
      timer = null;
      while (inFlight) await inFlight;
      logger.info({ dispatcherId }, 'outbox dispatcher stopped');
    },
  };
}
