/**
 * What supervisors are told about a case, as pure functions of its compact board entry and the
 * time: why it is stuck (every reason at once), how Decision 766/QĐ-TTg counts it, and how long it
 * spent in each stage. Shared by the projection (which stores the entries), the API (which
 * answers lists and statistics from them) and the tests. The rules are documented in
 * docs/statistics.md; every text a user sees is Vietnamese.
 */
import {
  addWorkingHours,
  endOfOfficeDay,
  formatVnDateTimeShort,
  subtractWorkingHours,
  workingDaysBetween,
  workingHoursBetween,
} from './calendar';
import { requiredRole, STAGE_LABELS } from './stages';
import type { Outcome, Role, Stage } from './types';

// ---------------------------------------------------------------------------------------------
// The board entry of a case

/** What the board keeps of one case (the projection writes it at every event). */
export interface BoardCase {
  /** Timeline position the entry reflects (a write older than the stored one changes nothing). */
  v: number;
  code: string;
  procedureCode: string;
  wardCode: string;
  departmentCode: string;
  /** Whether the procedure's chain has a department level (the department then answers for it). */
  departmentInChain: boolean;
  applicantName: string;
  stage: Stage;
  stageUnitCode: string;
  stageEnteredAt: string;
  stageDueAt: string | null;
  submittedAt: string;
  acceptedAt: string | null;
  /** The appointment in force (moved once by an apology letter) and the first one. */
  dueAt: string;
  originalDueAt: string;
  reappointed: boolean;
  atRisk: boolean;
  /** When the current stage went at risk / overdue (the workflow's timeline), if it did. */
  atRiskAt: string | null;
  overdueAt: string | null;
  overdue: boolean;
  assignee: { id: string; name: string } | null;
  outcome: Outcome | null;
  /** When the result was ready (the decision issued) and whether by the first appointment. */
  resultReadyAt: string | null;
  onTime: boolean | null;
  completedAt: string | null;
  supplementRounds: number;
  /** Filed online: the applicant signed the e-form (an APPLICATION_FORM document). */
  online: boolean;
  /** The dossier has digitised attachments (ATTACHMENT documents). */
  digitised: boolean;
  /** Working hours spent in each stage over its finished visits (the current one not included). */
  spentHours: Partial<Record<Stage, number>>;
  /** Withdrawn while the stage it was withdrawn from had gone overdue. */
  withdrawnLate: boolean;
}

/** An activity of the case that has failed FAILING_ATTEMPTS times in a row (the worker writes it). */
export interface BoardFailing {
  activityType: string;
  activityId: string;
  attempt: number;
  message: string;
  since: string;
}

/** The workflow ended in Temporal while the read model still had the case open (reconciliation). */
export interface BoardEnded {
  status: 'TERMINATED' | 'TIMED_OUT' | 'FAILED' | 'CANCELLED' | 'COMPLETED' | 'NOT_FOUND';
  closedAt: string | null;
  foundAt: string;
}

/** Supervisors' escalations of the case (outside the workflow: notes and messages). */
export interface BoardEscalation {
  count: number;
  lastAt: string;
  lastBy: string;
  lastNote: string | null;
}

export interface BoardEntry {
  c: BoardCase;
  f?: BoardFailing | null;
  e?: BoardEnded | null;
  x?: BoardEscalation | null;
}

/** An activity that has failed this many attempts in a row makes its case stuck. */
export const FAILING_ATTEMPTS = 3;
/** Default of SUPERVISION_SILENT_WORKING_DAYS: a stage this long with no event is "silent". */
export const DEFAULT_SILENT_WORKING_DAYS = 5;

// ---------------------------------------------------------------------------------------------
// Stuck reasons

export const STUCK_REASONS = [
  'WORKFLOW_ENDED',
  'ACTIVITY_FAILING',
  'NO_ELIGIBLE_OFFICIAL',
  'OVERDUE',
  'AT_RISK',
  'SILENT',
] as const;
export type StuckReason = (typeof STUCK_REASONS)[number];

export const STUCK_REASON_LABELS: Record<StuckReason, string> = {
  WORKFLOW_ENDED: 'Quy trình đã dừng',
  ACTIVITY_FAILING: 'Bước xử lý tự động bị lỗi',
  NO_ELIGIBLE_OFFICIAL: 'Không có cán bộ xử lý',
  OVERDUE: 'Quá hạn',
  AT_RISK: 'Sắp đến hạn',
  SILENT: 'Không có tiến triển',
};

export interface Stuck {
  reason: StuckReason;
  detail: string;
}

export interface Coverage {
  /** Whether an active official holds `role` in `unitCode`. */
  covered(role: Role, unitCode: string): boolean;
  /** Whether the official with this id is active. */
  active(officialId: string): boolean;
}

const ENDED_LABELS: Record<BoardEnded['status'], string> = {
  TERMINATED: 'bị dừng cưỡng bức (terminated)',
  TIMED_OUT: 'hết thời gian chạy (timed out)',
  FAILED: 'bị lỗi (failed)',
  CANCELLED: 'bị hủy (cancelled)',
  COMPLETED: 'đã kết thúc nhưng dữ liệu chưa cập nhật',
  NOT_FOUND: 'không còn trong Temporal',
};

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * The instants the stuck rules compare with, computed once for many cases: `now`, one working day
 * ahead (a deadline before it is at risk), and `silentDays` working days back (a stage entered
 * before it is silent), in ms.
 */
export interface StuckClock {
  now: Date;
  nowMs: number;
  riskLimitMs: number;
  silentBeforeMs: number;
  silentDays: number;
}

export function stuckClock(now: Date, silentDays = DEFAULT_SILENT_WORKING_DAYS): StuckClock {
  return {
    now,
    nowMs: now.getTime(),
    riskLimitMs: addWorkingHours(now, 8).getTime(),
    silentBeforeMs: subtractWorkingHours(now, silentDays * 8).getTime(),
    silentDays,
  };
}

/** Stages whose deadline is an official's (not the applicant's supplement, not a result). */
const OFFICIALS_CLOCK = (stage: Stage): boolean =>
  stage === 'VERIFICATION' || stage === 'WARD_APPROVAL' || stage === 'DEPARTMENT_APPROVAL';

/**
 * What the stuck rules read of an entry, without the time: worked out once per entry, so that a
 * reader asks the rules of many cases at many instants with a few comparisons each.
 */
export interface StuckFacts {
  ended: boolean;
  failing: boolean;
  /** The stage runs on an official's clock. */
  officials: boolean;
  /** Who must act (null: nobody, e.g. waiting for the applicant), where, and the assignee. */
  role: Role | null;
  unit: string;
  assigneeId: string | null;
  /** The workflow's own flags of the current stage. */
  flaggedOverdue: boolean;
  flaggedAtRisk: boolean;
  /** The stage's deadline (NaN: none) and start, in ms. */
  dueMs: number;
  enteredMs: number;
}

export function stuckFactsOf(entry: BoardEntry): StuckFacts {
  const { c } = entry;
  return {
    ended: !!entry.e,
    failing: !!entry.f && entry.f.attempt >= FAILING_ATTEMPTS,
    officials: OFFICIALS_CLOCK(c.stage),
    role: requiredRole(c.stage),
    unit: c.stageUnitCode,
    assigneeId: c.assignee?.id ?? null,
    flaggedOverdue: c.overdue,
    flaggedAtRisk: c.atRisk,
    dueMs: c.stageDueAt === null ? NaN : Date.parse(c.stageDueAt),
    enteredMs: Date.parse(c.stageEnteredAt),
  };
}

const overdueOf = (f: StuckFacts, clock: StuckClock): boolean =>
  f.officials && (f.flaggedOverdue || f.dueMs < clock.nowMs);
const atRiskOf = (f: StuckFacts, clock: StuckClock): boolean =>
  f.officials && !overdueOf(f, clock) && (f.flaggedAtRisk || f.dueMs <= clock.riskLimitMs);
const silentOf = (f: StuckFacts, clock: StuckClock): boolean =>
  f.officials && f.enteredMs < clock.silentBeforeMs;
const unattendedOf = (f: StuckFacts, coverage: Coverage): boolean =>
  f.role !== null &&
  (f.assigneeId !== null ? !coverage.active(f.assigneeId) : !coverage.covered(f.role, f.unit));

/** Whether the case is late in its current stage (the workflow's flag, or its deadline passed). */
export const isOverdue = (c: BoardCase, clock: StuckClock): boolean =>
  overdueOf(stuckFactsOf({ c }), clock);

/** Whether the current stage is within a working day of its deadline (and not overdue yet). */
export const isAtRisk = (c: BoardCase, clock: StuckClock): boolean =>
  atRiskOf(stuckFactsOf({ c }), clock);

/** Whether an official's stage has run longer than the silent threshold. */
export const isSilent = (c: BoardCase, clock: StuckClock): boolean =>
  silentOf(stuckFactsOf({ c }), clock);

/** Working days the current stage has run (fractional). */
export function stageAgeWorkingDays(c: BoardCase, now: Date): number {
  return workingDaysBetween(new Date(c.stageEnteredAt), now);
}

/** Whether nobody can act on the case: its assignee left, or nobody holds the stage's role. */
export const hasNoEligibleOfficial = (c: BoardCase, coverage: Coverage): boolean =>
  unattendedOf(stuckFactsOf({ c }), coverage);

/** The bit of each reason in a `stuckMask` (its place in STUCK_REASONS). */
export const STUCK_BIT: Record<StuckReason, number> = Object.fromEntries(
  STUCK_REASONS.map((r, i) => [r, 1 << i]),
) as Record<StuckReason, number>;

/** The reasons that do not depend on the time: ended, failing, nobody to act. */
export function standingMask(f: StuckFacts, coverage: Coverage): number {
  let mask = 0;
  if (f.ended) mask |= STUCK_BIT.WORKFLOW_ENDED;
  if (f.failing) mask |= STUCK_BIT.ACTIVITY_FAILING;
  if (unattendedOf(f, coverage)) mask |= STUCK_BIT.NO_ELIGIBLE_OFFICIAL;
  return mask;
}

/** The reasons of the time: overdue, else at risk; silent. */
export function clockMask(f: StuckFacts, clock: StuckClock): number {
  let mask = 0;
  if (overdueOf(f, clock)) mask |= STUCK_BIT.OVERDUE;
  else if (atRiskOf(f, clock)) mask |= STUCK_BIT.AT_RISK;
  if (silentOf(f, clock)) mask |= STUCK_BIT.SILENT;
  return mask;
}

/** The stuck reasons of an entry's facts at a time, as bits of STUCK_BIT (0: not stuck). */
export const maskAt = (f: StuckFacts, clock: StuckClock, coverage: Coverage): number =>
  standingMask(f, coverage) | clockMask(f, clock);

/** The stuck reasons of an entry as bits of STUCK_BIT (0: not stuck). */
export const stuckMask = (entry: BoardEntry, clock: StuckClock, coverage: Coverage): number =>
  maskAt(stuckFactsOf(entry), clock, coverage);

/** The reasons of a mask, most serious first. */
export const reasonsOf = (mask: number): StuckReason[] =>
  STUCK_REASONS.filter((r) => (mask & STUCK_BIT[r]) !== 0);

/** The stuck reasons of an entry, without their texts, most serious first. */
export const stuckCodes = (
  entry: BoardEntry,
  clock: StuckClock,
  coverage: Coverage,
): StuckReason[] => reasonsOf(stuckMask(entry, clock, coverage));

/**
 * Every reason the case is stuck, most serious first, with its explanation (empty when it is not).
 * SILENT: an official's stage has run longer than `clock.silentDays` working days, even if its
 * deadline is further away.
 */
export function stuckReasons(entry: BoardEntry, clock: StuckClock, coverage: Coverage): Stuck[] {
  const { c } = entry;
  const stageLabel = STAGE_LABELS[c.stage];
  const due = c.stageDueAt ? formatVnDateTimeShort(new Date(c.stageDueAt)) : '—';
  return stuckCodes(entry, clock, coverage).map((reason): Stuck => {
    switch (reason) {
      case 'WORKFLOW_ENDED':
        return {
          reason,
          detail: `Quy trình của hồ sơ trong Temporal ${ENDED_LABELS[entry.e?.status ?? 'NOT_FOUND']}${
            entry.e?.closedAt ? ` lúc ${formatVnDateTimeShort(new Date(entry.e.closedAt))}` : ''
          }, trong khi hồ sơ vẫn đang ở bước "${stageLabel}".`,
        };
      case 'ACTIVITY_FAILING':
        return {
          reason,
          detail: `Bước tự động ${entry.f?.activityType ?? ''} đã lỗi ${entry.f?.attempt ?? 0} lần liên tiếp: ${entry.f?.message ?? ''}`,
        };
      case 'NO_ELIGIBLE_OFFICIAL':
        return {
          reason,
          detail: c.assignee
            ? `Hồ sơ được phân công cho ${c.assignee.name}, người hiện không còn hoạt động trên hệ thống.`
            : `Không có cán bộ đang hoạt động giữ vai trò ${requiredRole(c.stage) ?? ''} tại đơn vị ${c.stageUnitCode}.`,
        };
      case 'OVERDUE':
        return {
          reason,
          detail: `Quá hạn ${c.stageDueAt ? round1(workingDaysBetween(new Date(c.stageDueAt), clock.now)) : 0} ngày làm việc ở bước "${stageLabel}" (hạn ${due}).`,
        };
      case 'AT_RISK':
        return {
          reason,
          detail: `Còn dưới một ngày làm việc đến hạn bước "${stageLabel}" (hạn ${due}).`,
        };
      case 'SILENT':
        return {
          reason,
          detail: `Đã ${round1(stageAgeWorkingDays(c, clock.now))} ngày làm việc ở bước "${stageLabel}" mà chưa được xử lý (ngưỡng ${clock.silentDays} ngày).`,
        };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Decision 766/QĐ-TTg: how each case counts

/**
 * The class of a case in the progress index at `now`:
 * - IN_PROGRESS_ON_TIME / IN_PROGRESS_LATE: not resolved yet, within / past its appointment (the
 *   first one: an apology letter does not make a late case on time). Before acceptance no
 *   appointment runs yet: the desk's verification deadline is what it is held to. Waiting for the
 *   applicant's supplement stops the clock: such a case is within time.
 * - RESOLVED_EARLY / RESOLVED_ON_TIME / RESOLVED_LATE: a result exists (decision issued, or a
 *   rejection with its reasons), before the appointment day / by the appointment / after it.
 * - REFUSED (not accepted at the desk), EXPIRED (the applicant never completed it), WITHDRAWN
 *   (withdrawn in time): excluded, neither on time nor late, counted apart.
 * - A withdrawal from a stage that had gone overdue counts as RESOLVED_LATE.
 */
export type ProgressClass =
  | 'IN_PROGRESS_ON_TIME'
  | 'IN_PROGRESS_LATE'
  | 'RESOLVED_EARLY'
  | 'RESOLVED_ON_TIME'
  | 'RESOLVED_LATE'
  | 'REFUSED'
  | 'EXPIRED'
  | 'WITHDRAWN';

export const PROGRESS_LABELS: Record<ProgressClass, string> = {
  IN_PROGRESS_ON_TIME: 'Đang giải quyết trong hạn',
  IN_PROGRESS_LATE: 'Đang giải quyết quá hạn',
  RESOLVED_EARLY: 'Đã giải quyết trước hạn',
  RESOLVED_ON_TIME: 'Đã giải quyết đúng hạn',
  RESOLVED_LATE: 'Đã giải quyết quá hạn',
  REFUSED: 'Từ chối tiếp nhận',
  EXPIRED: 'Quá hạn bổ sung',
  WITHDRAWN: 'Rút hồ sơ',
};

function resolvedClass(at: string, appointment: string): ProgressClass {
  const t = new Date(at);
  const due = new Date(appointment);
  if (t > due) return 'RESOLVED_LATE';
  return endOfOfficeDay(t) < due ? 'RESOLVED_EARLY' : 'RESOLVED_ON_TIME';
}

/**
 * The class of a case as far as it does not depend on the time: a class, or the instant (ms)
 * after which the case is IN_PROGRESS_LATE (IN_PROGRESS_ON_TIME until then). Null for a closed
 * case without its completion time, whose class `progressClass` works out from `now`. Lets a
 * reader classify many cases at many instants with one comparison each.
 */
export function progressRule(c: BoardCase): ProgressClass | number | null {
  if (c.stage === 'CLOSED') {
    switch (c.outcome) {
      case 'REFUSED':
        return 'REFUSED';
      case 'EXPIRED':
        return 'EXPIRED';
      case 'WITHDRAWN':
        return c.withdrawnLate ? 'RESOLVED_LATE' : 'WITHDRAWN';
      default:
        return c.completedAt ? resolvedClass(c.completedAt, c.originalDueAt) : null;
    }
  }
  if (c.resultReadyAt) return resolvedClass(c.resultReadyAt, c.originalDueAt);
  if (c.stage === 'SUPPLEMENT_REQUESTED') return 'IN_PROGRESS_ON_TIME';
  if (!c.acceptedAt) {
    if (c.overdue) return 'IN_PROGRESS_LATE';
    return c.stageDueAt === null ? 'IN_PROGRESS_ON_TIME' : Date.parse(c.stageDueAt);
  }
  return Date.parse(c.originalDueAt);
}

/** The class of a rule (`progressRule`) at `nowMs`. */
export const classAt = (rule: ProgressClass | number, nowMs: number): ProgressClass =>
  typeof rule !== 'number' ? rule : nowMs > rule ? 'IN_PROGRESS_LATE' : 'IN_PROGRESS_ON_TIME';

export function progressClass(c: BoardCase, now: Date): ProgressClass {
  const rule = progressRule(c) ?? resolvedClass(now.toISOString(), c.originalDueAt);
  return classAt(rule, now.getTime());
}

/** The classes that count in the denominator of the on-time share. */
export const COUNTED: readonly ProgressClass[] = [
  'IN_PROGRESS_ON_TIME',
  'IN_PROGRESS_LATE',
  'RESOLVED_EARLY',
  'RESOLVED_ON_TIME',
  'RESOLVED_LATE',
];
/** The classes that count as on time in its numerator. */
export const ON_TIME: readonly ProgressClass[] = [
  'IN_PROGRESS_ON_TIME',
  'RESOLVED_EARLY',
  'RESOLVED_ON_TIME',
];

// ---------------------------------------------------------------------------------------------
// Time in each stage, from the timeline

interface TimelineLike {
  at: string;
  stage: Stage;
  action: string;
}

/** Actions after which the case is in another stage (their entry names the stage they left). */
const LEAVES_STAGE = new Set([
  'accept',
  'request_supplement',
  'refuse',
  'approve',
  'reject',
  'withdraw',
  'expire',
  'handover',
]);

/**
 * Working hours spent in each stage over the finished visits of a timeline, and whether the stage
 * the case was withdrawn from had gone overdue. `provide_supplement` ends a SUPPLEMENT_REQUESTED
 * visit (its entry names the stage it returned to).
 */
export function stageVisits(
  timeline: readonly TimelineLike[],
  submittedAt: string,
): { spentHours: Partial<Record<Stage, number>>; withdrawnLate: boolean } {
  const spent: Partial<Record<Stage, number>> = {};
  let since = new Date(submittedAt);
  let overdueInVisit = false;
  let withdrawnLate = false;
  const add = (stage: Stage, until: Date): void => {
    const h = Math.max(0, workingHoursBetween(since, until));
    spent[stage] = Math.round(((spent[stage] ?? 0) + h) * 100) / 100;
    since = until;
    overdueInVisit = false;
  };
  for (const t of timeline) {
    const at = new Date(t.at);
    if (t.action === 'overdue') overdueInVisit = true;
    if (t.action === 'withdraw' && overdueInVisit) withdrawnLate = true;
    if (t.action === 'provide_supplement') add('SUPPLEMENT_REQUESTED', at);
    else if (LEAVES_STAGE.has(t.action)) add(t.stage, at);
  }
  return { spentHours: spent, withdrawnLate };
}
