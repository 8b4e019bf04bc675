/**
 * Notifications: the case activities queue e-mails and SMS in the outbox (`enqueueNotifications`),
 * and the worker sends them with `startOutboxDispatcher` through the configured senders.
 */
export {
  composeNotification,
  trackingLink,
  vnDeadline,
  SMS_MAX_LENGTH,
  type ComposeInput,
  type ComposedNotification,
} from './compose';
export {
  enqueueNotifications,
  insertOutboxRecords,
  outboxRecord,
  outboxEvents,
  resolveRecipient,
  outboxKey,
  normalizeEmail,
  normalizePhone,
  type EnqueueInput,
  type ResolvedAddress,
} from './outbox';
export {
  fileSender,
  webhookSender,
  createSenders,
  loadNotifyConfig,
  maskAddress,
  PermanentSendError,
  DEFAULT_OUTBOX_FILE,
  type Sender,
  type OutboxMessage,
  type NotifyConfig,
  type WebhookOptions,
} from './senders';
export {
  backfillOutboxQueue,
  dispatchOutbox,
  startOutboxDispatcher,
  backoffDelay,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  type DispatchOptions,
  type DispatchResult,
  type OutboxDispatcherOptions,
} from './dispatcher';
