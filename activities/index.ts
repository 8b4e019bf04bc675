/** The activities the worker registers (cases and maintenance), wired to their dependencies. */
import { parseKek } from '../signing';
import type { Config } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { loadCaseContext } from './case-context';
import { awaitedSignatureActivities } from './documents/awaited';
import { documentActivities } from './documents/issue';
import { maintenanceActivities, type MaintenanceActivities } from './maintenance';
import {
  createSenders,
  loadNotifyConfig,
  notificationActivities,
  type NotificationActivities,
  type Sender,
} from './notifications';
import { recordCaseEvent } from './record-case-event';
import type { CaseActivities } from './types';

export function createActivities(
  config: Pick<Config, 'keyEncryptionKey' | 'publicBaseUrl'> &
    Partial<Pick<Config, 'tsa' | 'signingProviders'>>,
  options: {
    signaturePollMs?: number;
    /** One per channel; default: as configured by NOTIFY_SENDER (checked here, at start). */
    senders?: readonly Sender[];
  } = {},
): CaseActivities & MaintenanceActivities & NotificationActivities {
  const deps = {
    kek: parseKek(config.keyEncryptionKey),
    publicBaseUrl: config.publicBaseUrl,
    ...(config.tsa ? { tsa: config.tsa } : {}),
  };
  const documents = documentActivities(deps);
  const awaited = awaitedSignatureActivities({
    ...deps,
    signingProviders: config.signingProviders ?? [],
    ...(options.signaturePollMs ? { pollMs: options.signaturePollMs } : {}),
  });
  return {
    loadCaseContext,
    recordCaseEvent,
    issueDocument: documents.issueDocument,
    signControlSheet: documents.signControlSheet,
    sealArchive: documents.sealArchive,
    renewArchiveTimestamps: documents.renewArchiveTimestamps,
    ...awaited,
    ...maintenanceActivities(documents),
    ...notificationActivities({
      senders: options.senders ?? createSenders(loadNotifyConfig(), createLogger('notifications')),
    }),
  };
}
