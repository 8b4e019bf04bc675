/**
 * What an official's PIN is about to sign, shown before the PIN is asked: the document the action
 * issues (the decision at the last level of the chain, the refusal letter on a rejection), or, for
 * an approval handed on to the next level, the control sheet with the row the signature will
 * fill. Rendered from the same composition as the real document (compose.ts, in preview mode:
 * no document number is reserved), unsigned, with "BẢN XEM TRƯỚC" across the top. Nothing is
 * stored.
 */
import { PDFDocument, PDFName, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { endOfOfficeDay } from '../../domain/calendar';
import { DOCUMENT_KIND_LABELS } from '../../domain/stages';
import type { DocumentKind } from '../../domain/types';
import { procedureOf, type CaseDoc } from '../../models/case';
import { loadFontBytes, subsetFontkit } from '../../templates/fonts';
import { renderRequest } from '../../templates';
import type { ActorRef } from '../../workflows/state';
import type { ControlSheetStep } from '../../activities/types';
import { composeDocument } from '../../activities/documents/compose';
import { controlSheetLines } from '../../activities/documents/issue';
import { readDocument } from '../../activities/documents/storage';

export type PreviewAction = 'approve' | 'reject';

export interface Preview {
  pdf: Buffer;
  kind: DocumentKind;
  title: string;
}

const BANNER = 'BẢN XEM TRƯỚC — CHƯA CÓ CHỮ KÝ SỐ';

async function withBanner(
  bytes: Uint8Array,
  draw?: (doc: PDFDocument, font: PDFFont) => void,
): Promise<Buffer> {
  const doc = await PDFDocument.load(bytes);
  doc.registerFontkit(subsetFontkit);
  const font = await doc.embedFont(loadFontBytes('bold'), { subset: true });
  const first = doc.getPage(0);
  const size = 11;
  const width = font.widthOfTextAtSize(BANNER, size);
  first.drawText(BANNER, {
    x: (first.getWidth() - width) / 2,
    y: first.getHeight() - 22,
    size,
    font,
    color: rgb(0.7, 0.15, 0.12),
  });
  draw?.(doc, font);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The rectangle and page of the signature field `name`, from its widget. */
function fieldRect(
  doc: PDFDocument,
  name: string,
): { page: PDFPage; x: number; y: number; width: number; height: number } | null {
  const field = doc
    .getForm()
    .getFields()
    .find((f) => f.getName() === name);
  const widget = field?.acroField.getWidgets()[0];
  if (!widget) return null;
  const rect = widget.getRectangle();
  const pageRef = widget.dict.get(PDFName.of('P'));
  const page = doc.getPages().find((p) => p.ref === pageRef) ?? doc.getPage(0);
  return { page, ...rect };
}

/** The unsigned document `action` would sign now, for `official`. */
export async function previewDocument(input: {
  caseDoc: CaseDoc;
  action: PreviewAction;
  official: ActorRef;
  reason?: string;
  note?: string;
  now: Date;
  publicBaseUrl: string;
}): Promise<Preview> {
  const { caseDoc, action, official, now } = input;
  const chain = caseDoc.chainIndex;
  const last = chain === procedureOf(caseDoc).chain.length - 1;
  const content = {
    issuedAt: now.toISOString(),
    stage: caseDoc.stage,
    official,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  if (action === 'reject' || last) {
    const kind: DocumentKind = action === 'reject' ? 'REFUSAL' : 'DECISION';
    const request = await composeDocument(kind, {
      caseDoc,
      content,
      key: `preview-${kind}`,
      publicBaseUrl: input.publicBaseUrl,
      preview: true,
    });
    const rendered = await renderRequest(request);
    return { pdf: await withBanner(rendered.pdf), kind, title: rendered.title };
  }
  // Handed on: the signature goes into the control sheet's row of this level.
  const ref = caseDoc.documents.find((d) => d.kind === 'CONTROL_SHEET');
  const stored = ref ? await readDocument(ref.id) : null;
  if (!stored) throw new Error(`case ${caseDoc.code} has no control sheet`);
  const due = caseDoc.stageDueAt ? new Date(caseDoc.stageDueAt) : null;
  const row: ControlSheetStep = {
    step: chain + 2,
    at: now.toISOString(),
    result: !due || endOfOfficeDay(now) < due ? 'EARLY' : now <= due ? 'ON_TIME' : 'LATE',
    outcome: 'Phê duyệt',
    ...(input.note ? { note: input.note } : {}),
  };
  const pdf = await withBanner(stored.bytes, (doc, font) => {
    const at = fieldRect(doc, `step-${row.step}`);
    if (!at) return;
    const size = 8;
    controlSheetLines(row, official.name).forEach((line, i) => {
      at.page.drawText(line, {
        x: at.x + 3,
        y: at.y + at.height - 3 - (i + 1) * size * 1.2,
        size,
        font,
        color: rgb(0.1, 0.1, 0.4),
        maxWidth: at.width - 6,
      });
    });
  });
  return { pdf, kind: 'CONTROL_SHEET', title: DOCUMENT_KIND_LABELS.CONTROL_SHEET };
}
