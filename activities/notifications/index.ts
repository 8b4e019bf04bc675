/**
 * Notifications: the case activities queue e-mails and SMS in the outbox (`enqueueNotifications`),
 * and a workflow per message sends it through the configured senders (`deliverNotification`),
 * retried by Temporal.
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
export { notificationActivities, type NotificationActivities } from './delivery';
export {
  deliveriesOfActivity,
  notificationWorkflowId,
  startDeliveries,
  startQueuedDeliveries,
  type Deliveries,
} from './delivery-start';
