/**
 * The supervisors' questions, answered from the board in memory (board-reader.ts): lists with
 * filters, sorting, search and paging; the dashboard's figures; the charts; the periodic report
 * per unit. Decision 766 counting is domain/supervision.ts (`progressClass`), documented in
 * docs/statistics.md. Open cases are counted live; closed ones from their month's counts.
 */
import { currentCalendar, vnIsoDate } from '../../domain/calendar';
import { getProcedure, listProcedures, listUnits } from '../../domain/catalogue';
import { STAGE_LABELS } from '../../domain/stages';
import {
  COUNTED,
  ON_TIME,
  classAt,
  isAtRisk,
  isOverdue,
  progressClass,
  progressRule,
  reasonsOf,
  STUCK_BIT,
  clockMask,
  standingMask,
  stuckFactsOf,
  type StuckFacts,
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

// ---------------------------------------------------------------------------------------------
// What an entry's answers need that does not change with the time

/**
 * Worked out once per stored entry (the reader keeps an entry's object until its bucket changes),
 * so that a request over 100,000 open cases makes only comparisons per case: the day and week it
 * was received, the units answering for it, its sort and search keys, its Decision 766 rule, and
 * the office time up to its stage's start on the calendar's own clock (`workingMsAt`).
 */
interface Facts {
  e: BoardEntry;
  stage: Stage;
  /** The place of `stage` in OPEN_STAGES, and of the week of receipt in WEEKS. */
  stageId: number;
  weekId: number;
  procedure: string;
  online: boolean;
  digitised: boolean;
  day: string;
  units: string[];
  /** The place of `units` in UNIT_SETS (statistics count by it). */
  unitsId: number;
  /** Working hours of each finished visit of an open stage (`spentHours`), by stage place. */
  spent: Array<[number, number]>;
  dueKey: string;
  enteredKey: string;
  submittedKey: string;
  codeKey: string;
  code: string;
  applicant: string;
  rule: ProgressClass | number | null;
  stuck: StuckFacts;
  /** `standingMask` as of the coverage it was worked out for. */
  standingFor: Coverage | null;
  standing: number;
  /** Office time (`workingMsAt`) at the start of the current stage. */
  officeEnteredMs: number;
}

const facts = new WeakMap<BoardEntry['c'], Facts>();
/** Every combination of answering units seen, and its place. */
const UNIT_SETS: string[][] = [];
const UNIT_SET_IDS = new Map<string, number>();
/** Every week of receipt seen (its Monday), and its place. */
const WEEKS: string[] = [];
const WEEK_IDS = new Map<string, number>();
/** The Decision 766 classes in a fixed order, for counting by index. */
const CLASSES: readonly ProgressClass[] = [
  'IN_PROGRESS_ON_TIME',
  'IN_PROGRESS_LATE',
  'RESOLVED_EARLY',
  'RESOLVED_ON_TIME',
  'RESOLVED_LATE',
  'REFUSED',
  'EXPIRED',
  'WITHDRAWN',
];
const CLASS_INDEX = Object.fromEntries(CLASSES.map((c, i) => [c, i])) as Record<
  ProgressClass,
  number
>;

function factsOf(e: BoardEntry): Facts {
  let f = facts.get(e.c);
  if (!f) {
    const { c } = e;
    const day = vnIsoDate(new Date(c.submittedAt));
    const rule = progressRule(c);
    const units = unitsOf(c);
    const unitsKey = units.join(' ');
    let unitsId = UNIT_SET_IDS.get(unitsKey);
    if (unitsId === undefined) {
      unitsId = UNIT_SETS.push(units) - 1;
      UNIT_SET_IDS.set(unitsKey, unitsId);
    }
    const week = weekOf(day);
    let weekId = WEEK_IDS.get(week);
    if (weekId === undefined) {
      weekId = WEEKS.push(week) - 1;
      WEEK_IDS.set(week, weekId);
    }
    f = {
      e,
      stage: c.stage,
      stageId: OPEN_STAGES.indexOf(c.stage),
      weekId,
      procedure: c.procedureCode,
      online: c.online,
      digitised: c.digitised,
      day,
      units,
      unitsId,
      spent: Object.entries(c.spentHours).flatMap(([st, h]) => {
        const id = OPEN_STAGES.indexOf(st as Stage);
        return h === undefined || id < 0 ? [] : [[id, h] as [number, number]];
      }),
      dueKey: c.stageDueAt ?? '9999',
      enteredKey: c.stageEnteredAt,
      submittedKey: c.submittedAt,
      codeKey: c.code,
      code: fold(c.code),
      applicant: fold(c.applicantName),
      rule,
      stuck: stuckFactsOf(e),
      standingFor: null,
      standing: 0,
      officeEnteredMs: currentCalendar().workingMsAt(new Date(c.stageEnteredAt)),
    };
    facts.set(e.c, f);
  }
  return f;
}

/** The facts of every entry of a board, worked out once per board (and once per entry). */
const boardFacts = new WeakMap<readonly BoardEntry[], Facts[]>();
function factsOfBoard(board: BoardSnapshot): Facts[] {
  let all = boardFacts.get(board.entries);
  if (!all) boardFacts.set(board.entries, (all = board.entries.map(factsOf)));
  return all;
}

const classOf = (f: Facts, clock: StuckClock): ProgressClass =>
  f.rule === null ? progressClass(f.e.c, clock.now) : classAt(f.rule, clock.nowMs);

/**
 * Open cases are counted in groups of what they count as: the units answering for them (their
 * place in UNIT_SETS), their class (its place in CLASSES), filed online, digitised, and their
 * stuck reasons (a mask of STUCK_REASONS' six bits); a group's key is its place in a flat array.
 */
const REASON_KEYS = 1 << 6;
const groupKey = (units: number, cls: number, online: boolean, digitised: boolean, mask: number) =>
  (((units * CLASSES.length + cls) * 2 + (online ? 1 : 0)) * 2 + (digitised ? 1 : 0)) *
    REASON_KEYS +
  mask;
function groupOf(key: number) {
  const mask = key % REASON_KEYS;
  let rest = Math.floor(key / REASON_KEYS);
  const digitised = rest % 2 === 1;
  rest = Math.floor(rest / 2);
  const online = rest % 2 === 1;
  rest = Math.floor(rest / 2);
  return {
    mask,
    digitised,
    online,
    cls: CLASSES[rest % CLASSES.length] as ProgressClass,
    units: UNIT_SETS[Math.floor(rest / CLASSES.length)] as string[],
  };
}
const GROUPS_PER_UNIT_SET = CLASSES.length * 2 * 2 * REASON_KEYS;
const HOUR_MS = 3_600_000;

/** Every stuck reason of the facts at the clock's time. */
function maskOf(f: Facts, clock: StuckClock, coverage: Coverage): number {
  if (f.standingFor !== coverage) {
    f.standing = standingMask(f.stuck, coverage);
    f.standingFor = coverage;
  }
  return f.standing | clockMask(f.stuck, clock);
}

/** Whether an open entry is in the scope (a unit: the units answering for the case). */
function inScope(f: Facts, s: Scope): boolean {
  if (s.unit && !f.units.includes(s.unit)) return false;
  if (s.procedure && f.procedure !== s.procedure) return false;
  if (s.stage && f.stage !== s.stage) return false;
  if (s.from && f.day < s.from) return false;
  if (s.to && f.day > s.to) return false;
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
    progress: classOf(factsOf(e), clock),
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
  f: Facts,
  q: ListQuery,
  clock: StuckClock,
  coverage: Coverage,
  needle: string | null,
): boolean {
  if (!inScope(f, q)) return false;
  const filter = q.filter ?? 'all';
  if (filter !== 'all' || q.reason) {
    const mask = maskOf(f, clock, coverage);
    if (filter === 'overdue' && (mask & STUCK_BIT.OVERDUE) === 0) return false;
    if (filter === 'atRisk' && (mask & STUCK_BIT.AT_RISK) === 0) return false;
    if (filter === 'stuck' && mask === 0) return false;
    if (q.reason && (mask & STUCK_BIT[q.reason]) === 0) return false;
  }
  if (needle && !f.code.includes(needle) && !f.applicant.includes(needle)) return false;
  return true;
}

const SORT_KEY: Record<ListSort, (f: Facts) => string> = {
  // No deadline (a result waiting to be collected) goes last.
  due: (f) => f.dueKey,
  entered: (f) => f.enteredKey,
  submitted: (f) => f.submittedKey,
  code: (f) => f.codeKey,
  applicant: (f) => f.applicant,
};

export interface ListPage {
  items: ListItem[];
  total: number;
  offset: number;
  limit: number;
}

/** Pages ending past this many matches are sorted whole rather than selected. */
const SELECT_LIMIT = 2000;

/**
 * One page of the cases that match, sorted (ties by code), with the total. The page is selected
 * in one pass, keeping only the best `offset + limit` matches in order, so a first page costs the
 * same comparisons per case whatever the number of matches.
 */
export function listCases(
  board: BoardSnapshot,
  q: ListQuery,
  clock: StuckClock,
  coverage: Coverage,
): ListPage {
  const needle = q.q ? fold(q.q.trim()) : null;
  const key = SORT_KEY[q.sort ?? 'due'];
  const dir = q.desc ? -1 : 1;
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 50;
  const keep = offset + limit;
  type Ranked = { k: string; code: string; e: BoardEntry };
  const asc = dir > 0;
  /** Whether the match with sort key `k` and `code` comes before `b` on the page. */
  const precedes = (k: string, code: string, b: Ranked): boolean =>
    k !== b.k ? k < b.k === asc : code < b.code;
  const before = (a: Ranked, b: Ranked): boolean => precedes(a.k, a.code, b);
  // A deep page (an export) sorts every match instead: insertion would cost more.
  const selecting = keep <= SELECT_LIMIT;
  const best: Ranked[] = [];
  let total = 0;
  for (const f of factsOfBoard(board)) {
    if (!matchesFilter(f, q, clock, coverage, needle)) continue;
    total++;
    if (keep === 0) continue;
    const k = key(f);
    if (!selecting) {
      best.push({ k, code: f.codeKey, e: f.e });
      continue;
    }
    // Most matches lose to the page's last one: compared before anything is made of them.
    if (best.length === keep && !precedes(k, f.codeKey, best[keep - 1] as Ranked)) continue;
    const r: Ranked = { k, code: f.codeKey, e: f.e };
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(best[mid] as Ranked, r)) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, r);
    if (best.length > keep) best.pop();
  }
  if (!selecting) best.sort((a, b) => (before(a, b) ? -1 : 1));
  return {
    items: best.slice(offset, keep).map((r) => listItem(r.e, clock, coverage)),
    total,
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
  const weekTally = (w: string): Tally => {
    let t = weeks.get(w);
    if (!t) weeks.set(w, (t = emptyTally()));
    return t;
  };
  const week = (day: string): Tally => weekTally(weekOf(day));
  const officeNow = currentCalendar().workingMsAt(clock.now);
  // Open cases are counted in groups of what they count as (the units answering for them, their
  // class, filed online, digitised, their stuck reasons); each group is added to its units once.
  const all = factsOfBoard(board);
  const groups = new Float64Array(UNIT_SETS.length * GROUPS_PER_UNIT_SET);
  const weekCounts = new Float64Array(WEEKS.length * CLASSES.length);
  const n = OPEN_STAGES.length;
  // Per stage place: open, overdue, at risk, hours, visits.
  const st = new Float64Array(5 * n);
  for (const f of all) {
    if (!inScope(f, s)) continue;
    const cls = CLASS_INDEX[classOf(f, clock)];
    const mask = maskOf(f, clock, coverage);
    groups[groupKey(f.unitsId, cls, f.online, f.digitised, mask)]!++;
    weekCounts[f.weekId * CLASSES.length + cls]!++;
    if (f.stageId >= 0) {
      st[f.stageId]!++;
      if (mask & STUCK_BIT.OVERDUE) st[n + f.stageId]!++;
      else if (mask & STUCK_BIT.AT_RISK) st[2 * n + f.stageId]!++;
      st[3 * n + f.stageId]! += Math.max(0, (officeNow - f.officeEnteredMs) / HOUR_MS);
      st[4 * n + f.stageId]!++;
    }
    for (const [id, h] of f.spent) {
      st[3 * n + id]! += h;
      st[4 * n + id]!++;
    }
  }
  OPEN_STAGES.forEach((stage, i) => {
    const row = stages.get(stage)!;
    row.open += st[i]!;
    row.overdue += st[n + i]!;
    row.atRisk += st[2 * n + i]!;
    row.hours += st[3 * n + i]!;
    row.visits += st[4 * n + i]!;
  });
  groups.forEach((count, key) => {
    if (count === 0) return;
    const { mask, digitised, online, cls, units } = groupOf(key);
    const targets = [total, ...units.flatMap((u) => byUnit.get(u) ?? [])];
    for (const t of targets) {
      t.received += count;
      addClass(t, cls, count);
      if (online) t.online += count;
      if (digitised) t.digitised += count;
      if (mask) t.stuck += count;
      for (const r of reasonsOf(mask)) t.byReason[r] += count;
      if (mask & STUCK_BIT.OVERDUE) t.overdue += count;
      if (mask & STUCK_BIT.AT_RISK) t.atRisk += count;
    }
  });
  weekCounts.forEach((count, i) => {
    if (count === 0) return;
    const t = weekTally(WEEKS[Math.floor(i / CLASSES.length)] as string);
    t.received += count;
    addClass(t, CLASSES[i % CLASSES.length] as ProgressClass, count);
  });
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
  for (const f of factsOfBoard(board)) {
    if (!inScope(f, s)) continue;
    const { e } = f;
    if (e.c.overdueAt && e.c.overdueAt > since) overdue.push(e.c.code);
    else if (e.c.atRiskAt && e.c.atRiskAt > since) atRisk.push(e.c.code);
  }
  return { atRisk, overdue };
}

export { COUNTED, ON_TIME };
