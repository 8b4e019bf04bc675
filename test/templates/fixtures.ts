/**
 * Demo data for the template tests and the rendered samples: Phường Sài Gòn and the Sở Xây dựng
 * of Thành phố Hồ Chí Minh, the catalogue's construction permit with its nested e-form.
 */
import { CONSTRUCTION_PERMIT, EXAMPLE_APPLICATIONS, requireUnit } from '../../domain/catalogue';
import type { Applicant, DocumentKind, Procedure, Unit } from '../../domain/types';
import type { DocumentDataMap } from '../../templates';

/** Phường Sài Gòn and Sở Xây dựng, from the domain catalogue. */
export const WARD: Unit = requireUnit('SAIGON');
export const DEPARTMENT: Unit = requireUnit('SXD');

/** The applicant's name arrives decomposed (NFD) on purpose: the PDFs must show it as NFC. */
export const APPLICANT_NAME = 'Nguyễn Thị Hồng Nhung';

export const APPLICANT: Applicant = {
  fullName: APPLICANT_NAME.normalize('NFD'),
  idNumber: '079190001234',
  phone: '0903 123 456',
  email: 'nhung.nguyen@example.vn',
  address: '12 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh'.normalize('NFD'),
};

export const DOSSIER_CODE = '000.26.01.H29-261203-0007';

/** The catalogue's construction permit (a copy: the catalogue is frozen, tests change it). */
export function constructionPermit(): Procedure {
  return structuredClone(CONSTRUCTION_PERMIT) as Procedure;
}

export const FORM_SCHEMA: Record<string, unknown> = constructionPermit().formSchema;

/** The catalogue's example answers to the construction-permit e-form. */
export const FORM_ANSWERS: Record<string, unknown> = structuredClone(
  EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === CONSTRUCTION_PERMIT.code)?.form ?? {},
) as Record<string, unknown>;

const CASE = () => ({
  dossierCode: DOSSIER_CODE,
  applicant: { ...APPLICANT },
  procedure: constructionPermit(),
  ward: WARD,
  department: DEPARTMENT,
});

/** Realistic data for every kind. */
export function sampleData(): DocumentDataMap {
  const procedure = constructionPermit();
  return {
    APPLICATION_FORM: {
      applicant: { ...APPLICANT },
      procedure,
      ward: WARD,
      department: DEPARTMENT,
      form: FORM_ANSWERS,
      attachedDocumentCodes: procedure.requiredDocuments
        .filter((d) => d.required)
        .map((d) => d.code),
      issuedAt: '2026-12-03T08:12:00+07:00',
    },
    RECEIPT: {
      ...CASE(),
      issuedAt: '2026-12-03T08:30:00+07:00',
      receivedAt: '2026-12-03T08:30:00+07:00',
      appointmentAt: '2026-12-24T14:00:00+07:00',
      channel: 'ONLINE',
      documents: procedure.requiredDocuments.slice(0, 5).map((d) => ({
        name: d.name,
        originals: d.originals,
        copies: d.copies,
        digitallySigned: d.code === 'DON_DE_NGHI',
      })),
      trackingBaseUrl: 'https://dichvucong.hochiminhcity.gov.vn',
      receiver: { fullName: 'Trần Minh Khoa', position: 'Công chức Bộ phận Một cửa' },
    },
    SUPPLEMENT_REQUEST: {
      ...CASE(),
      issuedAt: '2026-12-04T09:15:00+07:00',
      items: [
        {
          name: 'Bản vẽ thiết kế xây dựng',
          requirement:
            'Bổ sung bản vẽ mặt cắt móng có chữ ký của chủ nhiệm thiết kế; bản vẽ mặt đứng thể hiện rõ chiều cao từng tầng.',
        },
        {
          name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất',
          requirement: 'Nộp bản sao có chứng thực hoặc bản điện tử có chữ ký số.',
        },
      ],
      reason: 'Hồ sơ chưa đủ thành phần theo quy định tại Nghị định số 175/2024/NĐ-CP.',
      answerBy: '2026-12-18T17:00:00+07:00',
      guide: {
        fullName: 'Trần Minh Khoa',
        position: 'Công chức Bộ phận Một cửa',
        phone: '028 3829 1234',
        email: 'motcua.saigon@tphcm.gov.vn',
      },
    },
    REFUSAL: {
      ...CASE(),
      issuedAt: '2026-12-10T15:40:00+07:00',
      stage: 'WARD_APPROVAL',
      reasons: [
        'Vị trí xây dựng thuộc khu vực đã có quyết định thu hồi đất để thực hiện dự án chỉnh trang đô thị.',
        'Chiều cao công trình vượt quá chiều cao tối đa cho phép theo quy hoạch chi tiết 1/500 được duyệt.',
      ],
      decidedBy: {
        fullName: 'Lê Văn Phúc',
        position: 'Phó Chủ tịch',
        authorityPrefix: 'KT. CHỦ TỊCH',
      },
      documentNumber: '215/TB-UBND',
    },
    CONTROL_SHEET: {
      ...CASE(),
      issuedAt: '2026-12-03T08:30:00+07:00',
      receivedAt: '2026-12-03T08:30:00+07:00',
      appointmentAt: '2026-12-24T14:00:00+07:00',
    },
    APOLOGY: {
      ...CASE(),
      issuedAt: '2026-12-23T10:00:00+07:00',
      responsibleLevel: 'DEPARTMENT',
      receivedAt: '2026-12-03T08:30:00+07:00',
      originalAppointmentAt: '2026-12-24T14:00:00+07:00',
      newAppointmentAt: '2027-01-07T14:00:00+07:00',
      reason:
        'Hồ sơ cần lấy ý kiến của cơ quan quản lý quy hoạch về chỉ giới xây dựng; cơ quan được hỏi chưa có văn bản trả lời.',
      signer: {
        fullName: 'Phạm Thị Thu Hà',
        position: 'Phó Giám đốc',
        authorityPrefix: 'KT. GIÁM ĐỐC',
      },
      documentNumber: '88/XL-SXD',
    },
    DECISION: {
      ...CASE(),
      issuedAt: '2026-12-22T16:00:00+07:00',
      documentNumber: '12',
      form: FORM_ANSWERS,
      signer: { fullName: 'Phạm Thị Thu Hà', position: 'Phó Giám đốc' },
    },
  };
}

export const KINDS: readonly DocumentKind[] = [
  'APPLICATION_FORM',
  'RECEIPT',
  'SUPPLEMENT_REQUEST',
  'REFUSAL',
  'CONTROL_SHEET',
  'APOLOGY',
  'DECISION',
];

/** "Lorem ipsum" in Vietnamese, `length` characters long (whole words, NFD on purpose). */
export function longText(length: number, seed = 'Nội dung ghi chú'): string {
  const words =
    `${seed} về việc bổ sung hồ sơ cấp phép xây dựng nhà ở riêng lẻ tại phường Sài Gòn, thành phố Hồ Chí Minh; người nộp hồ sơ đề nghị cơ quan có thẩm quyền xem xét giải quyết theo đúng quy định của pháp luật hiện hành.`.split(
      ' ',
    );
  let text = '';
  let i = 0;
  while (text.length < length) {
    text += (text ? ' ' : '') + words[i % words.length];
    i += 1;
  }
  return text.slice(0, length).normalize('NFD');
}

/** A 300-character address. */
export const LONG_ADDRESS =
  `Số 123/45/6A hẻm ${'liên khu dân cư '.repeat(8)}đường Nguyễn Thị Minh Khai nối dài, khu phố 5, Phường Sài Gòn, Thành phố Hồ Chí Minh, gần chợ Bến Thành và công viên 23 tháng 9, đối diện trường Trung học phổ thông chuyên Lê Hồng Phong cũ`.slice(
    0,
    300,
  );

/** Data pushed to the extremes: long names, addresses and notes, 40 documents, 10 levels. */
export function extremeData(): DocumentDataMap {
  const base = sampleData();
  const name =
    'Tôn Nữ Thị Hoàng Anh Nguyễn Phước Bảo Châu Huyền Trân Công Tằng Tôn Nữ Diệu Linh Khánh Ngọc'.normalize(
      'NFD',
    );
  const applicant: Applicant = {
    ...APPLICANT,
    fullName: name,
    address: LONG_ADDRESS.normalize('NFD'),
    email: `${'rat.dai.ten.nguoi.nop.ho.so.'.repeat(3)}@example.vn`,
  };
  const note = longText(5000);
  const procedure = constructionPermit();
  procedure.requiredDocuments = Array.from({ length: 40 }, (_, i) => ({
    code: `DOC${i + 1}`,
    name: `Giấy tờ số ${i + 1}: ${longText(60 + ((i * 37) % 180), 'Bản sao có chứng thực')}`,
    required: i % 3 !== 0,
    originals: i % 2,
    copies: (i + 1) % 2,
  }));
  // Every field filled, plus a free-text note the catalogue form does not have.
  const schema = procedure.formSchema as { properties: Record<string, unknown> };
  schema.properties.ghiChu = { type: 'string', title: 'Ghi chú' };
  procedure.chain = [
    'WARD',
    'DEPARTMENT',
    'WARD',
    'DEPARTMENT',
    'WARD',
    'DEPARTMENT',
    'WARD',
    'DEPARTMENT',
    'WARD',
    'DEPARTMENT',
  ];
  procedure.decision = {
    ...procedure.decision,
    legalGrounds: [
      ...procedure.decision.legalGrounds,
      ...Array.from({ length: 12 }, (_, i) =>
        longText(200 + i * 20, `Căn cứ Quyết định số ${i + 1}`),
      ),
    ],
    articles: [
      ...procedure.decision.articles.slice(0, 2),
      `Điều 3. ${longText(2500, 'Chủ đầu tư')}`,
      `Điều 4. ${longText(1800, '{{applicant.fullName}} cam kết')}`,
      procedure.decision.articles[2]?.replace('Điều 3.', 'Điều 5.') ?? '',
    ],
    recipients: Array.from(
      { length: 40 },
      (_, i) => `Cơ quan phối hợp số ${i + 1} ${longText(20 + (i % 4) * 25, 'thuộc')}`,
    ),
  };
  const caseInfo = {
    dossierCode: DOSSIER_CODE,
    applicant,
    procedure,
    ward: WARD,
    department: DEPARTMENT,
  };
  const longUnit = `${'Trung tâm Phục vụ hành chính công liên thông '.repeat(3)}Thành phố Hồ Chí Minh`;
  return {
    APPLICATION_FORM: {
      ...base.APPLICATION_FORM,
      applicant,
      procedure,
      form: {
        ...FORM_ANSWERS,
        ghiChu: note,
        site: { address: LONG_ADDRESS },
        designer: { ...(FORM_ANSWERS.designer as object), organization: longText(400, 'Công ty') },
      },
      attachedDocumentCodes: procedure.requiredDocuments
        .filter((_, i) => i % 2 === 0)
        .map((d) => d.code),
    },
    RECEIPT: {
      ...base.RECEIPT,
      ...caseInfo,
      documents: procedure.requiredDocuments.map((d) => ({
        name: d.name,
        originals: d.originals,
        copies: d.copies,
        digitallySigned: d.required,
      })),
      collectAt: longText(300, 'Nhận tại'),
      receiver: { fullName: name },
    },
    SUPPLEMENT_REQUEST: {
      ...base.SUPPLEMENT_REQUEST,
      ...caseInfo,
      items: [
        ...procedure.requiredDocuments.map((d, i) => ({
          name: d.name,
          requirement: longText(40 + ((i * 53) % 300), 'Bổ sung'),
        })),
        // One row taller than a page: its text must be split across pages.
        { name: 'Thuyết minh thiết kế', requirement: note },
      ],
      reason: note,
      guide: {
        fullName: name,
        position: longText(120, 'Công chức'),
        phone: '028 3829 1234',
        email: 'motcua.saigon@tphcm.gov.vn',
      },
    },
    REFUSAL: {
      ...base.REFUSAL,
      ...caseInfo,
      issuingBody: { superior: 'UBND THÀNH PHỐ HỒ CHÍ MINH', issuer: longUnit.toUpperCase() },
      reasons: [
        note,
        ...Array.from({ length: 10 }, (_, i) => longText(150 + i * 10, `Lý do ${i + 1}`)),
      ],
      recipients: Array.from({ length: 40 }, (_, i) => `Nơi nhận số ${i + 1}`),
      decidedBy: { fullName: name, position: 'Phó Chủ tịch', authorityPrefix: 'KT. CHỦ TỊCH' },
    },
    CONTROL_SHEET: {
      ...base.CONTROL_SHEET,
      ...caseInfo,
      ward: { ...WARD, name: `Phường ${'Sài Gòn Bến Thành Nguyễn Thái Bình '.repeat(3).trim()}` },
      department: { ...DEPARTMENT, name: longUnit },
    },
    APOLOGY: {
      ...base.APOLOGY,
      ...caseInfo,
      reason: note,
      signer: { fullName: name, position: 'Phó Giám đốc', authorityPrefix: 'KT. GIÁM ĐỐC' },
      recipients: Array.from({ length: 30 }, (_, i) => `Đơn vị liên quan số ${i + 1}`),
    },
    DECISION: {
      ...base.DECISION,
      ...caseInfo,
      proposedBy: longText(300, 'Trưởng phòng'),
      signer: { fullName: name, position: 'Phó Giám đốc' },
    },
  };
}
