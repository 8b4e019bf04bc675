/**
 * Mẫu số 01 (Circular 03/2025/TT-VPCP): Giấy tiếp nhận hồ sơ và hẹn trả kết quả, issued by the
 * ward's one-stop desk when it accepts a dossier and sealed with the desk's organisation
 * certificate (signature field `seal`).
 */
import { trackingLink } from '../../domain/tracking';
import { formatPlaceDate, formatTimeDate, formatVnd } from '../format';
import type { LayoutTrace } from '../layout/canvas';
import { BODY_SIZE, labelled, paragraph } from '../layout/flow';
import { drawHeader } from '../layout/header';
import { drawClosing } from '../layout/signer';
import { drawTable } from '../layout/table';
import { drawTitle } from '../layout/title';
import type { Channel, ReceiptData, RenderedDocument } from '../types';
import {
  applicantLines,
  deskIssuingBody,
  deskName,
  finish,
  INDENT,
  listItem,
  numberLine,
  openCanvas,
} from './common';

export const RECEIPT_TITLE = 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ';

const CHANNELS: Record<Channel, string> = {
  COUNTER: 'Trực tiếp tại Bộ phận Một cửa',
  ONLINE: 'Trực tuyến',
  POSTAL: 'Qua dịch vụ bưu chính công ích',
};

export { trackingLink };

/** Side of the QR code of the tracking address, in points (about 2.8 cm). */
export const TRACKING_QR_SIZE = 80;

function count(n: number | undefined): string {
  return n === undefined || n === 0 ? '' : String(n).padStart(2, '0');
}

export async function renderReceipt(
  data: ReceiptData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'RECEIPT'>> {
  const body = data.issuingBody ?? deskIssuingBody(data.ward);
  const desk = deskName(data.ward);
  const canvas = await openCanvas(
    {
      title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${data.dossierCode}`,
      author: desk,
      subject: data.procedure.name,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, {
    formNumber: 'Mẫu số 01',
    superior: body.superior,
    issuer: body.issuer,
    number: data.documentNumber ? numberLine(data.documentNumber, 'TNHS') : undefined,
    placeDate: formatPlaceDate(data.ward.place, data.issuedAt),
  });
  drawTitle(canvas, { title: RECEIPT_TITLE });
  paragraph(
    canvas,
    [
      { text: 'Mã hồ sơ: ', style: 'regular' },
      { text: data.dossierCode, style: 'bold' },
    ],
    { align: 'center', spaceAfter: 8 },
  );

  paragraph(canvas, `${desk} đã tiếp nhận hồ sơ của:`, { indent: INDENT });
  applicantLines(canvas, data.applicant, { indent: INDENT });
  labelled(canvas, 'Hình thức nộp hồ sơ', CHANNELS[data.channel ?? 'ONLINE'], { indent: INDENT });
  labelled(
    canvas,
    'Nội dung yêu cầu giải quyết',
    `${data.procedure.name} (mã thủ tục ${data.procedure.code})`,
    { indent: INDENT, spaceAfter: 4 },
  );

  listItem(canvas, '1.', 'Thành phần hồ sơ nộp gồm:', { indent: INDENT, keepWithNext: 60 });
  drawTable(canvas, {
    columns: [
      { header: 'TT', weight: 0.55, align: 'center' },
      { header: 'Tên giấy tờ', weight: 5 },
      { header: 'Bản chính', weight: 1.2, align: 'center' },
      { header: 'Bản sao', weight: 1.05, align: 'center' },
      { header: 'Ký số', weight: 0.85, align: 'center' },
    ],
    rows: data.documents.map((doc, index) => [
      { text: String(index + 1) },
      { text: doc.name },
      { text: count(doc.originals) },
      { text: count(doc.copies) },
      { text: doc.digitallySigned ? 'X' : '' },
    ]),
  });
  canvas.moveDown(6);

  const items: [string, string][] = [
    [
      'Thời gian giải quyết hồ sơ theo quy định',
      `${data.procedure.totalWorkingDays} ngày làm việc`,
    ],
    ['Thời gian nhận hồ sơ', formatTimeDate(data.receivedAt)],
    ['Thời gian trả kết quả giải quyết hồ sơ', formatTimeDate(data.appointmentAt)],
    ['Nhận kết quả tại', data.collectAt ?? `${desk}, ${data.ward.address}`],
    ['Lệ phí', formatVnd(data.procedure.feeVnd)],
    ['Tra cứu tình trạng hồ sơ tại', trackingLink(data.trackingBaseUrl, data.dossierCode)],
  ];
  const tracking = trackingLink(data.trackingBaseUrl, data.dossierCode);
  const last = items.pop() as [string, string];
  items.forEach(([label, value], index) =>
    listItem(canvas, `${index + 2}.`, `${label}: ${value}`, { indent: INDENT }),
  );
  // The tracking link is drawn with the closing, so that the signer never stands alone.
  const number = `${items.length + 2}. `;
  const hang = INDENT + canvas.measure(number, { style: 'regular', size: BODY_SIZE });

  drawClosing(canvas, {
    // The tracking address as a QR code beside the seal, for a phone's camera.
    leftQr: {
      text: tracking,
      caption: 'Quét mã để tra cứu tình trạng hồ sơ',
      size: TRACKING_QR_SIZE,
    },
    lead: [
      { text: `${number}${last[0]}:`, options: { indent: INDENT } },
      // The link alone on its line, a little smaller, so that it is not broken.
      { text: last[1], options: { indent: hang, restIndent: hang, size: 12 } },
    ],
    signer: {
      headings: ['NGƯỜI TIẾP NHẬN'],
      hint: '(Ký, ghi rõ họ tên)',
      // The desk's seal with its lines beside it: as wide as the column allows.
      field: {
        name: 'seal',
        role: 'SEAL',
        tooltip: `Chữ ký số của ${desk}`,
        width: 250,
        height: 80,
      },
      name: data.receiver?.fullName,
    },
  });
  return finish(canvas, 'RECEIPT', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
}
