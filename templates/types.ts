/**
 * What each document kind is rendered from, and what rendering returns. Text may arrive in any
 * Unicode normalisation form; everything is drawn as NFC.
 */
import type { Applicant, DocumentKind, Procedure, Unit } from '../domain/types';
import type { LayoutTrace, SignatureFieldInfo } from './layout/canvas';
import type { DateInput } from './format';

export type { DateInput } from './format';
export type { SignatureFieldInfo, SignatureRole, LayoutTrace } from './layout/canvas';

/** The facts every case document draws on. */
export interface CaseInfo {
  /** Dossier code, e.g. "000.26.01.H29-261203-0007". */
  dossierCode: string;
  applicant: Applicant;
  procedure: Procedure;
  /** The ward that receives the dossier (its one-stop desk) and approves first. */
  ward: Unit;
  /** The department that owns the procedure. */
  department: Unit;
}

/** An official who signs, as printed in a signer block. */
export interface SignerInfo {
  fullName: string;
  /** Position, e.g. "Phó Giám đốc", "Chủ tịch"; printed in capitals. */
  position: string;
  /**
   * Signing-authority line above the position, e.g. "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN";
   * omitted when the official signs in their own capacity.
   */
  authorityPrefix?: string;
  /**
   * The image of the official's handwritten signature (PNG or JPEG, at most 1 MiB and 4000
   * pixels a side), when they registered one: their signature field is made tall enough to show
   * it above the signature's lines. Pass the same bytes to the signing appearance.
   */
  signatureImage?: Uint8Array;
}

/** An official named on a form (contact person, receiving officer). */
export interface OfficerInfo {
  fullName: string;
  position?: string;
  phone?: string;
  email?: string;
  /** As {@link SignerInfo.signatureImage}, when the officer signs the form. */
  signatureImage?: Uint8Array;
}

/** Overrides the issuing body printed top left (defaults depend on the kind). */
export interface IssuingBody {
  /** Upper case, e.g. "UBND THÀNH PHỐ HỒ CHÍ MINH". */
  superior?: string;
  /** Upper case, e.g. "SỞ XÂY DỰNG". */
  issuer: string;
}

interface Common {
  /**
   * The date printed in the date line, and the PDF's creation and modification dates. Rendering
   * never reads the clock: the same input gives the same bytes.
   */
  issuedAt: DateInput;
  issuingBody?: IssuingBody;
}

/** Đơn / tờ khai: the applicant's e-form, before the dossier has a code. */
export interface ApplicationFormData extends Omit<Common, 'issuingBody'> {
  applicant: Applicant;
  procedure: Procedure;
  ward: Unit;
  department: Unit;
  /** Answers to `procedure.formSchema`. */
  form: Record<string, unknown>;
  /** Codes of the procedure's required documents that are attached. */
  attachedDocumentCodes: string[];
  /** Printed when known (a re-rendered copy). */
  dossierCode?: string;
  /** "Kính gửi: ..." (default: the ward's People's Committee). */
  addressee?: string;
  /** Place in the date line (default: the ward's place). */
  place?: string;
}

export type Channel = 'COUNTER' | 'ONLINE' | 'POSTAL';

/** One line of the receipt's table of documents received. */
export interface ReceivedDocument {
  name: string;
  originals?: number;
  copies?: number;
  /** The file was digitally signed. */
  digitallySigned?: boolean;
}

/** Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptData extends CaseInfo, Common {
  receivedAt: DateInput;
  appointmentAt: DateInput;
  documents: ReceivedDocument[];
  /** How the dossier came in (default ONLINE). */
  channel?: Channel;
  /** Where the result is collected (default: the ward's one-stop desk and its address). */
  collectAt?: string;
  /** Public base URL of the portal; the tracking link is `<base>/tra-cuu?MHS=<code>`. */
  trackingBaseUrl: string;
  /** The receiving officer, printed under the desk's seal. */
  receiver?: OfficerInfo;
  /** Number printed as "Số: <number>" (default: none, the dossier code identifies it). */
  documentNumber?: string;
}

/** One missing or insufficient document of a supplement request. */
export interface SupplementItem {
  /** The document, e.g. "Bản vẽ thiết kế xây dựng". */
  name: string;
  /** What to supply or correct. */
  requirement: string;
}

/** Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestData extends CaseInfo, Common {
  items: SupplementItem[];
  reason: string;
  /** Deadline for the applicant's answer. */
  answerBy: DateInput;
  /** The receiving officer who signs as "NGƯỜI HƯỚNG DẪN". */
  guide: OfficerInfo;
  /** The officer to contact (default: the guide). */
  contact?: OfficerInfo;
}

/** Where a dossier was refused or rejected. */
export type DecisionStage = 'VERIFICATION' | 'WARD_APPROVAL' | 'DEPARTMENT_APPROVAL';

/** Mẫu số 03: Phiếu từ chối tiếp nhận, giải quyết hồ sơ. */
export interface RefusalData extends CaseInfo, Common {
  /** Who decided: the receiving officer (VERIFICATION) or an approver. */
  stage: DecisionStage;
  /** What was asked (default: the procedure's name). */
  requestContent?: string;
  reasons: string[];
  decidedBy: SignerInfo;
  recipients?: string[];
  documentNumber?: string;
}

/** Mẫu số 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export interface ApologyData extends CaseInfo, Common {
  /** The unit responsible for the delay; it issues and signs the letter. */
  responsibleLevel: 'WARD' | 'DEPARTMENT';
  receivedAt: DateInput;
  originalAppointmentAt: DateInput;
  newAppointmentAt: DateInput;
  reason: string;
  signer: SignerInfo;
  recipients?: string[];
  documentNumber?: string;
}

/** One planned handover of the control sheet. */
export interface ControlStep {
  /** Who hands the dossier over, e.g. "Bộ phận Một cửa phường Sài Gòn". */
  from: string;
  /** Who receives it, e.g. "UBND phường Sài Gòn". */
  to: string;
  /** Printed in the GHI CHÚ column, e.g. the time allowed for the step. */
  note?: string;
}

/** Mẫu số 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetData extends CaseInfo, Common {
  receivedAt: DateInput;
  appointmentAt: DateInput;
  /** The planned handovers (default: derived from the procedure's chain). */
  steps?: ControlStep[];
}

/**
 * Quyết định, composed from `procedure.decision`, issued by the last level of the procedure's
 * chain (the department; the ward for ward-only procedures).
 */
export interface DecisionData extends CaseInfo, Common {
  /** The number, e.g. "12" (printed "Số: 12/QĐ-SXD"), or a full "12/QĐ-SXD". */
  documentNumber: string;
  /** The applicant's answers, for `{{form.<field>}}` placeholders. */
  form: Record<string, unknown>;
  signer: SignerInfo;
  /**
   * "Theo đề nghị của ..." (default: the template's "Theo đề nghị của ..." entries, else the
   * ward's chairman for a department decision, else the one-stop desk).
   */
  proposedBy?: string;
}

export interface DocumentDataMap {
  APPLICATION_FORM: ApplicationFormData;
  RECEIPT: ReceiptData;
  SUPPLEMENT_REQUEST: SupplementRequestData;
  REFUSAL: RefusalData;
  CONTROL_SHEET: ControlSheetData;
  APOLOGY: ApologyData;
  DECISION: DecisionData;
}

/** The discriminated union of render requests, one member per kind. */
export type DocumentRequest = {
  [K in DocumentKind]: { kind: K; data: DocumentDataMap[K] };
}[DocumentKind];

export interface RenderedDocument<K extends DocumentKind = DocumentKind> {
  kind: K;
  /** Vietnamese title for listings, e.g. "Giấy tiếp nhận hồ sơ và hẹn trả kết quả". */
  title: string;
  pdf: Uint8Array;
  signatureFields: SignatureFieldInfo[];
  pageCount: number;
}

export interface RenderOptions {
  /** Receives every drawn box (tests check that all lie inside the margins). */
  trace?: LayoutTrace;
}
