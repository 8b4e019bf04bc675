/**
 * Đơn / tờ khai: the applicant's e-form rendered from the procedure's JSON Schema with their
 * answers — the motto, the form's title, "Kính gửi", the applicant, every field as "title: value"
 * (nested objects as numbered bold sections), the checklist of required documents with those
 * attached marked, the commitment, place and date, and the applicant's signature field
 * `applicant`.
 */
import { formatPlaceDate, lowerFirst, upper } from '../format';
import { asSchema, formEntries } from '../form-schema';
import type { LayoutTrace } from '../layout/canvas';
import { BODY_SIZE, labelled, paragraph } from '../layout/flow';
import { drawMottoCentred } from '../layout/header';
import { drawClosing } from '../layout/signer';
import { drawTable } from '../layout/table';
import { drawTitle } from '../layout/title';
import type { ApplicationFormData, RenderedDocument } from '../types';
import { unitFullName } from '../units';
import { finish, INDENT, openCanvas } from './common';

export const COMMITMENT =
  'Tôi xin cam đoan những nội dung kê khai trên đây là đúng sự thật và xin hoàn toàn chịu trách nhiệm trước pháp luật.';

/** Printed for an unanswered field, to be filled by hand. */
const BLANK = '..............................';

/** The mark for an attached document (Vietnamese forms tick with an X). */
const ATTACHED = 'X';

export function applicationTitle(data: Pick<ApplicationFormData, 'procedure'>): string {
  const schemaTitle = asSchema(data.procedure.formSchema).title;
  return typeof schemaTitle === 'string' && schemaTitle.trim() !== ''
    ? schemaTitle.normalize('NFC')
    : `Đơn đề nghị ${lowerFirst(data.procedure.name)}`;
}

function sectionHeading(canvas: Parameters<typeof paragraph>[0], text: string): void {
  paragraph(canvas, text, { style: 'bold', spaceBefore: 6, spaceAfter: 2, keepWithNext: 16 });
}

export async function renderApplicationForm(
  data: ApplicationFormData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'APPLICATION_FORM'>> {
  const title = applicationTitle(data);
  const canvas = await openCanvas(
    {
      title,
      author: data.applicant.fullName,
      subject: data.procedure.name,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawMottoCentred(canvas);
  canvas.moveDown(12);
  drawTitle(canvas, { title: upper(title) });
  paragraph(
    canvas,
    [
      { text: 'Kính gửi: ', style: 'bold' },
      { text: `${data.addressee ?? unitFullName(data.ward)}.`, style: 'regular' },
    ],
    { align: 'center', spaceAfter: 8 },
  );

  sectionHeading(canvas, 'I. THÔNG TIN NGƯỜI ĐỀ NGHỊ');
  const a = data.applicant;
  labelled(canvas, 'Họ và tên', a.fullName, { indent: INDENT, valueStyle: 'bold' });
  labelled(canvas, 'Số định danh cá nhân', a.idNumber, { indent: INDENT });
  labelled(canvas, 'Địa chỉ', a.address, { indent: INDENT });
  labelled(canvas, 'Số điện thoại', a.phone, { indent: INDENT });
  labelled(canvas, 'Thư điện tử', a.email ?? BLANK, { indent: INDENT });
  if (data.dossierCode) labelled(canvas, 'Mã hồ sơ', data.dossierCode, { indent: INDENT });

  sectionHeading(canvas, 'II. NỘI DUNG ĐỀ NGHỊ');
  labelled(canvas, 'Thủ tục', `${data.procedure.name} (mã thủ tục ${data.procedure.code})`, {
    indent: INDENT,
  });
  for (const entry of formEntries(asSchema(data.procedure.formSchema), data.form)) {
    const indent = INDENT + entry.depth * 14;
    if (entry.kind === 'section') {
      paragraph(canvas, `${entry.number} ${entry.title}`, {
        style: 'bold',
        indent,
        spaceBefore: 3,
        keepWithNext: 16,
      });
    } else {
      const hang = indent + canvas.measure('- ', { style: 'regular', size: BODY_SIZE });
      labelled(canvas, `- ${entry.title}`, entry.value ?? BLANK, { indent, restIndent: hang });
    }
  }

  sectionHeading(canvas, 'III. GIẤY TỜ KÈM THEO');
  const attached = new Set(data.attachedDocumentCodes);
  drawTable(canvas, {
    columns: [
      { header: 'TT', weight: 0.55, align: 'center' },
      { header: 'Tên giấy tờ', weight: 5.2 },
      { header: 'Bắt buộc', weight: 1, align: 'center' },
      { header: 'Đã nộp', weight: 0.95, align: 'center' },
    ],
    rows: data.procedure.requiredDocuments.map((doc, index) => [
      { text: String(index + 1) },
      { text: doc.name },
      { text: doc.required ? 'Có' : 'Không' },
      { text: attached.has(doc.code) ? ATTACHED : '', style: 'bold' },
    ]),
  });
  canvas.moveDown(8);

  drawClosing(canvas, {
    lead: [{ text: COMMITMENT, options: { indent: INDENT } }],
    leftShare: 0.38,
    signer: {
      placeDate: formatPlaceDate(data.place ?? data.ward.place, data.issuedAt),
      headings: ['NGƯỜI LÀM ĐƠN'],
      hint: '(Ký, ghi rõ họ tên)',
      field: { name: 'applicant', role: 'APPLICANT', tooltip: 'Chữ ký của người làm đơn' },
      name: data.applicant.fullName,
    },
  });
  return finish(canvas, 'APPLICATION_FORM', title);
}
