/**
 * One fully signed sample of every document kind for the demo case (`npm run samples`):
 * the template renders the document with its empty signature fields, then every signer fills
 * their field as an incremental update, in the order the case would.
 *
 *   application-form.pdf    the applicant (two-step, WebCrypto ECDSA P-256)       `applicant`
 *   receipt.pdf             the ward one-stop desk's seal, naming the officer     `seal`
 *   supplement-request.pdf  the receiving officer                                 `receiver`
 *   refusal.pdf             the ward approver (rejection at WARD_APPROVAL)        `approver`
 *   control-sheet.pdf       officer, ward approver, department approver, desk     `step-1..4`
 *   apology.pdf             the department approver (the late unit)               `approver`
 *   decision.pdf            the department approver, then the department's seal   `approver`, `seal`
 */
import type { DocumentKind } from '../../domain/types';
import {
  type PkiState,
  type PrepareOptions,
  type Signer,
  type Timestamper,
  defaultAppearanceLines,
  parseCertificate,
  signPdf,
} from '../../signing';
import { renderDocument } from '../../templates';
import type { SampleProducer } from '../samples';
import {
  type DemoCase,
  type DemoCaseOptions,
  type StepSigner,
  buildDemoCase,
  stepLines,
} from './case';
import { sampleData } from './data';
import { type TwoStepSign, browserApplicant, officialSigner, sealSigner } from './identities';

/** Everyone who signs a document of the case. */
export interface CaseSigners {
  /** The applicant's key is in "the browser": two steps. */
  applicant: TwoStepSign;
  receiver: Signer;
  wardApprover: Signer;
  departmentApprover: Signer;
  /** The ward's organisation certificate used by its one-stop desk. */
  deskSeal: Signer;
  departmentSeal: Signer;
}

const PROVINCE = 'Thành phố Hồ Chí Minh';

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1);

/** Full name of a unit as an organisation: "Ủy ban nhân dân phường Sài Gòn", "Sở Xây dựng". */
function organisation(unit: DemoCase['ward']): string {
  return unit.kind === 'WARD' ? `Ủy ban nhân dân ${lowerFirst(unit.name)}` : unit.name;
}

/** Enrols the case's signers in the PKI (fresh keys, certificates from its issuing CAs). */
export async function enrolCaseSigners(
  pki: PkiState,
  kek: Buffer,
  c: DemoCase,
): Promise<CaseSigners> {
  const ward = organisation(c.ward);
  const department = organisation(c.department);
  const { receiver, wardApprover, departmentApprover } = c.officials;
  const applicant = await browserApplicant(pki, kek, {
    fullName: c.applicant.fullName,
    idNumber: c.applicant.idNumber,
    province: PROVINCE,
  });
  return {
    applicant: applicant.sign,
    receiver: await officialSigner(pki, kek, {
      fullName: receiver.fullName,
      title: receiver.position,
      organization: ward,
      organizationalUnit: 'Bộ phận Một cửa',
      province: PROVINCE,
    }),
    wardApprover: await officialSigner(pki, kek, {
      fullName: wardApprover.fullName,
      title: wardApprover.position,
      organization: ward,
      province: PROVINCE,
    }),
    departmentApprover: await officialSigner(pki, kek, {
      fullName: departmentApprover.fullName,
      title: departmentApprover.position,
      organization: department,
      province: PROVINCE,
    }),
    deskSeal: await sealSigner(pki, kek, {
      organization: ward,
      organizationalUnit: 'Bộ phận Một cửa',
      province: PROVINCE,
    }),
    departmentSeal: await sealSigner(pki, kek, { organization: department, province: PROVINCE }),
  };
}

type SignOptions = Omit<PrepareOptions, 'signerCertificatePem' | 'chainPems'>;

/** One signature to apply: who, into which field, with which options. */
export interface PlannedSignature {
  signer: keyof CaseSigners;
  options: SignOptions & { fieldName: string };
}

/** The default appearance of a signer with lines inserted before "Thời gian ký: ...". */
function linesWith(signer: Signer, at: Date, extra: string[]): string[] {
  const lines = defaultAppearanceLines(parseCertificate(signer.certificatePem), at);
  return [...lines.slice(0, -1), ...extra, ...lines.slice(-1)];
}

const MINUTE = 60_000;
const STEP_SIGNERS: Record<StepSigner, keyof CaseSigners> = {
  receiver: 'receiver',
  wardApprover: 'wardApprover',
  departmentApprover: 'departmentApprover',
  deskSeal: 'deskSeal',
};

/** Who signs each kind, in order, with the options of each signature. */
export function signingPlan(
  kind: DocumentKind,
  c: DemoCase,
  signers: CaseSigners,
): PlannedSignature[] {
  const t = c.times;
  const reason = (what: string): string => `${what} - hồ sơ ${c.dossierCode}`;
  const location = `${c.ward.name}, ${c.ward.place}`;
  switch (kind) {
    case 'APPLICATION_FORM':
      return [
        {
          signer: 'applicant',
          options: {
            fieldName: 'applicant',
            signingTime: t.submittedAt,
            reason: 'Người nộp hồ sơ ký đơn đề nghị',
            location,
          },
        },
      ];
    case 'RECEIPT': {
      const at = new Date(t.receivedAt.getTime() + MINUTE);
      return [
        {
          signer: 'deskSeal',
          options: {
            fieldName: 'seal',
            signingTime: at,
            reason: reason('Tiếp nhận hồ sơ'),
            location,
            appearance: {
              lines: linesWith(signers.deskSeal, at, [
                'Bộ phận Một cửa',
                `Người tiếp nhận: ${c.officials.receiver.fullName}`,
              ]),
            },
          },
        },
      ];
    }
    case 'SUPPLEMENT_REQUEST':
      return [
        {
          signer: 'receiver',
          options: {
            fieldName: 'receiver',
            signingTime: t.supplementRequestedAt,
            reason: reason('Yêu cầu bổ sung, hoàn thiện hồ sơ'),
            location,
          },
        },
      ];
    case 'REFUSAL':
      return [
        {
          signer: 'wardApprover',
          options: {
            fieldName: 'approver',
            signingTime: t.wardDecidedAt,
            reason: reason('Không phê duyệt'),
            location,
          },
        },
      ];
    case 'CONTROL_SHEET':
      return c.steps.map((step) => ({
        signer: STEP_SIGNERS[step.signer],
        options: {
          fieldName: `step-${step.n}`,
          signingTime: step.at,
          reason: `Phiếu kiểm soát - bước ${step.n}`,
          location,
          appearance: { lines: stepLines(step), maxFontSize: 8.5 },
        },
      }));
    case 'APOLOGY':
      return [
        {
          signer: 'departmentApprover',
          options: {
            fieldName: 'approver',
            signingTime: t.apologyAt,
            reason: reason('Xin lỗi và hẹn lại ngày trả kết quả'),
            location: `${c.department.name}, ${c.department.place}`,
          },
        },
      ];
    case 'DECISION':
      return [
        {
          signer: 'departmentApprover',
          options: {
            fieldName: 'approver',
            signingTime: t.departmentDecidedAt,
            reason: reason('Phê duyệt'),
            location: `${c.department.name}, ${c.department.place}`,
          },
        },
        {
          // The seal field overlaps the left third of the signature (Decree 30): invisible, so
          // that the approver's block stays readable.
          signer: 'departmentSeal',
          options: {
            fieldName: 'seal',
            signingTime: new Date(t.departmentDecidedAt.getTime() + MINUTE),
            reason: reason('Đóng dấu'),
            location: `${c.department.name}, ${c.department.place}`,
            appearance: false,
          },
        },
      ];
  }
}

/** Sample file name of a kind: `application-form.pdf`, `control-sheet.pdf`, ... */
export function sampleFileName(kind: DocumentKind): string {
  return `${kind.toLowerCase().replace(/_/g, '-')}.pdf`;
}

/** The kinds in the order of the case. */
export const SAMPLE_KINDS: readonly DocumentKind[] = [
  'APPLICATION_FORM',
  'SUPPLEMENT_REQUEST',
  'RECEIPT',
  'CONTROL_SHEET',
  'REFUSAL',
  'APOLOGY',
  'DECISION',
];

export interface SignedSample {
  kind: DocumentKind;
  fileName: string;
  pdf: Buffer;
  /** Field names, in signing order. */
  signedFields: string[];
}

/** Renders and signs one kind. */
export async function signedDocument(
  kind: DocumentKind,
  c: DemoCase,
  signers: CaseSigners,
  timestamper?: Timestamper,
): Promise<SignedSample> {
  const rendered = await renderDocument(kind, sampleData[kind](c) as never);
  let pdf: Buffer = Buffer.from(rendered.pdf);
  const plan = signingPlan(kind, c, signers);
  for (const { signer, options: planned } of plan) {
    const who = signers[signer];
    const options = timestamper ? { ...planned, timestamper } : planned;
    pdf = typeof who === 'function' ? await who(pdf, options) : await signPdf(pdf, who, options);
  }
  return {
    kind,
    fileName: sampleFileName(kind),
    pdf,
    signedFields: plan.map((p) => p.options.fieldName),
  };
}

/** Every kind for the demo case, signed with identities enrolled in `pki`. */
export async function documentSamplesFor(
  pki: PkiState,
  kek: Buffer,
  c: DemoCase = buildDemoCase(),
  timestamper?: Timestamper,
): Promise<SignedSample[]> {
  const signers = await enrolCaseSigners(pki, kek, c);
  const out: SignedSample[] = [];
  for (const kind of SAMPLE_KINDS) out.push(await signedDocument(kind, c, signers, timestamper));
  return out;
}

/** The {@link SampleProducer} of `npm run samples`. */
export function documentSampleProducer(options: DemoCaseOptions = {}): SampleProducer {
  return async (ctx) =>
    (await documentSamplesFor(ctx.pki, ctx.kek, buildDemoCase(options), ctx.timestamper)).map(
      ({ fileName, pdf }) => ({
        fileName,
        pdf,
      }),
    );
}

export const documentSamples: SampleProducer = documentSampleProducer();
