/**
 * Mẫu số 06 (Circular 03/2025/TT-VPCP): Phiếu kiểm soát quá trình giải quyết hồ sơ. Rendered once
 * when the dossier is received; each planned handover is a table row whose time and result cells
 * hold one empty signature field `step-<n>`, with the column line between them ruled under it so
 * that every row follows the header's four columns. The signing code later writes who handed over
 * and received and when into the time column, and the result (trước hạn / đúng hạn / quá hạn)
 * into the result column, of that field's appearance ({@link stepAppearanceColumns}), one
 * incremental update per official.
 */
import type { Procedure, Unit } from '../../domain/types';
import { formatTimeDate } from '../format';
import type { LayoutTrace } from '../layout/canvas';
import { labelled, paragraph } from '../layout/flow';
import { drawHeader } from '../layout/header';
import { A4, DECREE_30_MARGINS, frameOf } from '../layout/geometry';
import { columnEdges, drawTable } from '../layout/table';
import { drawTitle } from '../layout/title';
import type { ControlSheetData, ControlStep, RenderedDocument } from '../types';
import { unitForLevel, unitShortName } from '../units';
import { deskIssuingBody, deskName, finish, INDENT, openCanvas } from './common';

export const CONTROL_SHEET_TITLE = 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ';

/** Height of a step's signature field: room for about five lines of 8–9 pt text. */
export const STEP_FIELD_HEIGHT = 66;

const COLUMNS = [
  { header: 'TÊN CƠ QUAN', weight: 3.1 },
  { header: 'THỜI GIAN GIAO, NHẬN HỒ SƠ', weight: 3.1 },
  { header: 'KẾT QUẢ (Trước hạn/đúng hạn/quá hạn)', weight: 2 },
  { header: 'GHI CHÚ', weight: 1.9 },
];
const CELL_PADDING = 3;

/**
 * Where the step field's two columns lie, as fractions of its width: the time column (`time`)
 * and the result column (`result`), each inside its table cell's padding.
 */
export const STEP_FIELD_COLUMNS = ((): Record<'time' | 'result', { from: number; to: number }> => {
  const frame = frameOf(A4, DECREE_30_MARGINS);
  const edges = columnEdges(
    frame.left,
    frame.right,
    COLUMNS.map((c) => c.weight),
  );
  const [, start = 0, divider = 0, end = 0] = edges;
  const left = start + CELL_PADDING;
  const width = end - CELL_PADDING - left;
  return {
    time: { from: 0, to: (divider - CELL_PADDING - left) / width },
    result: { from: (divider + CELL_PADDING - left) / width, to: 1 },
  };
})();

/**
 * The columns of a step's signature appearance (`AppearanceOptions.columns`): the handover (who
 * handed over, who received, when) in the time column, the result in the result column.
 */
export function stepAppearanceColumns(
  handover: readonly string[],
  result: string,
): Array<{ from: number; to: number; lines: string[] }> {
  return [
    { ...STEP_FIELD_COLUMNS.time, lines: [...handover] },
    { ...STEP_FIELD_COLUMNS.result, lines: [result] },
  ];
}

/** The name of the signature field of step `n` (1-based). */
export function stepFieldName(n: number): string {
  return `step-${n}`;
}

/**
 * The planned handovers of a procedure: the one-stop desk to the first level, each level to the
 * next, the last level back to the desk with the result, and the desk to the applicant.
 */
export function deriveSteps(procedure: Procedure, ward: Unit, department: Unit): ControlStep[] {
  const desk = deskName(ward);
  const levels = procedure.chain.length > 0 ? procedure.chain : (['WARD', 'DEPARTMENT'] as const);
  const steps: ControlStep[] = [];
  let from = desk;
  for (const level of levels) {
    const to = unitShortName(unitForLevel(level, ward, department));
    const days = level === 'WARD' ? procedure.sla.ward : procedure.sla.department;
    steps.push({
      from,
      to,
      note: days === undefined ? undefined : `Thời hạn giải quyết: ${days} ngày làm việc`,
    });
    from = to;
  }
  steps.push({ from, to: desk, note: 'Chuyển kết quả giải quyết' });
  steps.push({ from: desk, to: 'Người nộp hồ sơ', note: 'Trả kết quả cho người nộp hồ sơ' });
  return steps;
}

export async function renderControlSheet(
  data: ControlSheetData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'CONTROL_SHEET'>> {
  const body = data.issuingBody ?? deskIssuingBody(data.ward);
  const desk = deskName(data.ward);
  const canvas = await openCanvas(
    {
      title: `Phiếu kiểm soát quá trình giải quyết hồ sơ ${data.dossierCode}`,
      author: desk,
      subject: data.procedure.name,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, { formNumber: 'Mẫu số 06', superior: body.superior, issuer: body.issuer });
  drawTitle(canvas, { title: CONTROL_SHEET_TITLE });
  paragraph(
    canvas,
    [
      { text: 'Mã hồ sơ: ', style: 'regular' },
      { text: data.dossierCode, style: 'bold' },
    ],
    { align: 'center', spaceAfter: 8 },
  );

  const info: [string, string][] = [
    ['Cơ quan chủ trì giải quyết', data.department.name],
    ['Tên người nộp hồ sơ', data.applicant.fullName],
    ['Địa chỉ', data.applicant.address],
    ['Số điện thoại', data.applicant.phone],
    ['Thủ tục', data.procedure.name],
    ['Thời gian nhận hồ sơ', formatTimeDate(data.receivedAt)],
    ['Thời gian hẹn trả kết quả', formatTimeDate(data.appointmentAt)],
  ];
  info.forEach(([label, value], index) =>
    labelled(canvas, label, value, {
      indent: INDENT,
      spaceAfter: index === info.length - 1 ? 8 : 0,
    }),
  );

  const steps = data.steps ?? deriveSteps(data.procedure, data.ward, data.department);
  drawTable(canvas, {
    size: 11,
    headerSize: 11,
    padding: CELL_PADDING,
    columns: COLUMNS,
    rows: steps.map((step, index) => [
      {
        text: [
          { text: `Bước ${index + 1}\n`, style: 'bold' },
          { text: `1. Giao: ${step.from}\n2. Nhận: ${step.to}`, style: 'regular' },
        ],
      },
      {
        span: 2,
        ruled: true,
        field: {
          name: stepFieldName(index + 1),
          role: 'STEP',
          height: STEP_FIELD_HEIGHT,
          tooltip: `Bước ${index + 1}: ${step.from} giao, ${step.to} nhận`,
        },
      },
      { text: step.note ?? '', style: 'italic' },
    ]),
  });
  return finish(canvas, 'CONTROL_SHEET', 'Phiếu kiểm soát quá trình giải quyết hồ sơ');
}
