/**
 * Mẫu số 02 (Circular 03/2025/TT-VPCP): Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, signed by the
 * receiving officer as "NGƯỜI HƯỚNG DẪN" (signature field `receiver`).
 */
import { formatPlaceDate, formatTimeDate } from '../format';
import type { LayoutTrace } from '../layout/canvas';
import { labelled, paragraph } from '../layout/flow';
import { drawHeader } from '../layout/header';
import { drawClosing } from '../layout/signer';
import { drawTable } from '../layout/table';
import { drawTitle } from '../layout/title';
import type { OfficerInfo, RenderedDocument, SupplementRequestData } from '../types';
import {
  applicantLines,
  BODY,
  deskIssuingBody,
  deskName,
  finish,
  INDENT,
  openCanvas,
} from './common';

export const SUPPLEMENT_REQUEST_TITLE = 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ';

function contactSentence(contact: OfficerInfo): string {
  const parts = [`Ông/Bà ${contact.fullName}`];
  if (contact.position) parts.push(contact.position);
  if (contact.phone) parts.push(`số điện thoại ${contact.phone}`);
  if (contact.email) parts.push(`thư điện tử ${contact.email}`);
  return `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, đề nghị liên hệ: ${parts.join(', ')} để được hướng dẫn.`;
}

export async function renderSupplementRequest(
  data: SupplementRequestData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'SUPPLEMENT_REQUEST'>> {
  const body = data.issuingBody ?? deskIssuingBody(data.ward);
  const desk = deskName(data.ward);
  const canvas = await openCanvas(
    {
      title: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ${data.dossierCode}`,
      author: desk,
      subject: data.procedure.name,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, {
    formNumber: 'Mẫu số 02',
    superior: body.superior,
    issuer: body.issuer,
    number: `Số: ${data.dossierCode}/HDHS`,
    placeDate: formatPlaceDate(data.ward.place, data.issuedAt),
  });
  drawTitle(canvas, { title: SUPPLEMENT_REQUEST_TITLE });

  paragraph(canvas, 'Hồ sơ của:', { indent: INDENT });
  applicantLines(canvas, data.applicant, { indent: INDENT });
  labelled(canvas, 'Nội dung yêu cầu giải quyết', data.procedure.name, { indent: INDENT });
  labelled(canvas, 'Mã hồ sơ', data.dossierCode, { indent: INDENT, spaceAfter: 4 });

  paragraph(
    canvas,
    `Sau khi xem xét thành phần hồ sơ, ${desk} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`,
    { ...BODY, keepWithNext: 60 },
  );
  drawTable(canvas, {
    columns: [
      { header: 'TT', weight: 0.55, align: 'center' },
      { header: 'Thành phần hồ sơ', weight: 3.2 },
      { header: 'Nội dung cần bổ sung, hoàn thiện', weight: 4.2 },
    ],
    rows: data.items.map((item, index) => [
      { text: String(index + 1) },
      { text: item.name },
      { text: item.requirement },
    ]),
  });
  canvas.moveDown(6);

  labelled(canvas, 'Lý do', data.reason, { ...BODY, labelStyle: 'bold' });
  paragraph(
    canvas,
    `Thời hạn bổ sung, hoàn thiện hồ sơ: trước ${formatTimeDate(data.answerBy)}. Quá thời hạn trên mà hồ sơ chưa được bổ sung, hoàn thiện thì hồ sơ bị dừng giải quyết.`,
    BODY,
  );
  drawClosing(canvas, {
    lead: [{ text: contactSentence(data.contact ?? data.guide), options: BODY }],
    signer: {
      headings: ['NGƯỜI HƯỚNG DẪN'],
      hint: '(Ký, ghi rõ họ tên)',
      field: { name: 'receiver', role: 'RECEIVER', tooltip: 'Chữ ký của người hướng dẫn' },
      signatureImage: data.guide.signatureImage,
      name: data.guide.fullName,
    },
  });
  return finish(canvas, 'SUPPLEMENT_REQUEST', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
}
