/**
 * Every request and response of the HTTP contract (API.md), defined once. The TypeScript types
 * (`z.input`/`z.infer`), the validation at the edge (contract/validate.ts), the field problems and
 * the OpenAPI 3.1 document (contract/openapi.ts) are derived from these. The e-forms of the
 * procedures stay JSON Schema (each procedure's `formSchema`, checked with Ajv by the service).
 */
import { z } from 'zod';
import { ERROR_STATUS } from '../domain/errors';
import { OFFICIAL_ACTIONS } from '../domain/stages';
import { STUCK_REASONS } from '../domain/supervision';
import { STAGES } from '../domain/types';
import {
  address,
  dateTime,
  dossierCode,
  email,
  field,
  fullName,
  idNumber,
  isoDateTime,
  note,
  opaqueId,
  phone,
  pin,
  procedureCode,
  reason,
  text,
  unitCode,
  wardCode,
} from './fields';

/** A schema published under its own name in the OpenAPI components. */
const named = <T extends z.ZodType>(name: string, schema: T): T => schema.meta({ id: name }) as T;

// ---------------------------------------------------------------------------------------------
// Shared

export const ErrorBody = named(
  'Error',
  z.object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
      message: z.string().meta({ description: 'In Vietnamese, or English by Accept-Language' }),
      details: z.unknown().optional(),
    }),
  }),
);

export const Stage = z.enum(STAGES as unknown as [string, ...string[]]).meta({ id: 'Stage' });
export const Outcome = z
  .enum(['APPROVED', 'REJECTED', 'REFUSED', 'WITHDRAWN', 'EXPIRED'])
  .nullable()
  .meta({ id: 'Outcome' });

export const CodeParam = z.strictObject({ code: dossierCode });

// ---------------------------------------------------------------------------------------------
// Catalogue

export const ProcedureView = named(
  'Procedure',
  z.object({
    code: z.string(),
    name: z.string(),
    description: z.string(),
    field: z.string(),
    chain: z.array(z.enum(['WARD', 'DEPARTMENT'])),
    department: z.object({ code: z.string(), name: z.string() }),
    slaWorkingDays: z.object({
      verification: z.number(),
      ward: z.number().optional(),
      department: z.number().optional(),
      supplementLimit: z.number(),
    }),
    totalWorkingDays: z.number(),
    feeVnd: z.number(),
    requiredDocuments: z.array(
      z.object({ code: z.string(), name: z.string(), required: z.boolean() }),
    ),
    formSchema: z
      .record(z.string(), z.unknown())
      .meta({ description: 'JSON Schema (draft 2020-12) of the e-form, Vietnamese titles' }),
  }),
);

export const UnitView = named(
  'Unit',
  z.object({ code: z.string(), name: z.string(), kind: z.enum(['WARD', 'DEPARTMENT']) }),
);

// ---------------------------------------------------------------------------------------------
// Applicants

export const Applicant = named(
  'Applicant',
  z.strictObject({
    fullName,
    idNumber,
    phone,
    email: email.optional(),
    address,
  }),
);

const publicKeyPem = field(
  z
    .string()
    .max(16 * 1024)
    .regex(/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/),
  {
    title: 'Khóa công khai',
    titleEn: 'Public key',
    hint: 'Một khóa công khai RSA ≥ 2048 bit hoặc EC P-256, dạng SPKI PEM',
    hintEn: 'One RSA ≥ 2048-bit or EC P-256 public key, SPKI PEM',
  },
);

export const ApplicantCertificateRequest = named(
  'ApplicantCertificateRequest',
  z.strictObject({ fullName, idNumber, publicKeyPem }),
);
export const ApplicantCertificate = named(
  'ApplicantCertificate',
  z.object({ certificatePem: z.string(), chainPem: z.string() }),
);

const certificatePem = field(
  z
    .string()
    .min(1)
    .max(64 * 1024),
  {
    title: 'Chứng thư số của người ký',
    titleEn: 'Signer certificate',
    hint: 'Chứng thư số (PEM), có thể kèm chứng thư của các tổ chức chứng thực trung gian',
    hintEn: 'The certificate (PEM), optionally followed by intermediate CA certificates',
  },
);

export const PrepareApplicationRequest = named(
  'PrepareApplicationRequest',
  z.strictObject({
    procedureCode,
    wardCode,
    applicant: Applicant,
    form: field(z.record(z.string(), z.unknown()), {
      title: 'Tờ khai',
      titleEn: 'E-form',
      hint: 'Theo formSchema của thủ tục (GET /api/procedures)',
      hintEn: "As the procedure's formSchema says (GET /api/procedures)",
    }),
    attachedDocumentCodes: field(
      z
        .array(
          field(z.string().max(40), {
            title: 'Mã giấy tờ kèm theo',
            titleEn: 'Attached document code',
          }),
        )
        .max(50),
      {
        title: 'Giấy tờ kèm theo',
        titleEn: 'Attached documents',
        hint: 'Mã các giấy tờ trong danh mục của thủ tục mà người nộp đính kèm',
        hintEn: 'Codes of the required documents the applicant will attach',
      },
    ).optional(),
    signerCertificatePem: certificatePem,
  }),
);

/** The same request before a certificate exists: everything but the signature is checked. */
export const CheckApplicationRequest = named(
  'CheckApplicationRequest',
  PrepareApplicationRequest.extend({ signerCertificatePem: certificatePem.optional() }),
);

export const ApplicationCheck = named('ApplicationCheck', z.object({ valid: z.literal(true) }));

export const PreparedApplication = named(
  'PreparedApplication',
  z.object({
    applicationId: z.string(),
    formPdfUrl: z.string(),
    toBeSigned: z.string().meta({ description: 'Base64 of the DER signed attributes to sign' }),
    digestAlgorithm: z.literal('SHA-256'),
    expiresAt: dateTime,
  }),
);

export const ApplicationIdParam = z.strictObject({
  applicationId: opaqueId({ title: 'Mã đơn', titleEn: 'Application id' }),
});

const attachments = z
  .array(z.string().meta({ format: 'binary' }))
  .max(20)
  .optional()
  .meta({ description: 'PDF, JPEG or PNG files, at most 10 MB each, at most 20' });

export const SubmitFields = named(
  'SubmitApplication',
  z.strictObject({
    signature: field(
      z
        .string()
        .min(4)
        .max(1400)
        .regex(/^[A-Za-z0-9+/_\s-]+={0,2}\s*$/),
      {
        title: 'Chữ ký',
        titleEn: 'Signature',
        hint: 'Giá trị chữ ký (base64) trên toBeSigned',
        hintEn: 'The signature value (base64) over toBeSigned',
      },
    ),
    attachments,
  }),
);

export const SubmitHeaders = z.object({
  'idempotency-key': field(z.string().regex(/^[\x21-\x7e]{1,255}$/), {
    title: 'Idempotency-Key',
    titleEn: 'Idempotency-Key',
    hint: '1 đến 255 ký tự ASCII nhìn thấy được',
    hintEn: '1 to 255 visible ASCII characters',
  }).optional(),
});

export const SubmittedApplication = named(
  'SubmittedApplication',
  z.object({
    code: z.string(),
    trackingToken: z.string(),
    stage: z.literal('VERIFICATION'),
    dueAt: dateTime,
    links: z.object({ self: z.string(), documents: z.string() }),
  }),
);

// ---------------------------------------------------------------------------------------------
// Cases

const ActorView = z.object({
  name: z.string(),
  title: z.string(),
  unitCode: z.string().nullable(),
});

export const TimelineEntryView = z.object({
  at: dateTime,
  stage: Stage,
  action: z.string(),
  actionLabel: z.string(),
  actor: ActorView.nullable(),
  note: z.string().nullable(),
});

export const DocumentView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  createdAt: dateTime,
  signatures: z.array(z.object({ signerName: z.string(), role: z.string(), signedAt: dateTime })),
});

export const CaseView = named(
  'Case',
  z.object({
    code: z.string(),
    procedureCode: z.string(),
    procedureName: z.string().optional(),
    wardCode: z.string(),
    departmentCode: z.string(),
    applicant: z
      .record(z.string(), z.unknown())
      .meta({ description: '`fullName` for the applicant; everything for officials' }),
    stage: Stage,
    stageLabel: z.string(),
    outcome: Outcome,
    outcomeLabel: z.string().nullable(),
    submittedAt: dateTime,
    dueAt: dateTime,
    stageDueAt: dateTime.nullable(),
    overdue: z.boolean(),
    supplement: z
      .object({
        requestedAt: dateTime,
        missingDocuments: z.array(z.string()),
        note: z.string().nullable(),
        dueAt: dateTime,
      })
      .nullable(),
    timeline: z.array(TimelineEntryView),
    documents: z.array(DocumentView),
    availableActions: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .meta({ description: 'Officials only: what the caller may do now' }),
    pendingSignature: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .meta({ description: 'Officials only: a remote or token signature the case waits for' }),
    checklist: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          required: z.boolean(),
          attached: z.boolean().meta({ description: 'The applicant said it is attached' }),
        }),
      )
      .optional()
      .meta({ description: 'Officials only: the required documents of the procedure' }),
  }),
);

export const DocumentParams = z.strictObject({
  code: dossierCode,
  documentId: opaqueId({ title: 'Mã tài liệu', titleEn: 'Document id' }),
});

export const TrackingHeaders = z.object({
  'x-tracking-token': field(z.string().min(1).max(128), {
    title: 'Mã tra cứu',
    titleEn: 'Tracking token',
    hint: 'Mã tra cứu được cấp khi nộp hồ sơ',
    hintEn: 'The tracking token given at submission',
  }).optional(),
});

export const SupplementFields = named(
  'SupplementAnswer',
  z.strictObject({ note: note.optional(), attachments }),
);

export const WithdrawRequest = named('WithdrawRequest', z.strictObject({ reason }));

const missingDocuments = field(
  z
    .array(text({ title: 'Giấy tờ còn thiếu', titleEn: 'Missing document' }, { min: 1, max: 300 }))
    .min(1)
    .max(50),
  {
    title: 'Danh sách giấy tờ còn thiếu',
    titleEn: 'Missing documents',
    hint: 'Từ 1 đến 50 mục',
    hintEn: '1 to 50 items',
  },
);

/** How an official's signed action is signed (docs/signing.md); default: the official's own. */
const SigningMethod = field(z.enum(['PIN', 'REMOTE', 'TOKEN']), {
  title: 'Cách ký',
  titleEn: 'Signing method',
  hint: 'PIN (khóa trên máy chủ), REMOTE (dịch vụ ký số từ xa) hoặc TOKEN (thiết bị ký số)',
  hintEn: 'PIN (server-held key), REMOTE (remote signing service) or TOKEN (signing device)',
});

/** An official's action (API.md "Officials"): the fields each action takes. */
export const ActionRequest = named(
  'ActionRequest',
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('accept'), note: note.optional() }),
    z.strictObject({
      action: z.literal('request_supplement'),
      missingDocuments,
      note: note.optional(),
    }),
    z.strictObject({ action: z.literal('refuse'), reason, note: note.optional() }),
    z.strictObject({
      action: z.literal('approve'),
      note: note.optional(),
      pin: pin.optional(),
      signingMethod: SigningMethod.optional(),
    }),
    z.strictObject({
      action: z.literal('reject'),
      reason,
      note: note.optional(),
      pin: pin.optional(),
      signingMethod: SigningMethod.optional(),
    }),
    z.strictObject({ action: z.literal('handover'), note: note.optional() }),
  ]),
);
export const ACTIONS = OFFICIAL_ACTIONS;

export const PreviewParams = z.strictObject({
  code: dossierCode,
  action: field(z.enum(['approve', 'reject']), {
    title: 'Thao tác ký số',
    titleEn: 'Signed action',
    hint: 'approve (phê duyệt) hoặc reject (không phê duyệt)',
    hintEn: 'approve or reject',
  }),
});

export const PreviewQuery = z.strictObject({
  reason: text(
    {
      title: 'Lý do',
      titleEn: 'Reason',
      hint: 'Tối đa 2000 ký tự',
      hintEn: 'At most 2000 characters',
    },
    { max: 2000, multiline: true },
  ).optional(),
  note: note.optional(),
});

// ---------------------------------------------------------------------------------------------
// Officials

export const LoginRequest = named(
  'LoginRequest',
  z.strictObject({
    username: field(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9._@-]+$/),
      {
        title: 'Tên đăng nhập',
        titleEn: 'Username',
      },
    ),
    password: field(z.string().min(1).max(200), { title: 'Mật khẩu', titleEn: 'Password' }),
  }),
);

export const OfficialView = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  title: z.string(),
  unitCode: z.string().nullable(),
  roles: z.array(z.string()),
});

export const LoginAnswer = named(
  'LoginAnswer',
  z.object({
    token: z.string(),
    expiresAt: dateTime,
    official: OfficialView,
    signingMethod: z.string().nullable().optional(),
    signingMethods: z.array(z.enum(['PIN', 'REMOTE', 'TOKEN'])).optional(),
  }),
);

export const InboxQuery = z.strictObject({
  q: text(
    {
      title: 'Tìm kiếm',
      titleEn: 'Search',
      hint: 'Một phần mã hồ sơ hoặc tên người nộp (không phân biệt dấu), tối đa 100 ký tự',
      hintEn:
        'Part of the dossier code or of the applicant’s name (accents ignored), at most 100 characters',
      examples: ['Bình'],
    },
    { max: 100 },
  ).optional(),
  status: field(z.enum(['overdue', 'atRisk', 'onTrack']), {
    title: 'Tình trạng hạn',
    titleEn: 'Deadline status',
    hint: 'overdue (quá hạn), atRisk (sắp đến hạn) hoặc onTrack (còn hạn)',
    hintEn: 'overdue, atRisk or onTrack',
  }).optional(),
  stage: Stage.optional(),
  procedure: procedureCode.optional(),
  page: field(z.coerce.number().int().min(1).max(10_000), {
    title: 'Trang',
    titleEn: 'Page',
    hint: 'Số trang, từ 1',
    hintEn: 'The page number, from 1',
  }).optional(),
  limit: field(z.coerce.number().int().min(1).max(100), {
    title: 'Số hồ sơ mỗi trang',
    titleEn: 'Page size',
    hint: 'Từ 1 đến 100 (mặc định 20)',
    hintEn: '1 to 100 (default 20)',
  }).optional(),
});

export const InboxItem = z.object({
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string().optional(),
  applicantName: z.string().nullable(),
  stage: Stage,
  stageLabel: z.string(),
  stageDueAt: dateTime.nullable(),
  workingDaysLeft: z.number().nullable().meta({
    description:
      'Working days (Vietnamese calendar, office hours) until the stage deadline, one decimal; negative when overdue',
  }),
  overdue: z.boolean(),
  atRisk: z.boolean(),
});
export const Inbox = named(
  'Inbox',
  z.object({
    items: z.array(InboxItem),
    total: z.number().meta({ description: 'Cases matching the filters' }),
    page: z.number(),
    pageSize: z.number(),
    counts: z
      .object({ all: z.number(), overdue: z.number(), atRisk: z.number() })
      .meta({ description: 'Of all the cases the official can act on, before the filters' }),
  }),
);

// ---------------------------------------------------------------------------------------------
// Supervision

const limit = field(z.coerce.number().int().min(1).max(200), {
  title: 'Số hồ sơ mỗi trang',
  titleEn: 'Page size',
  hint: 'Từ 1 đến 200',
  hintEn: '1 to 200',
});

const vnDay = (title: string, titleEn: string) =>
  isoDateTime({
    title,
    titleEn,
    hint: 'Ngày ISO 8601, ví dụ 2026-12-01',
    hintEn: 'An ISO 8601 date, e.g. 2026-12-01',
  });

/** Which cases: the period they were received in, a unit, a procedure, a stage. */
const scope = {
  from: vnDay('Từ ngày', 'From').optional(),
  to: vnDay('Đến ngày', 'To').optional(),
  unit: unitCode.optional(),
  procedure: procedureCode.optional(),
  stage: Stage.optional(),
};

export const StuckReason = z.enum(STUCK_REASONS).meta({ id: 'StuckReason' });

const listQuery = {
  ...scope,
  filter: z.enum(['all', 'stuck', 'overdue', 'atRisk']).optional(),
  reason: StuckReason.optional(),
  q: text(
    {
      title: 'Tìm theo mã hồ sơ hoặc người nộp',
      titleEn: 'Search by dossier code or applicant',
      hint: 'Tối đa 100 ký tự',
      hintEn: 'At most 100 characters',
    },
    { max: 100 },
  ).optional(),
  sort: z.enum(['due', 'entered', 'submitted', 'code', 'applicant']).optional(),
  desc: z.enum(['true', 'false']).optional(),
  offset: field(z.coerce.number().int().min(0).max(1_000_000), {
    title: 'Vị trí bắt đầu',
    titleEn: 'Offset',
    hint: 'Số nguyên từ 0',
    hintEn: 'A whole number from 0',
  }).optional(),
  limit: limit.optional(),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]*$/)
    .optional(),
};

export const SupervisionCasesQuery = z.strictObject(listQuery);

const Stuck = z.object({ reason: StuckReason, detail: z.string() });

export const SupervisionItem = z.object({
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  applicantName: z.string(),
  stage: Stage,
  stageLabel: z.string(),
  unitCode: z.string(),
  wardCode: z.string(),
  departmentCode: z.string(),
  assignee: z.record(z.string(), z.unknown()).nullable(),
  submittedAt: dateTime,
  stageEnteredAt: dateTime,
  stageDueAt: dateTime.nullable(),
  dueAt: dateTime,
  overdueBy: z.object({ workingDays: z.number() }).nullable(),
  atRisk: z.boolean(),
  overdue: z.boolean(),
  progress: z.string(),
  stuck: Stuck.nullable(),
  reasons: z.array(Stuck),
  failing: z.record(z.string(), z.unknown()).nullable(),
  escalated: z.record(z.string(), z.unknown()).nullable(),
  workflowEnded: z.string().nullable(),
});

export const SupervisionCases = named(
  'SupervisionCases',
  z.object({
    items: z.array(SupervisionItem),
    total: z.number(),
    offset: z.number(),
    nextCursor: z.string().nullable(),
  }),
);

export const StatsQuery = z.strictObject(scope);

const tally = {
  received: z.number(),
  inProgress: z.number(),
  inProgressOnTime: z.number(),
  inProgressLate: z.number(),
  resolved: z.number(),
  resolvedEarly: z.number(),
  resolvedOnTime: z.number(),
  resolvedLate: z.number(),
  rejected: z.number(),
  refused: z.number(),
  withdrawn: z.number(),
  expired: z.number(),
  online: z.number(),
  digitised: z.number(),
  onTimeRate: z.number().nullable(),
  onlineRate: z.number().nullable(),
  digitisedRate: z.number().nullable(),
  atRisk: z.number(),
  overdue: z.number(),
  stuck: z.number(),
  byReason: z.record(z.string(), z.number()),
};

export const UnitStats = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  kind: z.enum(['WARD', 'DEPARTMENT']),
  ...tally,
  /** The names of the first contract, kept: completed = resolved, onTime, late. */
  completed: z.number(),
  onTime: z.number(),
  late: z.number(),
});

export const Stats = named('Stats', z.array(UnitStats));

export const Dashboard = named(
  'Dashboard',
  z.object({
    scope: z.record(z.string(), z.unknown()),
    generatedAt: dateTime,
    summary: z.object(tally),
    units: z.array(UnitStats),
    weeks: z.array(
      z.object({
        week: z.string(),
        received: z.number(),
        resolvedOnTime: z.number(),
        resolvedLate: z.number(),
        onTimeRate: z.number().nullable(),
      }),
    ),
    stages: z.array(
      z.object({
        stage: Stage,
        stageLabel: z.string(),
        open: z.number(),
        overdue: z.number(),
        atRisk: z.number(),
        meanWorkingDays: z.number().nullable(),
        visits: z.number(),
      }),
    ),
    viewer: z.object({ unit: z.string().nullable(), canBatch: z.boolean() }),
  }),
);

export const AlertsQuery = z.strictObject({
  ...scope,
  since: isoDateTime({
    title: 'Kể từ',
    titleEn: 'Since',
    hint: 'Thời điểm ISO 8601, ví dụ 2026-12-01T08:00:00Z',
    hintEn: 'An ISO 8601 instant',
  }).optional(),
});

export const Alerts = named(
  'Alerts',
  z.object({
    since: dateTime,
    atRisk: z.number(),
    overdue: z.number(),
    codes: z.array(z.string()),
  }),
);

export const SupervisionCaseView = named(
  'SupervisionCase',
  z.object({
    case: CaseView,
    board: SupervisionItem.nullable(),
    temporalUrl: z.string().nullable(),
    candidates: z.array(
      z.object({
        id: z.string(),
        fullName: z.string(),
        title: z.string(),
        roles: z.array(z.string()),
      }),
    ),
  }),
);

export const EscalateRequest = named(
  'EscalateRequest',
  z.strictObject({
    note: text(
      {
        title: 'Nội dung đôn đốc',
        titleEn: 'Escalation note',
        hint: 'Từ 3 đến 2000 ký tự',
        hintEn: '3 to 2000 characters',
      },
      { min: 3, max: 2000, multiline: true },
    ),
  }),
);

export const Escalated = named(
  'Escalated',
  z.object({ code: z.string(), count: z.number(), notified: z.number() }),
);

const codes = field(z.array(dossierCode).min(1).max(100), {
  title: 'Các hồ sơ',
  titleEn: 'Cases',
  hint: 'Từ 1 đến 100 mã hồ sơ',
  hintEn: '1 to 100 dossier codes',
});

export const BatchRequest = named(
  'BatchRequest',
  z.discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('reassign'),
      codes,
      toOfficialId: field(
        z
          .string()
          .min(1)
          .max(100)
          .regex(/^[A-Za-z0-9._@-]+$/),
        { title: 'Cán bộ được giao', titleEn: 'Official to assign' },
      ),
      note: note.optional(),
    }),
    z.strictObject({ action: z.literal('retry'), codes }),
  ]),
);

export const BatchResult = named(
  'BatchResult',
  z.object({
    done: z.number(),
    failed: z.number(),
    results: z.array(
      z.object({ code: z.string(), ok: z.boolean(), message: z.string().nullable() }),
    ),
  }),
);

export const ExportQuery = z.strictObject({
  ...listQuery,
  table: z.enum(['cases', 'units', 'stages', 'weeks']),
  format: z.enum(['csv', 'xlsx']),
});

export const ReassignRequest = named(
  'ReassignRequest',
  z.strictObject({
    toOfficialId: field(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9._@-]+$/),
      {
        title: 'Cán bộ được giao',
        titleEn: 'Official to assign',
      },
    ),
    note: note.optional(),
  }),
);

// ---------------------------------------------------------------------------------------------
// Verification and trust

export const VerificationReport = named(
  'VerificationReport',
  z.object({
    valid: z.boolean(),
    level: z.string().nullable().optional(),
    message: z.string().optional(),
    signatures: z.array(
      z.object({
        fieldName: z.string(),
        signerName: z.string().nullable(),
        organization: z.string().nullable(),
        signedAt: dateTime.nullable(),
        integrity: z.enum(['INTACT', 'BROKEN']),
        chain: z.enum(['TRUSTED', 'UNTRUSTED', 'REVOKED']),
        coversWholeDocument: z.boolean(),
        modifiedAfterSigning: z.boolean(),
        level: z.string().nullable().optional(),
        timestampedAt: dateTime.nullable().optional(),
        message: z.string().optional(),
        errors: z.array(z.string()).optional(),
      }),
    ),
    documentTimestamps: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
);

export const Health = z.object({ status: z.literal('ok') });
export const Readiness = z.object({
  status: z.literal('ready'),
  checks: z.record(z.string(), z.unknown()),
});

export const PkiFileParam = z.strictObject({
  file: field(
    z
      .string()
      .max(40)
      .regex(/^[a-z]+\.(crl|cer)$/),
    {
      title: 'Tệp',
      titleEn: 'File',
      examples: ['officials.crl'],
    },
  ),
});

// ---------------------------------------------------------------------------------------------
// Awaited and remote signatures (docs/signing.md)

export const AwaitedSignature = named(
  'AwaitedSignature',
  z.object({
    key: z.string(),
    method: z.enum(['REMOTE', 'TOKEN']),
    status: z.string(),
    expiresAt: dateTime.nullable(),
    certificatePem: z.string().nullable(),
    digestAlgorithm: z.literal('SHA-256'),
    items: z.array(
      z.object({
        kind: z.string(),
        toBeSigned: z.string().meta({ description: 'Base64 of the DER signed attributes' }),
      }),
    ),
  }),
);

export const TokenSignatures = named(
  'TokenSignatures',
  z.strictObject({
    signatures: field(
      z
        .array(
          z
            .string()
            .min(1)
            .max(2048)
            .regex(/^[A-Za-z0-9+/=]+$/),
        )
        .min(1)
        .max(20),
      {
        title: 'Chữ ký từ thiết bị ký số',
        titleEn: 'Signature values from the token',
        hint: 'Base64, theo thứ tự các mục cần ký',
        hintEn: 'Base64, in the order of the items',
      },
    ),
  }),
);

export const SigningMethods = named(
  'SigningMethods',
  z.object({
    developmentKey: z.boolean(),
    pkcs12: z.boolean(),
    token: z.boolean(),
    providers: z.array(z.record(z.string(), z.unknown())),
  }),
);

const providerId = field(
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/),
  {
    title: 'Dịch vụ ký số',
    titleEn: 'Signing service',
    hint: 'Mã dịch vụ trong GET /api/signing/methods',
    hintEn: 'A provider id from GET /api/signing/methods',
  },
);
const credentialId = field(z.string().min(1).max(256), {
  title: 'Mã chứng thư tại dịch vụ',
  titleEn: 'Credential id',
});

export const RemoteCertificateRequest = named(
  'RemoteCertificateRequest',
  z.strictObject({
    provider: providerId,
    credentialId: credentialId.optional(),
    userId: field(z.string().min(1).max(256), {
      title: 'Tài khoản tại dịch vụ ký số',
      titleEn: 'User id at the signing service',
    }).optional(),
  }),
);

export const RemoteCertificate = named(
  'RemoteCertificate',
  z.object({ credentialId: z.string(), certificatePem: z.string() }).passthrough(),
);

export const RemoteSignatureRequest = named(
  'RemoteSignatureRequest',
  z.strictObject({ provider: providerId, credentialId }),
);

export const RemoteSignature = named(
  'RemoteSignature',
  z
    .object({
      status: z.enum(['PENDING', 'SIGNED', 'REFUSED', 'EXPIRED']),
      signature: z
        .string()
        .optional()
        .meta({ description: 'Base64; submit it with the application' }),
      expiresAt: dateTime.nullable().optional(),
      message: z.string().optional(),
    })
    .passthrough(),
);
