/** The case activities the worker registers, wired to their dependencies. */
import { parseKek } from '../signing';
import type { Config } from '../runtime/config';
import { loadCaseContext } from './case-context';
import { documentActivities } from './documents/issue';
import { recordCaseEvent } from './record-case-event';
import type { CaseActivities } from './types';

export function createActivities(
  config: Pick<Config, 'keyEncryptionKey' | 'publicBaseUrl'>,
): CaseActivities {
  const documents = documentActivities({
    kek: parseKek(config.keyEncryptionKey),
    publicBaseUrl: config.publicBaseUrl,
  });
  return {
    loadCaseContext,
    recordCaseEvent,
    issueDocument: documents.issueDocument,
    signControlSheet: documents.signControlSheet,
  };
}
