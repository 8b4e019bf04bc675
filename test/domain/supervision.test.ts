/**
 * The supervisors' rules as pure functions of a board entry and an instant given by the test
 * (never today's date): each stuck reason is found when its condition holds and not otherwise,
 * and Decision 766 counts a case closed without a result (refused, expired, withdrawn in time) in
 * neither the numerator nor the denominator of the on-time share.
 */
import { addWorkingHours, subtractWorkingHours } from '../../domain/calendar';
import {
  COUNTED,
  FAILING_ATTEMPTS,
  ON_TIME,
  progressClass,
  stuckClock,
  stuckCodes,
  stuckReasons,
  type BoardCase,
  type BoardEntry,
  type Coverage,
} from '../../domain/supervision';

// A Tuesday morning in Hồ Chí Minh City (10:00 +07:00), fixed: no test reads the clock.
const NOW = new Date('2026-03-10T03:00:00.000Z');
const clock = stuckClock(NOW, 5);
const iso = (d: Date): string => d.toISOString();
const ago = (workingHours: number): string => iso(subtractWorkingHours(NOW, workingHours));
const ahead = (workingHours: number): string => iso(addWorkingHours(NOW, workingHours));

const everyoneActive: Coverage = { covered: () => true, active: () => true };

function boardCase(over: Partial<BoardCase> = {}): BoardCase {
  return {
    v: 1,
    code: 'H29.99-260310-0001',
    procedureCode: '1.001612.000.00.00.H29',
    wardCode: 'SAIGON',
    departmentCode: 'SXD',
    departmentInChain: false,
    applicantName: 'Nguyễn Văn An',
    stage: 'WARD_APPROVAL',
    stageUnitCode: 'SAIGON',
    stageEnteredAt: ago(8),
    stageDueAt: ahead(16),
    submittedAt: ago(12),
    acceptedAt: ago(8),
    dueAt: ahead(40),
    originalDueAt: ahead(40),
    reappointed: false,
    atRisk: false,
    atRiskAt: null,
    overdueAt: null,
    overdue: false,
    assignee: null,
    outcome: null,
    resultReadyAt: null,
    onTime: null,
    completedAt: null,
    supplementRounds: 0,
    online: true,
    digitised: true,
    spentHours: {},
    withdrawnLate: false,
    ...over,
  };
}

const entry = (over: Partial<BoardCase> = {}, rest: Omit<BoardEntry, 'c'> = {}): BoardEntry => ({
  c: boardCase(over),
  ...rest,
});

test('a case within its deadline, with someone to act on it, is not stuck', () => {
  expect(stuckCodes(entry(), clock, everyoneActive)).toEqual([]);
  expect(stuckReasons(entry(), clock, everyoneActive)).toEqual([]);
});

test('OVERDUE: the deadline of an official stage has passed (or the workflow says so)', () => {
  expect(stuckCodes(entry({ stageDueAt: ago(4) }), clock, everyoneActive)).toEqual(['OVERDUE']);
  expect(stuckCodes(entry({ overdue: true }), clock, everyoneActive)).toEqual(['OVERDUE']);
  const [r] = stuckReasons(entry({ stageDueAt: ago(16) }), clock, everyoneActive);
  expect(r?.detail).toMatch(/^Quá hạn 2 ngày làm việc ở bước "/);
  // The deadline in Vietnamese time, not an ISO instant.
  expect(r?.detail).toMatch(/\(hạn \d{2} giờ \d{2} phút, ngày \d{2}\/0?3\/2026\)\.$/);
  // Waiting for the applicant's supplement is not the officials' delay.
  expect(
    stuckCodes(entry({ stage: 'SUPPLEMENT_REQUESTED', stageDueAt: ago(4) }), clock, everyoneActive),
  ).toEqual([]);
});

test('AT_RISK: less than a working day to the deadline, and not when it is already overdue', () => {
  expect(stuckCodes(entry({ stageDueAt: ahead(4) }), clock, everyoneActive)).toEqual(['AT_RISK']);
  expect(stuckCodes(entry({ stageDueAt: ahead(9) }), clock, everyoneActive)).toEqual([]);
  expect(stuckCodes(entry({ atRisk: true }), clock, everyoneActive)).toEqual(['AT_RISK']);
  expect(stuckCodes(entry({ atRisk: true, overdue: true }), clock, everyoneActive)).toEqual([
    'OVERDUE',
  ]);
});

test('SILENT: a stage that has run longer than the threshold, even with time left', () => {
  const old = entry({ stageEnteredAt: ago(5 * 8 + 1), stageDueAt: ahead(40) });
  expect(stuckCodes(old, clock, everyoneActive)).toEqual(['SILENT']);
  expect(stuckCodes(entry({ stageEnteredAt: ago(5 * 8 - 1) }), clock, everyoneActive)).toEqual([]);
  expect(stuckReasons(old, clock, everyoneActive)[0]?.detail).toMatch(/\(ngưỡng 5 ngày\)\.$/);
});

test('NO_ELIGIBLE_OFFICIAL: nobody holds the role in the unit, or the assignee has left', () => {
  const nobody: Coverage = {
    covered: (role, unit) => role !== 'WARD_APPROVER' || unit !== 'SAIGON',
    active: () => true,
  };
  expect(stuckCodes(entry(), clock, nobody)).toEqual(['NO_ELIGIBLE_OFFICIAL']);
  expect(stuckReasons(entry(), clock, nobody)[0]?.detail).toBe(
    'Không có cán bộ đang hoạt động giữ vai trò WARD_APPROVER tại đơn vị SAIGON.',
  );
  const left: Coverage = { covered: () => true, active: (id) => id !== 'ward2.saigon' };
  const assigned = entry({ assignee: { id: 'ward2.saigon', name: 'Đỗ Văn Hậu' } });
  expect(stuckCodes(assigned, clock, left)).toEqual(['NO_ELIGIBLE_OFFICIAL']);
  expect(stuckReasons(assigned, clock, left)[0]?.detail).toContain('Đỗ Văn Hậu');
  // A stage no official acts on (the applicant's supplement) needs nobody.
  expect(stuckCodes(entry({ stage: 'SUPPLEMENT_REQUESTED' }), clock, nobody)).toEqual([]);
});

test('ACTIVITY_FAILING: from the third failed attempt in a row', () => {
  const failing = (attempt: number) =>
    entry(
      {},
      {
        f: {
          activityType: 'signControlSheet',
          activityId: '7',
          attempt,
          message: 'tệp không còn',
          since: ago(1),
        },
      },
    );
  expect(stuckCodes(failing(FAILING_ATTEMPTS - 1), clock, everyoneActive)).toEqual([]);
  expect(stuckCodes(failing(FAILING_ATTEMPTS), clock, everyoneActive)).toEqual([
    'ACTIVITY_FAILING',
  ]);
  expect(stuckReasons(failing(4), clock, everyoneActive)[0]?.detail).toBe(
    'Bước tự động signControlSheet đã lỗi 4 lần liên tiếp: tệp không còn',
  );
});

test('WORKFLOW_ENDED comes first, and every reason that holds is given', () => {
  const e = entry(
    { stageDueAt: ago(4), stageEnteredAt: ago(60) },
    { e: { status: 'TERMINATED', closedAt: ago(2), foundAt: iso(NOW) } },
  );
  expect(stuckCodes(e, clock, everyoneActive)).toEqual(['WORKFLOW_ENDED', 'OVERDUE', 'SILENT']);
  expect(stuckReasons(e, clock, everyoneActive)[0]?.detail).toContain(
    'bị dừng cưỡng bức (terminated)',
  );
});

describe('Decision 766 classes', () => {
  const closed = (over: Partial<BoardCase>) =>
    progressClass(boardCase({ stage: 'CLOSED', completedAt: ago(2), ...over }), NOW);

  test('closed without a result: counted apart, neither on time nor late', () => {
    for (const outcome of ['REFUSED', 'EXPIRED', 'WITHDRAWN'] as const) {
      const cls = closed({ outcome, originalDueAt: ahead(40) });
      expect(cls).toBe(outcome);
      expect(COUNTED).not.toContain(cls);
      expect(ON_TIME).not.toContain(cls);
    }
  });

  test('a withdrawal from an overdue stage counts as resolved late', () => {
    expect(closed({ outcome: 'WITHDRAWN', withdrawnLate: true })).toBe('RESOLVED_LATE');
  });

  test('resolved against the first appointment, not the one an apology letter moved', () => {
    expect(closed({ outcome: 'APPROVED', originalDueAt: ago(4), dueAt: ahead(16) })).toBe(
      'RESOLVED_LATE',
    );
    expect(closed({ outcome: 'REJECTED', originalDueAt: ahead(40) })).toBe('RESOLVED_EARLY');
  });

  test('in progress: late past the first appointment; waiting for a supplement is in time', () => {
    expect(progressClass(boardCase({ originalDueAt: ago(1) }), NOW)).toBe('IN_PROGRESS_LATE');
    expect(progressClass(boardCase(), NOW)).toBe('IN_PROGRESS_ON_TIME');
    expect(
      progressClass(boardCase({ stage: 'SUPPLEMENT_REQUESTED', originalDueAt: ago(1) }), NOW),
    ).toBe('IN_PROGRESS_ON_TIME');
  });
});
