/**
 * The supervisors' lists and statistics (services/supervision/queries.ts) answer from facts worked
 * out once per entry and a one-pass page selection; this judges them against the plain reading of
 * the domain's rules — filter every entry with domain/supervision.ts, sort them all, count each
 * with `progressClass` and `workingHoursBetween` — on a synthetic board, at instants either side
 * of the deadlines it holds.
 */
import { syntheticBoard } from '../../scripts/bench/supervision';
import { workingHoursBetween } from '../../domain/calendar';
import {
  isOverdue,
  progressClass,
  stuckClock,
  stuckCodes,
  type BoardEntry,
  type Coverage,
} from '../../domain/supervision';
import type { BoardSnapshot } from '../../services/supervision/board-reader';
import { fold, listCases, statistics } from '../../services/supervision/queries';

const BUILT = new Date('2026-11-18T03:00:00Z');
const { open } = syntheticBoard(600, BUILT);
const board: BoardSnapshot = {
  entries: open,
  byCode: new Map(open.map((e) => [e.c.code, e])),
  months: new Map(),
  readAt: BUILT,
};
const coverage: Coverage = {
  covered: (role, unit) => !(role === 'RECEIVER' && unit.endsWith('1')),
  active: (id) => id !== 'left.official',
};
const INSTANTS = [
  BUILT,
  new Date(BUILT.getTime() + 5 * 3_600_000),
  new Date('2026-11-24T09:00:00Z'),
];

const byKey = (key: (e: BoardEntry) => string, desc: boolean) => (a: BoardEntry, b: BoardEntry) => {
  const ka = key(a);
  const kb = key(b);
  const dir = desc ? -1 : 1;
  return ka < kb ? -dir : ka > kb ? dir : a.c.code < b.c.code ? -1 : 1;
};

describe.each(INSTANTS)('at %s', (now) => {
  const clock = stuckClock(now);

  test.each([
    ['stuck', 'due', false, 0, 50],
    ['overdue', 'due', false, 10, 25],
    ['all', 'applicant', true, 0, 40],
    ['all', 'entered', false, 200, 50],
    ['all', 'due', false, 0, 5000],
  ] as const)('%s by %s (desc %s) from %i, %i a page', (filter, sort, desc, offset, limit) => {
    const got = listCases(board, { filter, sort, desc, offset, limit }, clock, coverage);
    const keys = {
      due: (e: BoardEntry) => e.c.stageDueAt ?? '9999',
      applicant: (e: BoardEntry) => fold(e.c.applicantName),
      entered: (e: BoardEntry) => e.c.stageEnteredAt,
    };
    const want = open
      .filter((e) =>
        filter === 'stuck'
          ? stuckCodes(e, clock, coverage).length > 0
          : filter === 'overdue'
            ? isOverdue(e.c, clock)
            : true,
      )
      .sort(byKey(keys[sort], desc));
    expect(got.total).toBe(want.length);
    expect(got.items.map((i) => i.code)).toEqual(
      want.slice(offset, offset + limit).map((e) => e.c.code),
    );
    for (const item of got.items) {
      expect(item.progress).toBe(progressClass(board.byCode.get(item.code)!.c, now));
    }
  });

  test('a search finds codes and names without their accents', () => {
    const got = listCases(board, { q: 'NGUOI NOP 12', limit: 500 }, clock, coverage);
    const want = open.filter((e) => fold(e.c.applicantName).includes('nguoi nop 12'));
    expect(got.total).toBe(want.length);
    expect(got.total).toBeGreaterThan(0);
  });

  test('the statistics count every open case as the domain classes it', () => {
    const got = statistics(board, {}, clock, coverage);
    const classes = open.map((e) => progressClass(e.c, now));
    const count = (k: string) => classes.filter((c) => c === k).length;
    expect(got.summary.received).toBe(open.length);
    expect(got.summary.inProgressOnTime).toBe(count('IN_PROGRESS_ON_TIME'));
    expect(got.summary.inProgressLate).toBe(count('IN_PROGRESS_LATE'));
    expect(got.summary.resolvedEarly + got.summary.resolvedOnTime).toBe(
      count('RESOLVED_EARLY') + count('RESOLVED_ON_TIME'),
    );
    expect(got.summary.stuck).toBe(
      open.filter((e) => stuckCodes(e, clock, coverage).length > 0).length,
    );
    for (const row of got.stages) {
      const inStage = open.filter((e) => e.c.stage === row.stage);
      let hours = 0;
      let visits = 0;
      for (const e of open) {
        if (e.c.stage === row.stage) {
          hours += Math.max(0, workingHoursBetween(new Date(e.c.stageEnteredAt), now));
          visits++;
        }
        const h = e.c.spentHours[row.stage];
        if (h !== undefined) {
          hours += h;
          visits++;
        }
      }
      expect(row.open).toBe(inStage.length);
      expect(row.visits).toBe(visits);
      expect(row.meanWorkingDays).toBe(visits ? Math.round((hours / 8 / visits) * 10) / 10 : null);
    }
    const weeks = got.weeks.reduce((n, w) => n + w.received, 0);
    expect(weeks).toBe(open.length);
  });
});
