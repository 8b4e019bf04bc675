/** The activities the worker registers (cases and maintenance), wired to their dependencies. */
import { parseKek } from '../signing';
import type { Config } from '../runtime/config';
import { loadCaseContext } from './case-context';
import { documentActivities } from './documents/issue';
import { maintenanceActivities, type MaintenanceActivities } from './maintenance';
import { recordCaseEvent } from './record-case-event';
import type { CaseActivities } from './types';

export function createActivities(
  config: Pick<Config, 'keyEncryptionKey' | 'publicBaseUrl'> & Partial<Pick<Config, 'tsa'>>,
): CaseActivities & MaintenanceActivities {
  const documents = documentActivities({
    kek: parseKek(config.keyEncryptionKey),
    publicBaseUrl: config.publicBaseUrl,
    ...(config.tsa ? { tsa: config.tsa } : {}),
  });
  return {
    loadCaseContext,
    recordCaseEvent,
    issueDocument: documents.issueDocument,
    signControlSheet: documents.signControlSheet,
    sealArchive: documents.sealArchive,
    renewArchiveTimestamps: documents.renewArchiveTimestamps,
    ...maintenanceActivities(documents),
  };
}
