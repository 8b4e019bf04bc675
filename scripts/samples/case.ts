/**
 * The demo case behind the document samples: the catalogue's construction permit filed at the
 * one-stop desk of Phường Sài Gòn and decided by the Sở Xây dựng, with the demo officials and a
 * timeline on Vietnamese working days. Everything a document of the case says comes from here.
 *
 * The story (D1 = the first working day after `now`):
 *   D1 08:10  the applicant files online and signs the application form;
 *   D1 09:00  the receiving officer asks for a supplement;
 *   D1 15:20  the applicant supplements;
 *   D2 09:30  the desk accepts the dossier: receipt, appointment after the procedure's total
 *             working days, control sheet step 1 (desk → ward);
 *   +3 wd     the ward approves at 15:00 (step 2, ward → department) — the refusal sample is the
 *             other outcome of that same step;
 *   appointment − 1 wd, 10:00  the department is at risk: apology, new appointment 3 working
 *             days later;
 *   appointment + 1 wd, 15:00  the department approves: decision, sealed (step 3, department → desk);
 *   appointment + 2 wd, 09:30  the desk hands the result over (step 4, desk → applicant).
 *
 * Signing times are therefore in the near future: the development PKI certifies keys from the
 * moment they are enrolled, and B-B signatures claim their time (/M) without a trusted timestamp.
 */
import {
  addWorkingDays,
  atRiskAt,
  endOfOfficeDay,
  formatVnDateTimeShort,
  isWorkingDate,
  vnDateTime,
  vnIsoDate,
  vnParts,
} from '../../domain/calendar';
import {
  CONSTRUCTION_PERMIT,
  EXAMPLE_APPLICATIONS,
  type DemoOfficial,
  getDemoOfficial,
  requireUnit,
} from '../../domain/catalogue';
import { formatDossierCode } from '../../domain/dossier-code';
import type { Applicant, Procedure, Unit } from '../../domain/types';

/** The demo applicant's name; the case carries it decomposed (NFD) on purpose. */
export const DEMO_APPLICANT_NAME = 'Nguyễn Thị Hồng Nhung';

/** Trước hạn / Đúng hạn / Quá hạn, as the control sheet's result column says. */
export type StepResult = 'EARLY' | 'ON_TIME' | 'LATE';

export const STEP_RESULT_LABELS: Record<StepResult, string> = {
  EARLY: 'Trước hạn',
  ON_TIME: 'Đúng hạn',
  LATE: 'Quá hạn',
};

/** Who signs a step of the control sheet. */
export type StepSigner = 'receiver' | 'wardApprover' | 'departmentApprover' | 'deskSeal';

/** A person (or office) handing the dossier over or receiving it. */
export interface Party {
  /** The person, e.g. "Nguyễn Thị Thu Hà". */
  name: string;
  /** Where they act, e.g. "Bộ phận Một cửa", "UBND phường Sài Gòn". */
  at: string;
}

/** One handover of the dossier as it happened. */
export interface CaseStep {
  /** 1-based, the control sheet's row and field `step-<n>`. */
  n: number;
  /** Units as printed in the control sheet's table. */
  fromUnit: string;
  toUnit: string;
  /** Note in the table's GHI CHÚ column. */
  note: string;
  from: Party;
  to: Party;
  at: Date;
  /** The deadline the step is measured against. */
  dueAt: Date;
  result: StepResult;
  signer: StepSigner;
}

export interface DemoCase {
  dossierCode: string;
  /** As entered: the name is NFD. */
  applicant: Applicant;
  procedure: Procedure;
  ward: Unit;
  department: Unit;
  /** Answers to the procedure's e-form. */
  form: Record<string, unknown>;
  attachedDocumentCodes: string[];
  officials: {
    receiver: DemoOfficial;
    wardApprover: DemoOfficial;
    departmentApprover: DemoOfficial;
  };
  times: {
    submittedAt: Date;
    supplementRequestedAt: Date;
    supplementAnswerBy: Date;
    supplementedAt: Date;
    receivedAt: Date;
    appointmentAt: Date;
    wardDecidedAt: Date;
    apologyAt: Date;
    newAppointmentAt: Date;
    departmentDecidedAt: Date;
    handedOverAt: Date;
  };
  steps: CaseStep[];
}

export interface DemoCaseOptions {
  /** The case starts on the first working day after this instant (default: the clock). */
  now?: Date;
  /** The applicant's name in any form; stored NFD (default {@link DEMO_APPLICANT_NAME}). */
  applicantName?: string;
  /** Daily serial of the dossier code (default 7). */
  serial?: number;
}

/** `hh:mm` on the `n`-th working day after the Vietnamese calendar day of `from` (n ≥ 1). */
export function workingDayAfter(from: Date, n: number, hour: number, minute = 0): Date {
  const p = vnParts(from);
  let day = vnDateTime(p.year, p.month, p.day, 12);
  for (let found = 0; found < n;) {
    day = new Date(day.getTime() + 86_400_000);
    if (isWorkingDate(vnIsoDate(day))) found++;
  }
  const d = vnParts(day);
  return vnDateTime(d.year, d.month, d.day, hour, minute);
}

/** The workflow's rule: early when done on a day before the deadline's, late after it. */
export function stepResult(at: Date, dueAt: Date): StepResult {
  if (endOfOfficeDay(at) < dueAt) return 'EARLY';
  return at <= dueAt ? 'ON_TIME' : 'LATE';
}

/**
 * The handover of a step as the control sheet's time column shows it: who gave, who received,
 * when (the result goes in the result column: {@link STEP_RESULT_LABELS}).
 */
export function stepLines(step: CaseStep): string[] {
  return [
    `Giao: ${step.from.name} - ${step.from.at}`,
    `Nhận: ${step.to.name} - ${step.to.at}`,
    formatVnDateTimeShort(step.at),
  ];
}

function demoOfficial(username: string): DemoOfficial {
  const official = getDemoOfficial(username);
  if (!official) throw new Error(`no demo official ${username}`);
  return official;
}

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1);

/** As the templates name units in tables: "UBND phường Sài Gòn", "Sở Xây dựng". */
const short = (unit: Unit): string =>
  unit.kind === 'WARD' ? `UBND ${lowerFirst(unit.name)}` : unit.name;

/** Builds the demo case (see the module comment for its story). */
export function buildDemoCase(options: DemoCaseOptions = {}): DemoCase {
  const procedure = structuredClone(CONSTRUCTION_PERMIT) as Procedure;
  const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === procedure.code);
  if (!example) throw new Error(`no example application for ${procedure.code}`);
  const ward = requireUnit(example.wardCode);
  const department = requireUnit(procedure.departmentCode);
  const receiver = demoOfficial('receiver.saigon');
  const wardApprover = demoOfficial('ward.saigon');
  const departmentApprover = demoOfficial('dept.sxd');
  const fullName = (options.applicantName ?? DEMO_APPLICANT_NAME).normalize('NFD');
  // The example's particulars, under the demo name (its e-mail spelled the example's own name).
  const { email: _exampleEmail, ...particulars } = example.applicant;
  const applicant: Applicant = { ...particulars, fullName };

  const now = options.now ?? new Date();
  const submittedAt = workingDayAfter(now, 1, 8, 10);
  const supplementRequestedAt = workingDayAfter(now, 1, 9, 0);
  const supplementedAt = workingDayAfter(now, 1, 15, 20);
  const receivedAt = workingDayAfter(supplementedAt, 1, 9, 30);
  const appointmentAt = addWorkingDays(receivedAt, procedure.totalWorkingDays);
  const wardDecidedAt = workingDayAfter(receivedAt, 3, 15, 0);
  const apologyAt = ((d) => {
    const p = vnParts(d);
    return vnDateTime(p.year, p.month, p.day, 10, 0);
  })(atRiskAt(appointmentAt));
  const newAppointmentAt = addWorkingDays(appointmentAt, 3);
  const departmentDecidedAt = workingDayAfter(appointmentAt, 1, 15, 0);
  const handedOverAt = workingDayAfter(appointmentAt, 2, 9, 30);

  const desk = `Bộ phận Một cửa ${lowerFirst(ward.name)}`;
  const people = {
    receiver: { name: receiver.fullName, at: 'Bộ phận Một cửa' },
    wardApprover: { name: wardApprover.fullName, at: short(ward) },
    departmentApprover: { name: departmentApprover.fullName, at: short(department) },
    applicant: { name: fullName, at: 'người nộp hồ sơ' },
  };
  const step = (
    n: number,
    units: [string, string, string],
    from: Party,
    to: Party,
    at: Date,
    dueAt: Date,
    signer: StepSigner,
  ): CaseStep => ({
    n,
    fromUnit: units[0],
    toUnit: units[1],
    note: units[2],
    from,
    to,
    at,
    dueAt,
    result: stepResult(at, dueAt),
    signer,
  });
  const days = (d: number | undefined): string => `Thời hạn giải quyết: ${d ?? 0} ngày làm việc`;
  const steps = [
    step(
      1,
      [desk, short(ward), days(procedure.sla.ward)],
      people.receiver,
      people.wardApprover,
      receivedAt,
      addWorkingDays(supplementedAt, procedure.sla.verification),
      'receiver',
    ),
    step(
      2,
      [short(ward), short(department), days(procedure.sla.department)],
      people.wardApprover,
      people.departmentApprover,
      wardDecidedAt,
      addWorkingDays(receivedAt, procedure.sla.ward ?? 0),
      'wardApprover',
    ),
    step(
      3,
      [short(department), desk, 'Chuyển kết quả giải quyết'],
      people.departmentApprover,
      people.receiver,
      departmentDecidedAt,
      addWorkingDays(wardDecidedAt, procedure.sla.department ?? 0),
      'departmentApprover',
    ),
    step(
      4,
      [desk, 'Người nộp hồ sơ', 'Trả kết quả cho người nộp hồ sơ'],
      people.receiver,
      people.applicant,
      handedOverAt,
      newAppointmentAt,
      'deskSeal',
    ),
  ];

  return {
    dossierCode: formatDossierCode(ward.agencyId, submittedAt, options.serial ?? 7),
    applicant,
    procedure,
    ward,
    department,
    form: structuredClone(example.form) as Record<string, unknown>,
    attachedDocumentCodes: procedure.requiredDocuments.filter((d) => d.required).map((d) => d.code),
    officials: { receiver, wardApprover, departmentApprover },
    times: {
      submittedAt,
      supplementRequestedAt,
      supplementAnswerBy: addWorkingDays(supplementRequestedAt, procedure.sla.supplementLimit),
      supplementedAt,
      receivedAt,
      appointmentAt,
      wardDecidedAt,
      apologyAt,
      newAppointmentAt,
      departmentDecidedAt,
      handedOverAt,
    },
    steps,
  };
}
