/** The catalogue message for each limit a PDF can break (signing/pdf/limits.ts). */
import { PDF_LIMITS, type PdfLimit } from '../signing/pdf/limits';
import { say, type Message } from './messages';

const MB = 1024 * 1024;

const MESSAGE: Record<PdfLimit, Message> = {
  decompressed: say('pdfLimit.decompressed', { maxMb: PDF_LIMITS.maxDecompressedBytes / MB }),
  ratio: say('pdfLimit.ratio', { maxRatio: PDF_LIMITS.maxRatio }),
  objects: say('pdfLimit.objects', { maxObjects: PDF_LIMITS.maxObjects }),
  pages: say('pdfLimit.pages', { maxPages: PDF_LIMITS.maxPages }),
  depth: say('pdfLimit.depth', { maxDepth: PDF_LIMITS.maxDepth }),
  time: say('pdfLimit.time', { seconds: PDF_LIMITS.timeMs / 1000 }),
  memory: say('pdfLimit.memory'),
};

export const pdfLimitMessage = (limit: PdfLimit): Message => MESSAGE[limit];
