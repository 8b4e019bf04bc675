/**
 * The supervisors' questions, answered from the board in memory (board-reader.ts): lists with
 * filters, sorting, search and paging; the dashboard's figures; the charts; the periodic report
 * per unit. Decision 766 counting is domain/supervision.ts (`progressClass`), documented in
 * docs/statistics.md. Open cases are counted live; closed ones from their month's counts.
 */
import { vnIsoDate, workingHoursBetween } from '../../domain/calendar';
import { getProcedure, listProcedures, listUnits } from '../../domain/catalogue';
import { STAGE_LABELS } from '../../domain/stages';
import {
  COUNTED,
  ON_TIME,
  isAtRisk,
  isOverdue,
  progressClass,
  stuckCodes,
  stuckReasons,
  type BoardEntry,
  type Coverage,
  type ProgressClass,
  type Stuck,
  type StuckClock,
  type StuckReason,
} from '../../domain/supervision';
import type { Stage } from '../../domain/types';
import { procedureOfKey, type ClosedCounts } from '../../models/board';
import type { BoardSnapshot } from './board-reader';

export const LIST_FILTERS = ['all', 'stuck', 'overdue', 'atRisk'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
export const LIST_SORTS = ['due', 'entered', 'submitted', 'code', 'applicant'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const OPEN_STAGES: readonly Stage[] = [
  'VERIFICATION',
  'SUPPLEMENT_REQUESTED',
  'WARD_APPROVAL',
  'DEPARTMENT_APPROVAL',
  'RESULT_READY',
];

export interface Scope {
  /** VN calendar days, inclusive ("2026-12-01"); by the day the dossier was received. */
  from?: string;
  to?: string;
  /** A ward (cases it received) or a department (cases its procedures bring it). */
  unit?: string;
  procedure?: string;
  /** Open cases in this stage only (closed cases have none). */
  stage?: Stage;
}

export interface ListQuery extends Scope {
  filter?: ListFilter;
  reason?: StuckReason;
  /** Part of a dossier code or of the applicant's name (accents ignored). */
  q?: string;
  sort?: ListSort;
  desc?: boolean;
  offset?: number;
  limit?: number;
}

/** Lower case without diacritics, for search. */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase();

const days = new Map<string, string>();
/** The VN calendar day of an instant (memoised: the same few thousand instants come back). */
function dayOf(iso: string): string {
  let d = days.get(iso);
  if (d === undefined) {
    if (days.size > 500_000) days.clear();
    d = vnIsoDate(new Date(iso));
    days.set(iso, d);
  }
  return d;
}

function unitMatches(
  c: { wardCode: string; departmentCode: string; departmentInChain: boolean },
  unit: string,
): boolean {
  return c.wardCode === unit || (c.departmentInChain && c.departmentCode === unit);
}

/** Whether an open entry is in the scope. */
function inScope(e: BoardEntry, s: Scope): boolean {
  const { c } = e;
  if (s.unit && !unitMatches(c, s.unit)) return false;
  if (s.procedure && c.procedureCode !== s.procedure) return false;
  if (s.stage && c.stage !== s.stage) return false;
  if (s.from || s.to) {
    const day = dayOf(c.submittedAt);
    if (s.from && day < s.from) return false;
    if (s.to && day > s.to) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface ListItem {
  code: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  stage: Stage;
  stageLabel: string;
  unitCode: string;
  wardCode: string;
  departmentCode: string;
  assignee: { id: string; name: string } | null;
  submittedAt: string;
  stageEnteredAt: string;
  stageDueAt: string | null;
  dueAt: string;
  overdueBy: { workingDays: number } | null;
  atRisk: boolean;
  overdue: boolean;
  progress: ProgressClass;
  stuck: Stuck | null;
  reasons: Stuck[];
  failing: { activityType: string; activityId: string; attempt: number } | null;
  escalated: { count: number; lastAt: string } | null;
  workflowEnded: string | null;
}

export function listItem(e: BoardEntry, clock: StuckClock, coverage: Coverage): ListItem {
  const { c } = e;
  const reasons = stuckReasons(e, clock, coverage);
  const overdue = isOverdue(c, clock);
  const overdueDetail = reasons.find((r) => r.reason === 'OVERDUE');
  const by = overdueDetail ? Number(/Quá hạn ([\d.]+)/.exec(overdueDetail.detail)?.[1] ?? 0) : 0;
  return {
    code: c.code,
    procedureCode: c.procedureCode,
    procedureName: getProcedure(c.procedureCode)?.name ?? c.procedureCode,
    applicantName: c.applicantName,
    stage: c.stage,
    stageLabel: STAGE_LABELS[c.stage],
    unitCode: c.stageUnitCode,
    wardCode: c.wardCode,
    departmentCode: c.departmentCode,
    assignee: c.assignee,
    submittedAt: c.submittedAt,
    stageEnteredAt: c.stageEnteredAt,
    stageDueAt: c.stageDueAt,
    dueAt: c.dueAt,
    overdueBy: overdue ? { workingDays: by } : null,
    atRisk: isAtRisk(c, clock),
    overdue,
    progress: progressClass(c, clock.now),
    stuck: reasons[0] ?? null,
    reasons,
    failing: e.f
      ? { activityType: e.f.activityType, activityId: e.f.activityId, attempt: e.f.attempt }
      : null,
    escalated: e.x ? { count: e.x.count, lastAt: e.x.lastAt } : null,
    workflowEnded: e.e?.status ?? null,
  };
}

function matchesFilter(
  e: BoardEntry,
  q: ListQuery,
  clock: StuckClock,
  coverage: Coverage,
  needle: string | null,
): boolean {
  if (!inScope(e, q)) return false;
  const filter = q.filter ?? 'all';
  if (filter === 'overdue' && !isOverdue(e.c, clock)) return false;
  if (filter === 'atRisk' && !isAtRisk(e.c, clock)) return false;
  if (filter === 'stuck' || q.reason) {
    const codes = stuckCodes(e, clock, coverage);
    if (codes.length === 0) return false;
    if (q.reason && !codes.includes(q.reason)) return false;
  }
  if (needle) {
    if (!fold(e.c.code).includes(needle) && !fold(e.c.applicantName).includes(needle)) return false;
  }
  return true;
}

const SORT_KEY: Record<ListSort, (e: BoardEntry) => string> = {
  // No deadline (a result waiting to be collected) goes last.
  due: (e) => e.c.stageDueAt ?? '9999',
  entered: (e) => e.c.stageEnteredAt,
  submitted: (e) => e.c.submittedAt,
  code: (e) => e.c.code,
  applicant: (e) => fold(e.c.applicantName),
};

export interface ListPage {
  items: ListItem[];
  total: number;
  offset: number;
  limit: number;
}

/** One page of the cases that match, sorted (ties by code), with the total. */
export function listCases(
  board: BoardSnapshot,
  q: ListQuery,
  clock: StuckClock,
  coverage: Coverage,
): ListPage {
  const needle = q.q ? fold(q.q.trim()) : null;
  const matched = board.entries.filter((e) => matchesFilter(e, q, clock, coverage, needle));
  const key = SORT_KEY[q.sort ?? 'due'];
  const dir = q.desc ? -1 : 1;
  matched.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -dir : ka > kb ? dir : a.c.code < b.c.code ? -1 : 1;
  });
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 50;
  return {
    items: matched.slice(offset, offset + limit).map((e) => listItem(e, clock, coverage)),
    total: matched.length,
    offset,
    limit,
  };
}

// ---------------------------------------------------------------------------------------------
// Counting (Decision 766)

export interface Tally {
  received: number;
  inProgress: number;
  inProgressOnTime: number;
  inProgressLate: number;
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  rejected: number;
  refused: number;
  withdrawn: number;
  expired: number;
  online: number;
  digitised: number;
  /** On-time share of Decision 766 (null when nothing counts). */
  onTimeRate: number | null;
  onlineRate: number | null;
  digitisedRate: number | null;
}

const emptyTally = (): Tally => ({
  received: 0,
  inProgress: 0,
  inProgressOnTime: 0,
  inProgressLate: 0,
  resolved: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  rejected: 0,
  refused: 0,
  withdrawn: 0,
  expired: 0,
  online: 0,
  digitised: 0,
  onTimeRate: null,
  onlineRate: null,
  digitisedRate: null,
});

function addClass(t: Tally, cls: ProgressClass, n = 1): void {
  switch (cls) {
    case 'IN_PROGRESS_ON_TIME':
      t.inProgress += n;
      t.inProgressOnTime += n;
      break;
    case 'IN_PROGRESS_LATE':
      t.inProgress += n;
      t.inProgressLate += n;
      break;
    case 'RESOLVED_EARLY':
      t.resolved += n;
      t.resolvedEarly += n;
      break;
    case 'RESOLVED_ON_TIME':
      t.resolved += n;
      t.resolvedOnTime += n;
      break;
    case 'RESOLVED_LATE':
      t.resolved += n;
      t.resolvedLate += n;
      break;
    case 'REFUSED':
      t.refused += n;
      break;
    case 'WITHDRAWN':
      t.withdrawn += n;
      break;
    case 'EXPIRED':
      t.expired += n;
      break;
  }
}

function addCounts(t: Tally, k: ClosedCounts): void {
  t.received += k.r ?? 0;
  addClass(t, 'REFUSED', k.rf ?? 0);
  addClass(t, 'EXPIRED', k.ex ?? 0);
  addClass(t, 'WITHDRAWN', k.wd ?? 0);
  addClass(t, 'RESOLVED_EARLY', k.re ?? 0);
  addClass(t, 'RESOLVED_ON_TIME', k.ro ?? 0);
  addClass(t, 'RESOLVED_LATE', k.rl ?? 0);
  t.rejected += k.rj ?? 0;
  t.online += k.on ?? 0;
  t.digitised += k.dg ?? 0;
}

function finish(t: Tally): Tally {
  const counted = t.inProgress + t.resolved;
  const onTime = t.inProgressOnTime + t.resolvedEarly + t.resolvedOnTime;
  t.onTimeRate = counted === 0 ? null : onTime / counted;
  t.onlineRate = t.received === 0 ? null : t.online / t.received;
  t.digitisedRate = t.received === 0 ? null : t.digitised / t.received;
  return t;
}

/** The closed-case counts in scope, one callback per (day, ward, procedure). */
function eachClosed(
  board: BoardSnapshot,
  s: Scope,
  visit: (day: string, ward: string, procedure: string, k: ClosedCounts) => void,
): void {
  if (s.stage) return; // closed cases are in no stage
  for (const [month, doc] of board.months) {
    if (s.from && `${month}-31` < s.from) continue;
    if (s.to && `${month}-01` > s.to) continue;
    for (const [dd, wards] of Object.entries(doc.days ?? {})) {
      const day = `${month}-${dd}`;
      if ((s.from && day < s.from) || (s.to && day > s.to)) continue;
      for (const [ward, procs] of Object.entries(wards)) {
        for (const [pk, k] of Object.entries(procs)) {
          const procedure = procedureOfKey(pk);
          if (s.procedure && procedure !== s.procedure) continue;
          if (s.unit && s.unit !== ward) {
            const p = getProcedure(procedure);
            if (!p || !p.chain.includes('DEPARTMENT') || p.departmentCode !== s.unit) continue;
          }
          visit(day, ward, procedure, k);
        }
      }
    }
  }
}

export interface Summary extends Tally {
  atRisk: number;
  overdue: number;
  stuck: number;
  byReason: Record<StuckReason, number>;
}

export interface UnitRow extends Summary {
  unitCode: string;
  unitName: string;
  kind: 'WARD' | 'DEPARTMENT';
}

export interface WeekRow {
  /** Monday of the week (VN calendar) the dossiers were received in. */
  week: string;
  received: number;
  resolvedOnTime: number;
  resolvedLate: number;
  onTimeRate: number | null;
}

export interface StageRow {
  stage: Stage;
  stageLabel: string;
  open: number;
  overdue: number;
  atRisk: number;
  /** Mean working days a visit of this stage took (finished visits and the current ones so far). */
  meanWorkingDays: number | null;
  visits: number;
}

export interface Statistics {
  summary: Summary;
  units: UnitRow[];
  weeks: WeekRow[];
  stages: StageRow[];
}

const emptySummary = (): Summary => ({
  ...emptyTally(),
  atRisk: 0,
  overdue: 0,
  stuck: 0,
  byReason: {
    WORKFLOW_ENDED: 0,
    ACTIVITY_FAILING: 0,
    NO_ELIGIBLE_OFFICIAL: 0,
    OVERDUE: 0,
    AT_RISK: 0,
    SILENT: 0,
  },
});

/** Monday (VN calendar) of the week of `day`. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** The units a case answers to: its ward, and its department when the chain reaches it. */
function unitsOf(c: { wardCode: string; departmentCode: string; departmentInChain: boolean }) {
  return c.departmentInChain ? [c.wardCode, c.departmentCode] : [c.wardCode];
}

/**
 * Everything the dashboard and the reports count, in one pass over the open cases and one over
 * the closed counts: the figures, the report per unit (every ward, and every department that
 * decides a procedure), the trend by week of receipt, and per stage the open, overdue and at-risk
 * cases and the mean working days a stage takes.
 */
export function statistics(
  board: BoardSnapshot,
  s: Scope,
  clock: StuckClock,
  coverage: Coverage,
): Statistics {
  const deciding = new Set(
    listProcedures()
      .filter((p) => p.chain.includes('DEPARTMENT'))
      .map((p) => p.departmentCode),
  );
  const units = listUnits().filter(
    (u) => (u.kind === 'WARD' || deciding.has(u.code)) && (!s.unit || u.code === s.unit),
  );
  const total = emptySummary();
  const byUnit = new Map<string, Summary>(units.map((u) => [u.code, emptySummary()]));
  const weeks = new Map<string, Tally>();
  const stages = new Map<
    Stage,
    { open: number; overdue: number; atRisk: number; hours: number; visits: number }
  >(OPEN_STAGES.map((st) => [st, { open: 0, overdue: 0, atRisk: 0, hours: 0, visits: 0 }]));
  const week = (day: string): Tally => {
    const w = weekOf(day);
    let t = weeks.get(w);
    if (!t) weeks.set(w, (t = emptyTally()));
    return t;
  };
  for (const e of board.entries) {
    if (!inScope(e, s)) continue;
    const { c } = e;
    const cls = progressClass(c, clock.now);
    const codes = stuckCodes(e, clock, coverage);
    const targets = [total, ...unitsOf(c).flatMap((u) => byUnit.get(u) ?? [])];
    for (const t of targets) {
      t.received++;
      addClass(t, cls);
      if (c.online) t.online++;
      if (c.digitised) t.digitised++;
      if (codes.length) t.stuck++;
      for (const r of codes) t.byReason[r]++;
      if (codes.includes('OVERDUE')) t.overdue++;
      if (codes.includes('AT_RISK')) t.atRisk++;
    }
    const w = week(dayOf(c.submittedAt));
    w.received++;
    addClass(w, cls);
    const row = stages.get(c.stage);
    if (row) {
      row.open++;
      if (codes.includes('OVERDUE')) row.overdue++;
      else if (codes.includes('AT_RISK')) row.atRisk++;
      row.hours += Math.max(0, workingHoursBetween(new Date(c.stageEnteredAt), clock.now));
      row.visits++;
    }
    for (const [stage, h] of Object.entries(c.spentHours)) {
      const r = stages.get(stage as Stage);
      if (r && h !== undefined) {
        r.hours += h;
        r.visits++;
      }
    }
  }
  eachClosed(board, s, (day, ward, procedure, k) => {
    addCounts(total, k);
    const p = getProcedure(procedure);
    const owners = p?.chain.includes('DEPARTMENT') ? [ward, p.departmentCode] : [ward];
    for (const u of owners) {
      const t = byUnit.get(u);
      if (t) addCounts(t, k);
    }
    addCounts(week(day), k);
    for (const [stage, h] of Object.entries(k.sh ?? {})) {
      const r = stages.get(stage as Stage);
      if (r) {
        r.hours += h;
        r.visits += k.sn?.[stage] ?? 0;
      }
    }
  });
  finish(total);
  return {
    summary: total,
    units: units.map((u) => ({
      ...finishSummary(byUnit.get(u.code) as Summary),
      unitCode: u.code,
      unitName: u.name,
      kind: u.kind,
    })),
    weeks: [...weeks.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([w, t]) => {
        const f = finish(t);
        return {
          week: w,
          received: f.received,
          resolvedOnTime: f.resolvedEarly + f.resolvedOnTime,
          resolvedLate: f.resolvedLate,
          onTimeRate: f.onTimeRate,
        };
      }),
    stages: [...stages].map(([stage, r]) => ({
      stage,
      stageLabel: STAGE_LABELS[stage],
      open: r.open,
      overdue: r.overdue,
      atRisk: r.atRisk,
      meanWorkingDays: r.visits ? Math.round((r.hours / 8 / r.visits) * 10) / 10 : null,
      visits: r.visits,
    })),
  };
}

const finishSummary = (t: Summary): Summary => finish(t) as Summary;

/** Cases that went at risk or overdue after `since` (the page's badge and the daily digest). */
export function newAlerts(
  board: BoardSnapshot,
  s: Scope,
  since: string,
): { atRisk: string[]; overdue: string[] } {
  const atRisk: string[] = [];
  const overdue: string[] = [];
  for (const e of board.entries) {
    if (!inScope(e, s)) continue;
    if (e.c.overdueAt && e.c.overdueAt > since) overdue.push(e.c.code);
    else if (e.c.atRiskAt && e.c.atRiskAt > since) atRisk.push(e.c.code);
  }
  return { atRisk, overdue };
}

export { COUNTED, ON_TIME };
