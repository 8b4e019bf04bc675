/**
 * Mẫu số 04 (Circular 03/2025/TT-VPCP): Phiếu xin lỗi và hẹn lại ngày trả kết quả, issued by the
 * unit responsible for the delay and signed by its head (signature field `approver`).
 */
import { formatPlaceDate, formatTimeDate } from '../format';
import type { LayoutTrace } from '../layout/canvas';
import { labelled, paragraph } from '../layout/flow';
import { drawHeader } from '../layout/header';
import { drawClosing, recipientLines } from '../layout/signer';
import { drawTitle } from '../layout/title';
import type { ApologyData, RenderedDocument } from '../types';
import { unitFullName } from '../units';
import {
  BODY,
  deskName,
  finish,
  INDENT,
  numberLine,
  openCanvas,
  signerHeadings,
  unitIssuingBody,
} from './common';

export const APOLOGY_TITLE = 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ';

export async function renderApology(
  data: ApologyData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'APOLOGY'>> {
  const unit = data.responsibleLevel === 'WARD' ? data.ward : data.department;
  const unitName = unitFullName(unit);
  const body = data.issuingBody ?? unitIssuingBody(unit);
  const canvas = await openCanvas(
    {
      title: `Phiếu xin lỗi và hẹn lại ngày trả kết quả ${data.dossierCode}`,
      author: unitName,
      subject: data.procedure.name,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, {
    formNumber: 'Mẫu số 04',
    superior: body.superior,
    issuer: body.issuer,
    number: numberLine(data.documentNumber ?? data.dossierCode, 'PXL'),
    placeDate: formatPlaceDate(unit.place, data.issuedAt),
  });
  drawTitle(canvas, { title: APOLOGY_TITLE });

  const applicant = data.applicant;
  labelled(canvas, 'Kính gửi', `Ông/Bà ${applicant.fullName}`, {
    indent: INDENT,
    labelStyle: 'bold',
    valueStyle: 'bold',
  });
  labelled(canvas, 'Địa chỉ', applicant.address, { indent: INDENT });
  labelled(canvas, 'Số điện thoại', applicant.phone, {
    indent: INDENT,
    spaceAfter: applicant.email ? 0 : 4,
  });
  if (applicant.email) {
    labelled(canvas, 'Thư điện tử', applicant.email, { indent: INDENT, spaceAfter: 4 });
  }

  paragraph(
    canvas,
    `Vào lúc ${formatTimeDate(data.receivedAt)}, ${deskName(data.ward)} đã tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục hành chính: ${data.procedure.name}.`,
    BODY,
  );
  labelled(canvas, 'Lĩnh vực', data.procedure.field, { indent: INDENT });
  labelled(canvas, 'Mã hồ sơ', data.dossierCode, { indent: INDENT });
  labelled(canvas, 'Thời gian hẹn trả kết quả', formatTimeDate(data.originalAppointmentAt), {
    indent: INDENT,
    spaceAfter: 3,
  });
  paragraph(
    canvas,
    `Tuy nhiên, đến nay ${unitName} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời hạn.`,
    BODY,
  );
  labelled(canvas, 'Lý do', data.reason, { ...BODY, labelStyle: 'bold' });
  paragraph(
    canvas,
    `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${unitName} trân trọng xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả như sau:`,
    BODY,
  );
  labelled(canvas, 'Thời gian hẹn trả kết quả lại', formatTimeDate(data.newAppointmentAt), {
    ...BODY,
    labelStyle: 'bold',
    valueStyle: 'bold',
  });
  drawClosing(canvas, {
    lead: [{ text: 'Rất mong nhận được sự thông cảm của Ông/Bà./.', options: BODY }],
    recipients: recipientLines(data.recipients ?? ['Như trên', deskName(data.ward)]),
    signer: {
      headings: signerHeadings(data.signer),
      field: {
        name: 'approver',
        role: data.responsibleLevel === 'WARD' ? 'WARD_APPROVER' : 'DEPARTMENT_APPROVER',
        tooltip: `Chữ ký của ${data.signer.fullName.normalize('NFC')}`,
      },
      signatureImage: data.signer.signatureImage,
      name: data.signer.fullName,
    },
  });
  return finish(canvas, 'APOLOGY', 'Phiếu xin lỗi và hẹn lại ngày trả kết quả');
}
