/**
 * The supervisors' reads at 1k / 10k / 100k open cases (`--board-sizes`): a synthetic board
 * (models/board.ts) written at once by `writeBoard` into the stack's database — open cases in
 * every open stage, ward and procedure, some overdue, at risk, silent, failing, ended, assigned
 * to an official who left — plus as many closed cases' counts; then, through the API as the
 * supervisor, one client after another: the stuck list, the overdue list, all cases (first page
 * of 50, sorted by deadline) and the dashboard's statistics. The first request after a new board
 * loads it (reported apart as "cold"); the figures are the warm ones, p50/p95/max.
 */
import { writeBoard } from '../../activities/supervision/board';
import { addWorkingHours, subtractWorkingHours } from '../../domain/calendar';
import { getProcedure, listProcedures, listUnits } from '../../domain/catalogue';
import type { BoardCase, BoardEntry } from '../../domain/supervision';
import type { Stage } from '../../domain/types';
import { connectMongo, disconnectMongo } from '../../models/db';
import { tokenOf } from './e2e';
import { ok } from './http';
import { load1 } from './procs';
import { summarize, type Summary } from './stats';

const OPEN: Stage[] = ['VERIFICATION', 'SUPPLEMENT_REQUESTED', 'WARD_APPROVAL', 'RESULT_READY'];

/** A deterministic mix (case i of n): the same board for the same size on every run. */
export function syntheticBoard(n: number, now: Date): { open: BoardEntry[]; closed: BoardCase[] } {
  const wards = listUnits('WARD').map((u) => u.code);
  const procedures = listProcedures();
  const iso = (d: Date): string => d.toISOString();
  const open: BoardEntry[] = [];
  const closed: BoardCase[] = [];
  for (let i = 0; i < 2 * n; i++) {
    const p = procedures[i % procedures.length]!;
    const ward = wards[(i >> 1) % wards.length]!;
    const dept = p.chain.includes('DEPARTMENT');
    let stage: Stage = OPEN[i % OPEN.length]!;
    if (dept && i % 7 === 0) stage = 'DEPARTMENT_APPROVAL';
    const unit = stage === 'DEPARTMENT_APPROVAL' ? p.departmentCode : ward;
    const ageHours = (i * 37) % (8 * 25); // up to 25 working days old
    const submitted = subtractWorkingHours(now, ageHours + 2);
    const entered = subtractWorkingHours(now, (i * 13) % Math.max(1, ageHours + 1));
    // Deadlines from 3 working days back to 4 ahead: overdue, at risk and in time in turn.
    const stageDue = addWorkingHours(subtractWorkingHours(now, 24), (i * 11) % 56);
    const due = addWorkingHours(submitted, p.totalWorkingDays * 8);
    const c: BoardCase = {
      v: 1,
      code: `BENCH.${String(i).padStart(7, '0')}`,
      procedureCode: p.code,
      wardCode: ward,
      departmentCode: p.departmentCode,
      departmentInChain: dept,
      applicantName: `Người nộp ${i}`,
      stage,
      stageUnitCode: unit,
      stageEnteredAt: iso(entered),
      stageDueAt: stage === 'RESULT_READY' ? null : iso(stageDue),
      submittedAt: iso(submitted),
      acceptedAt: stage === 'VERIFICATION' ? null : iso(addWorkingHours(submitted, 2)),
      dueAt: iso(due),
      originalDueAt: iso(due),
      reappointed: false,
      atRisk: false,
      atRiskAt: null,
      overdueAt: null,
      overdue: stageDue < now && stage !== 'RESULT_READY',
      assignee: i % 53 === 0 ? { id: 'left.official', name: 'Cán bộ đã chuyển công tác' } : null,
      outcome: null,
      resultReadyAt: stage === 'RESULT_READY' ? iso(entered) : null,
      onTime: null,
      completedAt: null,
      supplementRounds: i % 5 === 0 ? 1 : 0,
      online: i % 4 !== 0,
      digitised: i % 3 !== 0,
      spentHours: { VERIFICATION: (i % 9) + 1 },
      withdrawnLate: false,
    };
    if (i % 2 === 1) {
      // A closed one: approved (early, on time or late), refused, withdrawn, expired.
      const kind = i % 11;
      closed.push({
        ...c,
        stage: 'COMPLETED',
        outcome:
          kind === 1 ? 'REFUSED' : kind === 3 ? 'WITHDRAWN' : kind === 5 ? 'EXPIRED' : 'APPROVED',
        completedAt: iso(addWorkingHours(submitted, ((i * 7) % (p.totalWorkingDays + 3)) * 8)),
        resultReadyAt: iso(addWorkingHours(submitted, ((i * 7) % (p.totalWorkingDays + 3)) * 8)),
      });
      if (kind === 1 || kind === 3 || kind === 5) closed[closed.length - 1]!.stage = 'CLOSED';
      continue;
    }
    open.push({
      c,
      ...(i % 97 === 0
        ? {
            f: {
              activityType: 'signControlSheet',
              activityId: '9',
              attempt: 4,
              message: 'bench',
              since: iso(now),
            },
          }
        : {}),
      ...(i % 211 === 0
        ? { e: { status: 'TERMINATED', closedAt: iso(now), foundAt: iso(now) } }
        : {}),
    });
    if (!getProcedure(p.code)) throw new Error(`no procedure ${p.code}`);
  }
  return { open, closed };
}

export interface SupervisionRow {
  openCases: number;
  name: string;
  cold: number;
  latency: Summary;
  /** The list's total (or the summary's received) the answer reported. */
  matched: number;
  load: [number, number];
}

const ENDPOINTS: Array<[string, string, (j: Record<string, unknown>) => number]> = [
  ['stuck list', '/api/supervision/cases?filter=stuck&limit=50', (j) => j.total as number],
  ['overdue list', '/api/supervision/cases?filter=overdue&limit=50', (j) => j.total as number],
  ['all cases', '/api/supervision/cases?filter=all&limit=50', (j) => j.total as number],
  [
    'statistics (dashboard)',
    '/api/supervision/dashboard',
    (j) => (j.summary as { received: number }).received,
  ],
];

export async function runSupervisionBench(opts: {
  apiUrl: string;
  mongoUri: string;
  sizes: number[];
  requests: number;
  log: (l: string) => void;
}): Promise<SupervisionRow[]> {
  const rows: SupervisionRow[] = [];
  const token = await tokenOf(opts.apiUrl, 'supervisor');
  const headers = { Authorization: `Bearer ${token}` };
  await connectMongo(opts.mongoUri);
  try {
    for (const size of opts.sizes) {
      const now = new Date();
      const started = Date.now();
      const { open, closed } = syntheticBoard(size, now);
      await writeBoard(open, closed);
      opts.log(
        `board of ${open.length} open and ${closed.length} closed cases written in ${Date.now() - started} ms`,
      );
      // The API's reader sees the new board once its cached head is older than a second.
      await new Promise((r) => setTimeout(r, 1100));
      for (const [name, path, matched] of ENDPOINTS) {
        const load = load1();
        const cold = await ok(opts.apiUrl, 'GET', path, { headers });
        const times: number[] = [];
        let last = cold;
        for (let k = 0; k < opts.requests; k++) {
          last = await ok(opts.apiUrl, 'GET', path, { headers });
          times.push(last.ms);
        }
        const r: SupervisionRow = {
          openCases: open.length,
          name,
          cold: Math.round(cold.ms * 10) / 10,
          latency: summarize(times),
          matched: matched(last.json),
          load: [load, load1()],
        };
        rows.push(r);
        opts.log(
          `${size} open, ${name}: p50 ${r.latency.p50} p95 ${r.latency.p95} ms (cold ${r.cold} ms, load ${r.load.join('→')})`,
        );
      }
    }
  } finally {
    await disconnectMongo();
  }
  return rows;
}
