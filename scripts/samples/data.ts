/**
 * What each document of the demo case says: `sampleData.<kind>(case)` composes the template
 * input of one document kind from a {@link DemoCase}, nothing else.
 */
import type { DocumentKind } from '../../domain/types';
import type { DemoOfficial } from '../../domain/catalogue';
import type { CaseInfo, DocumentDataMap, OfficerInfo, SignerInfo } from '../../templates';
import type { DemoCase } from './case';

/** Public portal of the demo city (tracking links on receipts). */
export const DEMO_PORTAL_URL = 'https://dichvucong.hochiminhcity.gov.vn';

/** Document numbers of the demo case, by the unit's register. */
export const DEMO_DOCUMENT_NUMBERS = { refusal: '27', apology: '15', decision: '125' } as const;

/** The facts every case document draws on. */
export function caseInfo(c: DemoCase): CaseInfo {
  return {
    dossierCode: c.dossierCode,
    applicant: { ...c.applicant },
    procedure: c.procedure,
    ward: c.ward,
    department: c.department,
  };
}

function officer(o: DemoOfficial): OfficerInfo {
  return { fullName: o.fullName, position: o.position };
}

function signer(o: DemoOfficial, authorityPrefix?: string): SignerInfo {
  return {
    fullName: o.fullName,
    position: o.position,
    ...(authorityPrefix ? { authorityPrefix } : {}),
  };
}

type SampleDataBuilders = { [K in DocumentKind]: (c: DemoCase) => DocumentDataMap[K] };

export const sampleData: SampleDataBuilders = {
  APPLICATION_FORM: (c) => ({
    applicant: { ...c.applicant },
    procedure: c.procedure,
    ward: c.ward,
    department: c.department,
    form: c.form,
    attachedDocumentCodes: c.attachedDocumentCodes,
    issuedAt: c.times.submittedAt,
  }),

  RECEIPT: (c) => ({
    ...caseInfo(c),
    issuedAt: c.times.receivedAt,
    receivedAt: c.times.receivedAt,
    appointmentAt: c.times.appointmentAt,
    channel: 'ONLINE',
    documents: c.procedure.requiredDocuments
      .filter((d) => c.attachedDocumentCodes.includes(d.code))
      .map((d) => ({
        name: d.name,
        originals: d.originals,
        copies: d.copies,
        digitallySigned: d.code === 'DON_DE_NGHI',
      })),
    trackingBaseUrl: DEMO_PORTAL_URL,
    receiver: officer(c.officials.receiver),
  }),

  SUPPLEMENT_REQUEST: (c) => ({
    ...caseInfo(c),
    issuedAt: c.times.supplementRequestedAt,
    items: [
      {
        name: 'Bản vẽ thiết kế xây dựng',
        requirement:
          'Bổ sung bản vẽ mặt bằng móng và sơ đồ đấu nối hệ thống hạ tầng kỹ thuật có chữ ký của chủ nhiệm thiết kế.',
      },
      {
        name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất',
        requirement: 'Nộp bản sao có chứng thực hoặc bản điện tử có chữ ký số của cơ quan cấp.',
      },
    ],
    reason: 'Hồ sơ chưa đủ thành phần theo quy định của thủ tục hành chính.',
    answerBy: c.times.supplementAnswerBy,
    guide: officer(c.officials.receiver),
  }),

  REFUSAL: (c) => ({
    ...caseInfo(c),
    issuedAt: c.times.wardDecidedAt,
    stage: 'WARD_APPROVAL',
    reasons: [
      'Vị trí xây dựng thuộc khu vực đã có quyết định thu hồi đất để thực hiện dự án chỉnh trang đô thị.',
      'Chiều cao công trình vượt quá chiều cao tối đa cho phép theo quy hoạch chi tiết tỷ lệ 1/500 được duyệt.',
    ],
    decidedBy: signer(c.officials.wardApprover, 'KT. CHỦ TỊCH'),
    documentNumber: DEMO_DOCUMENT_NUMBERS.refusal,
  }),

  CONTROL_SHEET: (c) => ({
    ...caseInfo(c),
    issuedAt: c.times.receivedAt,
    receivedAt: c.times.receivedAt,
    appointmentAt: c.times.appointmentAt,
    steps: c.steps.map((s) => ({ from: s.fromUnit, to: s.toUnit, note: s.note })),
  }),

  APOLOGY: (c) => ({
    ...caseInfo(c),
    issuedAt: c.times.apologyAt,
    responsibleLevel: 'DEPARTMENT',
    receivedAt: c.times.receivedAt,
    originalAppointmentAt: c.times.appointmentAt,
    newAppointmentAt: c.times.newAppointmentAt,
    reason:
      'Hồ sơ cần lấy ý kiến của cơ quan quản lý quy hoạch về chỉ giới xây dựng; cơ quan được hỏi chưa có văn bản trả lời.',
    signer: signer(c.officials.departmentApprover, 'KT. GIÁM ĐỐC'),
    documentNumber: DEMO_DOCUMENT_NUMBERS.apology,
  }),

  DECISION: (c) => ({
    ...caseInfo(c),
    issuedAt: c.times.departmentDecidedAt,
    documentNumber: DEMO_DOCUMENT_NUMBERS.decision,
    form: c.form,
    // The authority prefix ("KT. GIÁM ĐỐC") comes from the procedure's decision template.
    signer: signer(c.officials.departmentApprover),
  }),
};
