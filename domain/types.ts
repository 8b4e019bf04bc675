/**
 * Shared vocabulary of the product: units, officials, procedures, stages, documents.
 * Pure types and constants only; imported by workflows, activities, api, templates.
 */

export type UnitKind = 'WARD' | 'DEPARTMENT';

export interface Unit {
  /** Short code used in the API and the seed, e.g. "SAIGON", "SXD". */
  code: string;
  /** Full Vietnamese name, e.g. "Phường Sài Gòn", "Sở Xây dựng". */
  name: string;
  kind: UnitKind;
  /**
   * Electronic agency identifier (Decision 20/2020/QĐ-TTg), the prefix of dossier codes,
   * e.g. "000.26.01.H29". Unique across units.
   */
  agencyId: string;
  /** The superior body printed above the issuing body, e.g. "UBND THÀNH PHỐ HỒ CHÍ MINH". */
  parentName: string;
  /** Name of the issuing body as printed on documents, e.g. "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN". */
  issuerName: string;
  /** Symbol used in document numbers, e.g. "UBND" for a ward, "SXD" for the construction department. */
  documentSymbol: string;
  /** Place name printed in the date line, e.g. "Thành phố Hồ Chí Minh". */
  place: string;
  address: string;
}

export type Role = 'RECEIVER' | 'WARD_APPROVER' | 'DEPARTMENT_APPROVER' | 'SUPERVISOR' | 'ADMIN';
export const ROLES: readonly Role[] = [
  'RECEIVER',
  'WARD_APPROVER',
  'DEPARTMENT_APPROVER',
  'SUPERVISOR',
  'ADMIN',
] as const;

/** The identity of an official as the workflow sees it (no secrets). */
export interface Actor {
  id: string;
  username: string;
  fullName: string;
  /** Position printed under the signature, e.g. "Phó Chủ tịch", "Phó Giám đốc". */
  title: string;
  /** Unit code, or null for city-wide roles such as SUPERVISOR. */
  unitCode: string | null;
  roles: Role[];
}

export type Stage =
  | 'VERIFICATION'
  | 'SUPPLEMENT_REQUESTED'
  | 'WARD_APPROVAL'
  | 'DEPARTMENT_APPROVAL'
  | 'RESULT_READY'
  | 'COMPLETED'
  | 'CLOSED';

export const STAGES: readonly Stage[] = [
  'VERIFICATION',
  'SUPPLEMENT_REQUESTED',
  'WARD_APPROVAL',
  'DEPARTMENT_APPROVAL',
  'RESULT_READY',
  'COMPLETED',
  'CLOSED',
] as const;

export type Outcome = 'APPROVED' | 'REJECTED' | 'REFUSED' | 'WITHDRAWN' | 'EXPIRED';

/** One level of a procedure's approval chain. */
export type ChainLevel = 'WARD' | 'DEPARTMENT';

export const APPROVAL_STAGE: Record<ChainLevel, Stage> = {
  WARD: 'WARD_APPROVAL',
  DEPARTMENT: 'DEPARTMENT_APPROVAL',
};

export const APPROVER_ROLE: Record<ChainLevel, Role> = {
  WARD: 'WARD_APPROVER',
  DEPARTMENT: 'DEPARTMENT_APPROVER',
};

export type DocumentKind =
  | 'APPLICATION_FORM'
  | 'RECEIPT'
  | 'SUPPLEMENT_REQUEST'
  | 'REFUSAL'
  | 'CONTROL_SHEET'
  | 'APOLOGY'
  | 'DECISION';

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'APPLICATION_FORM',
  'RECEIPT',
  'SUPPLEMENT_REQUEST',
  'REFUSAL',
  'CONTROL_SHEET',
  'APOLOGY',
  'DECISION',
] as const;

export interface RequiredDocument {
  code: string;
  /** Vietnamese name as on the procedure's published list, e.g. "Bản vẽ thiết kế xây dựng". */
  name: string;
  required: boolean;
  /** How many originals / certified copies are asked for, as printed on the receipt. */
  originals?: number;
  copies?: number;
}

/** The decision a procedure issues on final approval, composed by templates/decision. */
export interface DecisionTemplate {
  id: string;
  /** Document type and summary, e.g. "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ". */
  summary: string;
  /** Symbol after the number, e.g. "QĐ-SXD". */
  symbol: string;
  /** The issuing authority line above the grounds, e.g. "GIÁM ĐỐC SỞ XÂY DỰNG". */
  authority: string;
  /** "Căn cứ ..." clauses, one per entry, without the trailing semicolon. */
  legalGrounds: string[];
  /**
   * Articles ("Điều 1. ..."), with placeholders `{{applicant.fullName}}`, `{{applicant.address}}`,
   * `{{form.<field>}}`, `{{case.code}}`, `{{unit.name}}`, `{{ward.name}}` filled by the template.
   */
  articles: string[];
  /** "Nơi nhận" lines; "Lưu: VT" is added by the template. */
  recipients: string[];
  /** Signing-authority prefix and position, e.g. { prefix: "KT. GIÁM ĐỐC", position: "PHÓ GIÁM ĐỐC" }. */
  signerPrefix?: string;
}

export interface SlaWorkingDays {
  verification: number;
  /** Per approval level, in working days. */
  ward?: number;
  department?: number;
  /** Working days the applicant has to answer a supplement request before the case expires. */
  supplementLimit: number;
}

export interface Procedure {
  /** National procedure code, e.g. "1.009994.000.00.00.H29". */
  code: string;
  name: string;
  description: string;
  /** Field of the procedure, e.g. "Hoạt động xây dựng". */
  field: string;
  /** Owning department (unit code of kind DEPARTMENT). */
  departmentCode: string;
  /** Approval levels in order; default ["WARD", "DEPARTMENT"]. */
  chain: ChainLevel[];
  sla: SlaWorkingDays;
  /** Statutory total time limit in working days, printed on the receipt. */
  totalWorkingDays: number;
  requiredDocuments: RequiredDocument[];
  /** JSON Schema (draft 2020-12) of the e-form, Vietnamese `title`s. */
  formSchema: Record<string, unknown>;
  decision: DecisionTemplate;
  /** Fee printed on the receipt, in VND; 0 when free. */
  feeVnd: number;
}

/** Applicant as entered on the application. Text is NFC-normalised at the edge. */
export interface Applicant {
  fullName: string;
  /** 12-digit citizen identity number. */
  idNumber: string;
  phone: string;
  email?: string;
  address: string;
}
