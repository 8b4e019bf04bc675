/**
 * The document type and summary, bold and centred (Decree 30: 13–14 pt), with the short rule
 * that Decree 30 draws under the summary.
 */
import type { Canvas } from './canvas';
import { centredRule, fullColumn, paragraph, paragraphHeight, type ParagraphOptions } from './flow';

export const TITLE_SIZE = 14;

export interface TitleSpec {
  /** Upper case, e.g. "QUYẾT ĐỊNH", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ". */
  title: string;
  /** Summary lines under the title, e.g. "Về việc cấp giấy phép xây dựng ...". */
  summary?: string;
  /** Draw the short rule under the title block. */
  rule?: boolean;
}

export function drawTitle(canvas: Canvas, spec: TitleSpec): void {
  const options: ParagraphOptions = {
    style: 'bold',
    size: TITLE_SIZE,
    align: 'center',
    balance: true,
  };
  // Keep the title with its summary and a few lines of what follows.
  const height =
    paragraphHeight(canvas, spec.title, options) +
    (spec.summary ? paragraphHeight(canvas, spec.summary, options) : 0) +
    60;
  if (height <= canvas.fullPageHeight) canvas.ensure(height);
  paragraph(canvas, spec.title, options);
  let widest = 0;
  if (spec.summary) {
    const lines = paragraph(canvas, spec.summary, options);
    widest = Math.max(...lines.map((l) => l.width));
  }
  if (spec.rule) {
    const column = fullColumn(canvas);
    centredRule(canvas, column.x + column.width / 2, Math.max(60, widest / 3), 5);
  }
  canvas.moveDown(10);
}
