/**
 * Mẫu số 03 (Circular 03/2025/TT-VPCP): Phiếu từ chối tiếp nhận, giải quyết hồ sơ, issued by
 * whoever refused: the one-stop desk at verification (signature field `receiver`), or the ward
 * or department that rejected the dossier (signature field `approver`).
 */
import { formatPlaceDate } from '../format';
import type { LayoutTrace, SignatureRole } from '../layout/canvas';
import { labelled, paragraph } from '../layout/flow';
import { drawHeader } from '../layout/header';
import { drawClosing, recipientLines, type SignerBlockSpec } from '../layout/signer';
import { drawTitle } from '../layout/title';
import type { IssuingBody, RefusalData, RenderedDocument } from '../types';
import { unitFullName } from '../units';
import {
  applicantLines,
  BODY,
  deskIssuingBody,
  deskName,
  finish,
  INDENT,
  listItem,
  numberLine,
  openCanvas,
  signerHeadings,
  unitIssuingBody,
} from './common';

export const REFUSAL_TITLE = 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ';

interface Issuer {
  body: IssuingBody;
  /** Named in the sentences, e.g. "Bộ phận Một cửa phường Sài Gòn". */
  name: string;
  place: string;
  signer: SignerBlockSpec;
}

function issuer(data: RefusalData): Issuer {
  const tooltip = `Chữ ký của ${data.decidedBy.fullName.normalize('NFC')}`;
  if (data.stage === 'VERIFICATION') {
    return {
      body: deskIssuingBody(data.ward),
      name: deskName(data.ward),
      place: data.ward.place,
      signer: {
        headings: ['NGƯỜI TIẾP NHẬN'],
        hint: '(Ký, ghi rõ họ tên)',
        field: { name: 'receiver', role: 'RECEIVER', tooltip },
        signatureImage: data.decidedBy.signatureImage,
        name: data.decidedBy.fullName,
      },
    };
  }
  const unit = data.stage === 'WARD_APPROVAL' ? data.ward : data.department;
  const role: SignatureRole =
    data.stage === 'WARD_APPROVAL' ? 'WARD_APPROVER' : 'DEPARTMENT_APPROVER';
  return {
    body: unitIssuingBody(unit),
    name: unitFullName(unit),
    place: unit.place,
    signer: {
      headings: signerHeadings(data.decidedBy),
      field: { name: 'approver', role, tooltip },
      signatureImage: data.decidedBy.signatureImage,
      name: data.decidedBy.fullName,
    },
  };
}

export async function renderRefusal(
  data: RefusalData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'REFUSAL'>> {
  const who = issuer(data);
  const body = data.issuingBody ?? who.body;
  const canvas = await openCanvas(
    {
      title: `Phiếu từ chối tiếp nhận, giải quyết hồ sơ ${data.dossierCode}`,
      author: who.name,
      subject: data.procedure.name,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, {
    formNumber: 'Mẫu số 03',
    superior: body.superior,
    issuer: body.issuer,
    number: numberLine(data.documentNumber ?? data.dossierCode, 'TCHS'),
    placeDate: formatPlaceDate(who.place, data.issuedAt),
  });
  drawTitle(canvas, { title: REFUSAL_TITLE });

  paragraph(canvas, `${who.name} đã nhận hồ sơ của:`, { indent: INDENT });
  applicantLines(canvas, data.applicant, { indent: INDENT });
  labelled(canvas, 'Nội dung yêu cầu giải quyết', data.requestContent ?? data.procedure.name, {
    indent: INDENT,
  });
  labelled(canvas, 'Mã hồ sơ', data.dossierCode, { indent: INDENT, spaceAfter: 4 });

  paragraph(
    canvas,
    `Qua xem xét, ${who.name} từ chối tiếp nhận, giải quyết hồ sơ nêu trên với lý do cụ thể như sau:`,
    { ...BODY, keepWithNext: 20 },
  );
  data.reasons.forEach((reason, index) =>
    listItem(canvas, `${index + 1}.`, reason, { indent: INDENT, spaceAfter: 2 }),
  );
  drawClosing(canvas, {
    lead: [
      {
        text: 'Xin thông báo để Ông/Bà được biết và thực hiện./.',
        options: { ...BODY, spaceBefore: 3 },
      },
    ],
    recipients: recipientLines(
      data.recipients ?? [`Ông/Bà ${data.applicant.fullName.normalize('NFC')}`],
    ),
    signer: who.signer,
  });
  return finish(canvas, 'REFUSAL', 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ');
}
