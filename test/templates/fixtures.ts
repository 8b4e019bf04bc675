/**
 * Demo data for the template tests and the rendered samples: Phường Sài Gòn and the Sở Xây dựng
 * of Thành phố Hồ Chí Minh, a construction permit for a detached house with a nested e-form.
 * Local until the domain catalogue lands (then switch `constructionPermit` to it).
 */
import type { Applicant, DocumentKind, Procedure, Unit } from '../../domain/types';
import type { DocumentDataMap } from '../../templates';

export const WARD: Unit = {
  code: 'SAIGON',
  name: 'Phường Sài Gòn',
  kind: 'WARD',
  agencyId: '000.26.01.H29',
  parentName: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
  issuerName: 'ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN',
  documentSymbol: 'UBND',
  place: 'Thành phố Hồ Chí Minh',
  address: '45-47 Lê Duẩn, Phường Sài Gòn, Thành phố Hồ Chí Minh',
};

export const DEPARTMENT: Unit = {
  code: 'SXD',
  name: 'Sở Xây dựng',
  kind: 'DEPARTMENT',
  agencyId: '000.00.20.H29',
  parentName: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
  issuerName: 'SỞ XÂY DỰNG',
  documentSymbol: 'SXD',
  place: 'Thành phố Hồ Chí Minh',
  address: '60 Trương Định, Phường Xuân Hòa, Thành phố Hồ Chí Minh',
};

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

export const FORM_SCHEMA: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Đơn đề nghị cấp giấy phép xây dựng',
  type: 'object',
  required: ['congTrinh', 'quyMo'],
  properties: {
    congTrinh: {
      type: 'object',
      title: 'Thông tin công trình',
      properties: {
        loaiCongTrinh: {
          type: 'string',
          title: 'Loại công trình',
          oneOf: [
            { const: 'NHA_O_RIENG_LE', title: 'Nhà ở riêng lẻ' },
            { const: 'NHA_O_KET_HOP_KINH_DOANH', title: 'Nhà ở riêng lẻ kết hợp kinh doanh' },
          ],
        },
        capCongTrinh: { type: 'string', title: 'Cấp công trình', enum: ['III', 'IV'] },
        diaDiem: { type: 'string', title: 'Địa điểm xây dựng' },
        loDat: {
          type: 'object',
          title: 'Lô đất',
          properties: {
            thuaDat: { type: 'string', title: 'Thửa đất số' },
            toBanDo: { type: 'string', title: 'Tờ bản đồ số' },
            dienTich: { type: 'number', title: 'Diện tích lô đất (m²)' },
          },
        },
      },
    },
    quyMo: {
      type: 'object',
      title: 'Nội dung đề nghị cấp phép',
      properties: {
        dienTichXayDung: { type: 'number', title: 'Diện tích xây dựng tầng 1 (m²)' },
        tongDienTichSan: { type: 'number', title: 'Tổng diện tích sàn (m²)' },
        chieuCao: { type: 'number', title: 'Chiều cao công trình (m)' },
        soTang: { type: 'integer', title: 'Số tầng' },
        coTangHam: { type: 'boolean', title: 'Có tầng hầm' },
      },
    },
    donViThietKe: { type: 'string', title: 'Đơn vị hoặc người thiết kế' },
    ngayKhoiCong: { type: 'string', format: 'date', title: 'Dự kiến thời gian khởi công' },
    ghiChu: { type: 'string', title: 'Ghi chú' },
  },
};

export const FORM_ANSWERS: Record<string, unknown> = {
  congTrinh: {
    loaiCongTrinh: 'NHA_O_RIENG_LE',
    capCongTrinh: 'III',
    diaDiem: '12 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh',
    loDat: { thuaDat: '125', toBanDo: '7', dienTich: 96.5 },
  },
  quyMo: {
    dienTichXayDung: 84.2,
    tongDienTichSan: 336.8,
    chieuCao: 15.6,
    soTang: 4,
    coTangHam: false,
  },
  donViThietKe: 'Công ty TNHH Tư vấn Thiết kế Xây dựng Phương Nam',
  ngayKhoiCong: '2027-01-15',
};

export function constructionPermit(): Procedure {
  return {
    code: '1.009994.000.00.00.H29',
    name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
    description: 'Cấp giấy phép xây dựng cho nhà ở riêng lẻ tại đô thị.',
    field: 'Hoạt động xây dựng',
    departmentCode: 'SXD',
    chain: ['WARD', 'DEPARTMENT'],
    sla: { verification: 1, ward: 5, department: 8, supplementLimit: 10 },
    totalWorkingDays: 15,
    requiredDocuments: [
      { code: 'DON', name: 'Đơn đề nghị cấp giấy phép xây dựng', required: true, originals: 1 },
      {
        code: 'QSDD',
        name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất',
        required: true,
        copies: 1,
      },
      {
        code: 'BANVE',
        name: 'Bản vẽ thiết kế xây dựng: mặt bằng, mặt cắt, mặt đứng, móng và đấu nối',
        required: true,
        originals: 2,
      },
      {
        code: 'CAMKET',
        name: 'Bản cam kết bảo đảm an toàn đối với công trình liền kề',
        required: false,
        originals: 1,
      },
    ],
    formSchema: FORM_SCHEMA,
    decision: {
      id: 'GPXD-NORL',
      summary: 'Về việc cấp giấy phép xây dựng nhà ở riêng lẻ',
      symbol: 'QĐ-SXD',
      authority: 'GIÁM ĐỐC SỞ XÂY DỰNG',
      legalGrounds: [
        'Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014; Luật sửa đổi, bổ sung một số điều của Luật Xây dựng ngày 17 tháng 6 năm 2020',
        'Căn cứ Nghị định số 175/2024/NĐ-CP ngày 30 tháng 12 năm 2024 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng',
        'Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông',
      ],
      articles: [
        'Điều 1. Cấp giấy phép xây dựng cho bà {{applicant.fullName}}, địa chỉ: {{applicant.address}}, được xây dựng công trình (loại công trình: {{form.congTrinh.loaiCongTrinh}}) tại {{form.congTrinh.diaDiem}}, với diện tích xây dựng tầng 1 là {{form.quyMo.dienTichXayDung}} m², tổng diện tích sàn {{form.quyMo.tongDienTichSan}} m², chiều cao công trình {{form.quyMo.chieuCao}} m, số tầng: {{form.quyMo.soTang}}.',
        'Điều 2. Chủ đầu tư có trách nhiệm thực hiện đúng nội dung giấy phép được cấp, thông báo khởi công cho cơ quan có thẩm quyền và chịu sự kiểm tra của {{ward.name}} trong quá trình thi công (hồ sơ số {{case.code}}).',
        'Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng {{unit.name}}, Chủ tịch Ủy ban nhân dân {{ward.name}} và bà {{applicant.fullName}} chịu trách nhiệm thi hành Quyết định này./.',
      ],
      recipients: ['Như Điều 3', 'Giám đốc Sở (để b/c)', 'Ủy ban nhân dân Phường Sài Gòn'],
      signerPrefix: 'KT. GIÁM ĐỐC',
    },
    feeVnd: 75000,
  };
}

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
      attachedDocumentCodes: ['DON', 'QSDD', 'BANVE'],
      issuedAt: '2026-12-03T08:12:00+07:00',
    },
    RECEIPT: {
      ...CASE(),
      issuedAt: '2026-12-03T08:30:00+07:00',
      receivedAt: '2026-12-03T08:30:00+07:00',
      appointmentAt: '2026-12-24T14:00:00+07:00',
      channel: 'ONLINE',
      documents: procedure.requiredDocuments.slice(0, 3).map((d) => ({
        name: d.name,
        originals: d.originals,
        copies: d.copies,
        digitallySigned: d.code === 'DON',
      })),
      trackingBaseUrl: 'https://dichvucong.hochiminhcity.gov.vn',
      receiver: { fullName: 'Trần Minh Khoa', position: 'Công chức Bộ phận Một cửa' },
    },
    SUPPLEMENT_REQUEST: {
      ...CASE(),
      issuedAt: '2026-12-04T09:15:00+07:00',
      items: [
        {
          name: 'Bản vẽ thiết kế xây dựng: mặt bằng, mặt cắt, mặt đứng, móng và đấu nối',
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
        donViThietKe: longText(400, 'Công ty'),
        ghiChu: note,
        congTrinh: { ...(FORM_ANSWERS.congTrinh as object), diaDiem: LONG_ADDRESS },
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
