/** A PDF over the server's limits (signing/pdf/limits.ts), as the contract says it: 413 TOO_LARGE. */
import { pdfLimitMessage } from '../contract/pdf-limits';
import type { PdfLimit } from '../signing';
import { ApiError } from './errors';

export const pdfLimitError = (limit: PdfLimit): ApiError =>
  new ApiError('TOO_LARGE', pdfLimitMessage(limit), { limit });
