/**
 * How messages leave the outbox: one small interface, and two implementations: a development
 * sender that appends JSON lines to a file, and a webhook sender for a real e-mail/SMS gateway.
 * Chosen by NOTIFY_SENDER (`file` | `webhook`), see runtime/config.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, CONFIG_VARIABLES } from '../../runtime/config';
import type { Logger } from '../../runtime/logger';
import type { OutboxChannel, OutboxEvent } from '../../models/outbox';

/** What a sender gets: one message, with its outbox key (use it to de-duplicate downstream). */
export interface OutboxMessage {
  id: string;
  key: string;
  caseCode: string;
  event: OutboxEvent;
  channel: OutboxChannel;
  to: string;
  subject: string | null;
  body: string;
  /** 1 for the first try. */
  attempt: number;
}

export interface Sender {
  channel: OutboxChannel;
  send(message: OutboxMessage): Promise<{ providerMessageId?: string }>;
}

/** A failure that retrying cannot fix (e.g. the gateway refused the address): no more attempts. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

/** "0912***678", "ng***@example.vn": enough to recognise a recipient in a log line. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, Math.min(2, at))}***${address.slice(at)}`;
  return address.length > 7 ? `${address.slice(0, 4)}***${address.slice(-3)}` : '***';
}

function summary(m: OutboxMessage): Record<string, unknown> {
  return {
    channel: m.channel,
    to: maskAddress(m.to),
    caseCode: m.caseCode,
    event: m.event,
    id: m.id,
    attempt: m.attempt,
  };
}

// ---------------------------------------------------------------------------------------------
// Development: JSON lines in a file

export const DEFAULT_OUTBOX_FILE = CONFIG_VARIABLES.NOTIFY_FILE_PATH.default;

/**
 * Appends each message as one JSON line to `filePath` (created with its directory) and logs one
 * line without the body. One sender per channel; several may share the file.
 */
export function fileSender(
  channel: OutboxChannel,
  options: { filePath?: string; logger?: Logger } = {},
): Sender {
  const filePath = path.resolve(options.filePath ?? DEFAULT_OUTBOX_FILE);
  return {
    channel,
    async send(m) {
      const providerMessageId = `file-${crypto.randomUUID()}`;
      const line = JSON.stringify({
        providerMessageId,
        writtenAt: new Date().toISOString(),
        id: m.id,
        key: m.key,
        caseCode: m.caseCode,
        event: m.event,
        channel: m.channel,
        to: m.to,
        subject: m.subject,
        body: m.body,
      });
      await fs.mkdir(path.dirname(filePath), { recursive: true });
      // One write call per line (O_APPEND): lines from concurrent senders do not interleave.
      await fs.appendFile(filePath, `${line}\n`, 'utf8');
      options.logger?.info({ ...summary(m), file: filePath }, 'notification written to file');
      return { providerMessageId };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Webhook: POST JSON to a gateway

export interface WebhookOptions {
  url: string;
  /** Key of the `X-Motcua-Signature` HMAC over the timestamp and the body (see below). */
  secret?: string | null;
  timeoutMs?: number;
  headers?: Record<string, string>;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** The signature headers of one webhook body (exported for gateways' tests and our own). */
export function webhookSignature(
  secret: string,
  body: string,
  now: Date = new Date(),
): { 'x-motcua-timestamp': string; 'x-motcua-signature': string } {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-motcua-timestamp': timestamp, 'x-motcua-signature': `sha256=${mac}` };
}

/**
 * POSTs `{ key, channel, to, subject, body, caseCode, event }` as JSON to `url`, with header
 * `Idempotency-Key: <key>` so that the gateway can drop a repeated delivery. With a secret, the
 * gateway can check that the message is ours and fresh: `X-Motcua-Timestamp: <unix seconds>` and
 * `X-Motcua-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. A 2xx answer is
 * success (`id` or `messageId` of a JSON answer becomes the provider id); 4xx other than 408 and
 * 429 is a permanent failure; anything else, a timeout or a network error is retried.
 */
export function webhookSender(channel: OutboxChannel, options: WebhookOptions): Sender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  return {
    channel,
    async send(m) {
      const body = JSON.stringify({
        key: m.key,
        channel: m.channel,
        to: m.to,
        subject: m.subject,
        body: m.body,
        caseCode: m.caseCode,
        event: m.event,
      });
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': m.key,
        ...options.headers,
      };
      if (options.secret) Object.assign(headers, webhookSignature(options.secret, body));
      let res: Response;
      try {
        res = await doFetch(options.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const e = err as Error;
        const why = e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : e.message;
        throw new Error(`webhook: ${why}`);
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        const message = `webhook answered ${res.status}: ${text.slice(0, 200)}`;
        const permanent =
          res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
        throw permanent ? new PermanentSendError(message) : new Error(message);
      }
      let providerMessageId: string | undefined;
      try {
        const json = JSON.parse(text) as { id?: unknown; messageId?: unknown };
        const id = json.id ?? json.messageId;
        if (typeof id === 'string' || typeof id === 'number') providerMessageId = String(id);
      } catch {
        // A gateway may answer with no body or plain text.
      }
      options.logger?.info({ ...summary(m), status: res.status }, 'notification sent by webhook');
      return providerMessageId ? { providerMessageId } : {};
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Configuration

export interface NotifyConfig {
  sender: 'file' | 'webhook';
  webhookUrl: string | null;
  webhookSecret: string | null;
  filePath: string;
}

/** NOTIFY_SENDER, NOTIFY_WEBHOOK_URL, NOTIFY_WEBHOOK_SECRET and NOTIFY_FILE_PATH, checked. */
export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const sender = (env.NOTIFY_SENDER || CONFIG_VARIABLES.NOTIFY_SENDER.default).toLowerCase();
  if (sender !== 'file' && sender !== 'webhook') {
    throw new ConfigError(`NOTIFY_SENDER must be "file" or "webhook", not "${sender}"`);
  }
  const webhookUrl = env.NOTIFY_WEBHOOK_URL || null;
  if (sender === 'webhook') {
    if (!webhookUrl) throw new ConfigError('NOTIFY_SENDER=webhook needs NOTIFY_WEBHOOK_URL');
    let url: URL;
    try {
      url = new URL(webhookUrl);
    } catch {
      throw new ConfigError('NOTIFY_WEBHOOK_URL is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError('NOTIFY_WEBHOOK_URL must be http(s)');
    }
    if (env.NODE_ENV === 'production' && (env.NOTIFY_WEBHOOK_SECRET ?? '').length < 32) {
      throw new ConfigError(
        'NOTIFY_SENDER=webhook in production needs NOTIFY_WEBHOOK_SECRET (at least 32 characters)',
      );
    }
  }
  return {
    sender,
    webhookUrl,
    webhookSecret: env.NOTIFY_WEBHOOK_SECRET || null,
    filePath: env.NOTIFY_FILE_PATH || CONFIG_VARIABLES.NOTIFY_FILE_PATH.default,
  };
}

/** One sender per channel, as configured. */
export function createSenders(config: NotifyConfig, logger?: Logger): Sender[] {
  const channels: OutboxChannel[] = ['EMAIL', 'SMS'];
  if (config.sender === 'webhook') {
    const url = config.webhookUrl as string;
    return channels.map((c) =>
      webhookSender(c, { url, secret: config.webhookSecret, ...(logger ? { logger } : {}) }),
    );
  }
  if (process.env.NODE_ENV === 'production') {
    logger?.warn(
      { file: config.filePath },
      'NOTIFY_SENDER=file in production: notifications are written to a file, not sent',
    );
  }
  return channels.map((c) =>
    fileSender(c, { filePath: config.filePath, ...(logger ? { logger } : {}) }),
  );
}
