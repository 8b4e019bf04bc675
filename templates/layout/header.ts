/**
 * The head of a Vietnamese administrative document (Decree 30/2020, Appendix I): the superior and
 * issuing bodies top left (issuing body bold, a short rule under it), the national motto top right
 * (bold, the rule under the tagline as long as the tagline), then the number and symbol under the
 * bodies and the place and date in italics under the motto, on the same line.
 */
import { LayoutError, type Canvas } from './canvas';
import { centredRule, paragraph, paragraphHeight } from './flow';
import { glue } from './text';
import type { Column } from './geometry';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export interface HeaderSpec {
  /** Form number printed top right above the motto, e.g. "Mẫu số 01". */
  formNumber?: string;
  /** Superior body, upper case, e.g. "UBND THÀNH PHỐ HỒ CHÍ MINH". */
  superior?: string;
  /** Issuing body, upper case, bold, e.g. "SỞ XÂY DỰNG". Omitted on citizens' applications. */
  issuer?: string;
  /** "Số: 12/QĐ-SXD". */
  number?: string;
  /** "Thành phố Hồ Chí Minh, ngày 03 tháng 12 năm 2026". */
  placeDate?: string;
}

const BODY_NAME_SIZE = 12;
const TITLE_SIZE = 12;
const MOTTO_SIZE = 13;
const NUMBER_SIZE = 13;
const PLACE_DATE_SIZE = 13;

/** Words that a line break must not separate in the names of bodies. */
const COMPOUNDS = ['ỦY BAN', 'UỶ BAN', 'NHÂN DÂN', 'THÀNH PHỐ', 'HỒ CHÍ MINH', 'MỘT CỬA'];

/**
 * A body's name with its compounds glued, and its last two words too (a place name such as
 * "SÀI GÒN" never splits, and no syllable is left alone on the last line).
 */
export function bodyName(name: string): string {
  let text = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  for (const compound of COMPOUNDS) text = text.split(compound).join(glue(compound));
  return text.replace(/ (\S+)$/u, '\u00a0$1');
}

/** Share of the frame width taken by the left column (issuing body). */
const LEFT_SHARE = 0.39;

export function headerColumns(canvas: Canvas): { left: Column; right: Column } {
  const leftWidth = canvas.contentWidth * LEFT_SHARE;
  return {
    left: { x: canvas.frame.left, width: leftWidth - 6 },
    right: { x: canvas.frame.left + leftWidth, width: canvas.contentWidth - leftWidth },
  };
}

/** The motto block alone, centred on the whole width (citizens' applications). */
export function drawMottoCentred(canvas: Canvas, formNumber?: string): void {
  if (formNumber) drawFormNumber(canvas, formNumber);
  drawMotto(canvas, { x: canvas.frame.left, width: canvas.contentWidth });
}

function drawFormNumber(canvas: Canvas, formNumber: string): void {
  paragraph(canvas, formNumber, { style: 'bold', size: 12, align: 'right', spaceAfter: 2 });
}

function drawMotto(canvas: Canvas, column: Column): void {
  paragraph(canvas, NATIONAL_TITLE, {
    style: 'bold',
    size: TITLE_SIZE,
    align: 'center',
    column,
    balance: true,
  });
  const lines = paragraph(canvas, NATIONAL_MOTTO, {
    style: 'bold',
    size: MOTTO_SIZE,
    align: 'center',
    column,
    balance: true,
  });
  const width = Math.max(...lines.map((l) => l.width));
  centredRule(canvas, column.x + column.width / 2, Math.min(width, column.width));
}

/** Draw the header at the top of the first page. */
export function drawHeader(canvas: Canvas, spec: HeaderSpec): void {
  const { left, right } = headerColumns(canvas);
  if (spec.formNumber) drawFormNumber(canvas, spec.formNumber);
  const top = canvas.y;
  // The two columns share the first page: a name too long for it is refused, not split.
  const leftHeight =
    (spec.superior
      ? paragraphHeight(canvas, bodyName(spec.superior), { size: BODY_NAME_SIZE, column: left })
      : 0) +
    (spec.issuer
      ? paragraphHeight(canvas, bodyName(spec.issuer), {
          style: 'bold',
          size: BODY_NAME_SIZE,
          column: left,
        })
      : 0);
  if (leftHeight > canvas.remaining() / 2) {
    throw new LayoutError('the names of the issuing bodies are too long for the header');
  }

  // Left: superior body, issuing body in bold, a rule of about a third of its width.
  if (spec.superior) {
    paragraph(canvas, bodyName(spec.superior), {
      size: BODY_NAME_SIZE,
      align: 'center',
      column: left,
      balance: true,
    });
  }
  if (spec.issuer) {
    const lines = paragraph(canvas, bodyName(spec.issuer), {
      style: 'bold',
      size: BODY_NAME_SIZE,
      align: 'center',
      column: left,
      balance: true,
    });
    const widest = Math.max(...lines.map((l) => l.width));
    centredRule(canvas, left.x + left.width / 2, Math.max(40, widest / 3));
  }
  const leftBottom = canvas.y;

  // Right: national title and motto.
  canvas.y = top;
  drawMotto(canvas, right);
  const rightBottom = canvas.y;

  // Number under the bodies, place and date under the motto, starting on the same line. A number
  // too long for the left column (a dossier code) takes a line of its own across the page.
  canvas.y = Math.min(leftBottom, rightBottom) - 4;
  const number = spec.number?.normalize('NFC');
  const numberInRow =
    number !== undefined &&
    canvas.measure(number, { style: 'regular', size: NUMBER_SIZE }) <= left.width;
  if (number !== undefined && !numberInRow) {
    paragraph(canvas, number, { size: NUMBER_SIZE, spaceAfter: 2 });
  }
  const rowTop = canvas.y;
  if (number !== undefined && numberInRow) {
    paragraph(canvas, number, { size: NUMBER_SIZE, align: 'center', column: left });
  }
  const numberBottom = canvas.y;
  canvas.y = rowTop;
  if (spec.placeDate) {
    paragraph(canvas, spec.placeDate, {
      style: 'italic',
      size: PLACE_DATE_SIZE,
      align: 'center',
      column: right,
      balance: true,
    });
  }
  canvas.y = Math.min(numberBottom, canvas.y) - 10;
}
