/**
 * The Vietnamese administrative PDFs of every step of a case (Decree 30/2020 layout, Circular
 * 03/2025/TT-VPCP forms). `renderDocument(kind, data)` returns the PDF with its empty signature
 * fields, ready for the signing code; the same input always gives the same bytes.
 */
import type { DocumentKind } from '../domain/types';
import { renderApology } from './kinds/apology';
import { renderApplicationForm } from './kinds/application-form';
import { renderControlSheet, stepFieldName } from './kinds/control-sheet';
import { renderDecision } from './kinds/decision';
import { renderReceipt } from './kinds/receipt';
import { renderRefusal } from './kinds/refusal';
import { renderSupplementRequest } from './kinds/supplement-request';
import type { DocumentDataMap, DocumentRequest, RenderedDocument, RenderOptions } from './types';

export * from './types';
export { renderApology } from './kinds/apology';
export { renderApplicationForm, applicationTitle, COMMITMENT } from './kinds/application-form';
export {
  renderControlSheet,
  deriveSteps,
  stepFieldName,
  stepAppearanceColumns,
  STEP_FIELD_COLUMNS,
  STEP_FIELD_HEIGHT,
} from './kinds/control-sheet';
export { renderDecision } from './kinds/decision';
export { renderReceipt, trackingLink } from './kinds/receipt';
export { renderRefusal } from './kinds/refusal';
export { renderSupplementRequest } from './kinds/supplement-request';
export {
  embedFontFamily,
  fontPath,
  loadFontBytes,
  loadFontFamilyBytes,
  subsetFontkit,
  subsetFontName,
  FONT_FAMILY,
  FONT_STYLES,
  FONT_METRICS,
  type FontFamily,
  type FontStyle,
} from './fonts';
export { formatDate, formatLongDate, formatPlaceDate, formatTimeDate, FormatError } from './format';
export { PlaceholderError, fillPlaceholders } from './placeholders';
export { createTrace, LayoutError } from './layout/canvas';
export { createSignatureField } from './layout/signature-field';
export {
  describeAsPdfA,
  saveAsPdfA,
  xmpPacket,
  srgbProfile,
  SRGB_PROFILE_NAME,
  SRGB_PROFILE_SHA256,
  type DocumentDescription,
} from './pdfa';

type Renderer<K extends DocumentKind> = (
  data: DocumentDataMap[K],
  trace?: RenderOptions['trace'],
) => Promise<RenderedDocument<K>>;

const RENDERERS: { [K in DocumentKind]: Renderer<K> } = {
  APPLICATION_FORM: renderApplicationForm,
  RECEIPT: renderReceipt,
  SUPPLEMENT_REQUEST: renderSupplementRequest,
  REFUSAL: renderRefusal,
  CONTROL_SHEET: renderControlSheet,
  APOLOGY: renderApology,
  DECISION: renderDecision,
};

/**
 * Names of the signature fields: `applicant` (APPLICATION_FORM), `seal` (RECEIPT: the desk's
 * organisation signature; DECISION: the department's), `receiver` (SUPPLEMENT_REQUEST, and REFUSAL
 * at verification), `approver` (REFUSAL by an approver, APOLOGY, DECISION), `step-<n>`
 * (CONTROL_SHEET). Each rendered document lists its own fields with their roles.
 */
export const FIELD_NAMES = {
  applicant: 'applicant',
  receiver: 'receiver',
  approver: 'approver',
  seal: 'seal',
  step: stepFieldName,
} as const;

/** Render one document. */
export async function renderDocument<K extends DocumentKind>(
  kind: K,
  data: DocumentDataMap[K],
  options: RenderOptions = {},
): Promise<RenderedDocument<K>> {
  const render = RENDERERS[kind] as Renderer<K> | undefined;
  if (!render) throw new Error(`unknown document kind: ${String(kind)}`);
  return render(data, options.trace);
}

/** Render from the discriminated union (`{ kind, data }`). */
export async function renderRequest(
  request: DocumentRequest,
  options: RenderOptions = {},
): Promise<RenderedDocument> {
  return renderDocument(request.kind, request.data as never, options);
}
