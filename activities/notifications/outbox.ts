/**
 * Writing the outbox: resolves who receives a case event, composes the texts and stores one record
 * per address and channel, with its entry in the queue of messages to send. Idempotent: every
 * record has a deterministic unique key `<caseCode>#<entry.seq>#<event>#<channel>#<address>` (and
 * `_id` derived from it), and a record that exists is left as it is, so a retried activity never
 * queues a message twice. Each message is then sent by a workflow of its own (delivery-start.ts).
 */
import { QUERY_OPTIONS, isDuplicateKey } from '../../models/db';
import { loadConfig } from '../../runtime/config';
import { createLogger, type Logger } from '../../runtime/logger';
import { CaseModel } from '../../models/case';
import { OfficialModel } from '../../models/official';
import { parseKek } from '../../signing';
import { openTrackingToken } from '../applications/tracking-token';
import {
  outboxIdFor,
  OutboxModel,
  OutboxQueueModel,
  type OutboxAudience,
  type OutboxChannel,
  type OutboxDoc,
} from '../../models/outbox';
import type { Role } from '../../domain/types';
import type { CaseState, TimelineEntry } from '../../workflows/state';
import type { NotificationEvent, NotificationRequest, Recipient } from '../types';
import { composeNotification } from './compose';
import { startDeliveries, type Deliveries } from './delivery-start';

export interface EnqueueInput {
  caseState: CaseState;
  entry: TimelineEntry;
  requests: NotificationRequest[];
  /** Base of the applicant's tracking link; defaults to `loadConfig().publicBaseUrl`. */
  publicBaseUrl?: string;
  /** When the records are created; defaults to now. */
  now?: Date;
  /** Opens the applicant's sealed tracking token; defaults to the configured KEK. */
  kek?: Buffer;
  /**
   * Where the messages' delivery workflows start (an activity: `deliveriesOfActivity()`); null
   * leaves them queued for the `notification-deliveries` job.
   */
  deliveries: Deliveries | null;
}

/** The applicant's tracking token, for their links; null for a case not filed online. */
async function applicantToken(code: string, kek: Buffer): Promise<string | null> {
  const doc = await CaseModel.findById(code, { trackingTokenSealed: 1 }).lean<{
    trackingTokenSealed?: string | null;
  }>();
  return doc?.trackingTokenSealed ? openTrackingToken(kek, code, doc.trackingTokenSealed) : null;
}

/** One address of one recipient. */
export interface ResolvedAddress {
  audience: OutboxAudience;
  channel: OutboxChannel;
  to: string;
  name: string | null;
}

let defaultLogger: Logger | undefined;
const log = (): Logger => (defaultLogger ??= createLogger('notifications'));

/** Lower-case e-mail address, or null when it does not look like one. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const e = raw?.trim().toLowerCase();
  return e && /^[^\s@#]+@[^\s@#]+\.[^\s@#]+$/.test(e) ? e : null;
}

/** Digits with an optional leading "+", or null when it is not a phone number. */
export function normalizePhone(raw: string | null | undefined): string | null {
  const p = raw?.trim().replace(/[\s.()-]/g, '');
  return p && /^\+?\d{8,15}$/.test(p) ? p : null;
}

function addressesOf(
  audience: OutboxAudience,
  person: { email?: string | null; phone?: string | null; name: string | null },
): ResolvedAddress[] {
  const out: ResolvedAddress[] = [];
  const email = normalizeEmail(person.email);
  const phone = normalizePhone(person.phone);
  if (email) out.push({ audience, channel: 'EMAIL', to: email, name: person.name });
  if (phone) out.push({ audience, channel: 'SMS', to: phone, name: person.name });
  return out;
}

type Contact = { fullName: string; email: string | null; phone: string | null };

/**
 * Who holds a role in a unit changes by an administrator's hand, a few times a year; every case
 * event asks. The answer is kept this long (FerretDB reads every official to answer).
 */
export const OFFICIALS_CACHE_MS = 10_000;
const officialsCache = new Map<string, { at: number; officials: Promise<Contact[]> }>();

function officialsWith(role: Role, unitCode: string | null): Promise<Contact[]> {
  const key = `${role}@${unitCode ?? '*'}`;
  const cached = officialsCache.get(key);
  if (cached && Date.now() - cached.at < OFFICIALS_CACHE_MS) return cached.officials;
  const officials = OfficialModel.find(
    { roles: role, unitCode, active: { $ne: false } },
    { _id: 1, fullName: 1, email: 1, phone: 1 },
  )
    .sort({ _id: 1 })
    .lean<Contact[]>()
    .exec();
  officialsCache.set(key, { at: Date.now(), officials });
  officials.catch(() => officialsCache.delete(key));
  return officials;
}

/**
 * The addresses of a recipient: the applicant's e-mail (if any) and phone; or every active
 * official with that role in that unit (`unitCode: null` = city-wide), skipping officials with
 * neither e-mail nor phone.
 */
export async function resolveRecipient(
  caseState: CaseState,
  recipient: Recipient,
): Promise<ResolvedAddress[]> {
  if ('applicant' in recipient) {
    const a = caseState.applicant;
    return addressesOf('APPLICANT', { email: a.email, phone: a.phone, name: a.fullName });
  }
  const officials = await officialsWith(recipient.role, recipient.unitCode);
  return officials.flatMap((o) =>
    addressesOf('OFFICIAL', { email: o.email, phone: o.phone, name: o.fullName }),
  );
}

/** The outbox key of one message. */
export function outboxKey(
  caseCode: string,
  entrySeq: number,
  event: NotificationEvent,
  channel: OutboxChannel,
  to: string,
): string {
  return `${caseCode}#${entrySeq}#${event}#${channel}#${to}`;
}

/**
 * Queues the e-mails and SMS of one case event. Returns how many distinct messages the event
 * addresses: the same number on a retry, whether the records were written now or before.
 */
export async function enqueueNotifications(input: EnqueueInput): Promise<number> {
  const { caseState, entry } = input;
  const now = input.now ?? new Date();
  const publicBaseUrl = input.publicBaseUrl ?? loadConfig().publicBaseUrl;
  const records = new Map<string, OutboxDoc>();
  const toApplicant = input.requests.some((r) => 'applicant' in r.to);
  const token = toApplicant
    ? await applicantToken(caseState.code, input.kek ?? parseKek(loadConfig().keyEncryptionKey))
    : null;
  for (const request of input.requests) {
    const addresses = await resolveRecipient(caseState, request.to);
    if (addresses.length === 0) {
      log().warn(
        { caseCode: caseState.code, event: request.event, to: request.to },
        'notification has no recipient address',
      );
    }
    for (const a of addresses) {
      const key = outboxKey(caseState.code, entry.seq, request.event, a.channel, a.to);
      if (records.has(key)) continue;
      const text = composeNotification({
        event: request.event,
        audience: a.audience,
        caseState,
        entry,
        publicBaseUrl,
        recipientName: a.name,
        trackingToken: a.audience === 'APPLICANT' ? token : null,
      });
      records.set(
        key,
        outboxRecord(
          {
            key,
            caseCode: caseState.code,
            entrySeq: entry.seq,
            event: request.event,
            audience: a.audience,
            channel: a.channel,
            to: a.to,
            subject: a.channel === 'EMAIL' ? text.subject : null,
            body: a.channel === 'EMAIL' ? text.body : text.sms,
          },
          now,
        ),
      );
    }
  }
  return insertOutboxRecords([...records.values()], input.deliveries);
}

/** A new outbox record, made `now`, its id derived from its key. */
export function outboxRecord(
  m: Pick<
    OutboxDoc,
    'key' | 'caseCode' | 'entrySeq' | 'event' | 'audience' | 'channel' | 'to' | 'subject' | 'body'
  >,
  now: Date,
): OutboxDoc {
  return {
    _id: outboxIdFor(m.key),
    ...m,
    status: 'PENDING',
    attempts: 0,
    lastError: null,
    providerMessageId: null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  };
}

/**
 * Writes outbox records (each with its unique `key`) and their queue entries, once: a record
 * written before (a retry) is left as it is; then starts their delivery (with `deliveries`).
 * Returns how many records were given.
 */
export async function insertOutboxRecords(
  records: OutboxDoc[],
  deliveries: Deliveries | null,
): Promise<number> {
  if (records.length === 0) return 0;
  // The unique index on `key` must exist before the first insert: it is the idempotency.
  await OutboxModel.init();
  for (const record of records) {
    try {
      await OutboxModel.collection.insertOne(record as never, QUERY_OPTIONS);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // The record first, then its queue entry: a retry after a crash in between adds the entry.
    try {
      await OutboxQueueModel.collection.insertOne({ _id: record._id } as never, QUERY_OPTIONS);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  if (deliveries)
    await startDeliveries(
      deliveries,
      records.map((r) => r._id),
    );
  return records.length;
}
