/**
 * The applicant's answer to a supplement request: the files are checked like a submission's
 * (PDF, JPEG or PNG by their bytes, at most 10 MB and 20 files) and stored once per round and
 * position, so that a repeated request stores nothing twice; the workflow's provideSupplement
 * Update then takes them into the dossier.
 */
import crypto from 'node:crypto';
import type { DocumentRef } from '../../workflows/state';
import { asApplicationError } from './errors';
import { checkAttachments } from './attachments';
import { storeDocument } from './submit';

export async function storeSupplementFiles(
  caseCode: string,
  round: number,
  attachments: unknown,
): Promise<DocumentRef[]> {
  const files = await checkAttachments(attachments);
  try {
    const refs: DocumentRef[] = [];
    for (const [i, f] of files.entries()) {
      refs.push(
        await storeDocument(caseCode, {
          // The content is part of the key: a retry with other files stores those, not a clash.
          key: `supplement-${round}-${i + 1}-${crypto.createHash('sha256').update(f.bytes).digest('hex').slice(0, 16)}`,
          kind: 'ATTACHMENT',
          title: `Bổ sung lần ${round}, tệp ${i + 1}: ${f.fileName}`,
          contentType: f.contentType,
          fileName: f.fileName,
          bytes: f.bytes,
          signatures: [],
        }),
      );
    }
    return refs;
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}
