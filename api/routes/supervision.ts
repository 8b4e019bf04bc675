/**
 * Supervision (API.md "Supervision", SUPERVISOR only): the cases to chase — overdue, or stuck
 * because their work keeps failing (an activity retrying again and again, from Temporal) or
 * because nobody can act on them (no active official holds the needed role in that unit) — the
 * on-time statistics of Decision 766/QĐ-TTg, and reassignment.
 */
import { Router } from 'express';
import { workingDaysBetween } from '../../domain/calendar';
import { isTerminal, requiredRole } from '../../domain/stages';
import type { Role, Stage } from '../../domain/types';
import { CaseModel, type CaseDoc } from '../../models/case';
import { OfficialModel, toActor } from '../../models/official';
import { reassignUpdate } from '../../workflows/messages';
import { requireOfficial } from '../auth/officials';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { updateCase } from '../workflow-errors';
import { officialCaseView } from './cases';
import { say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import { mount } from '../route';

/** An activity that has failed this many attempts in a row makes its case stuck. */
export const FAILING_ATTEMPTS = 3;
const MAX_SCAN = 500;

type StuckReason = 'OVERDUE' | 'ACTIVITY_FAILING' | 'NO_ELIGIBLE_OFFICIAL';

interface Stuck {
  reason: StuckReason;
  detail: string;
}

async function requireSupervisor(
  req: Parameters<typeof requireOfficial>[0],
  secret: string,
): ReturnType<typeof requireOfficial> {
  const official = await requireOfficial(req, secret);
  if (!official.roles.includes('SUPERVISOR')) {
    throw new ApiError('FORBIDDEN', say('auth.supervisorsOnly'));
  }
  return official;
}

export function supervisionRoutes(deps: Dependencies): Router {
  const router = Router();
  const secret = deps.config.authTokenSecret;

  /** Which (role, unit) pairs have at least one active official. */
  async function coverage(): Promise<Set<string>> {
    const officials = await OfficialModel.find({ active: true }, { roles: 1, unitCode: 1 }).lean();
    return new Set(officials.flatMap((o) => o.roles.map((r: Role) => `${r}@${o.unitCode}`)));
  }

  /** The activity of a running case that keeps failing, from Temporal; null when none. */
  async function failingActivity(code: string): Promise<string | null> {
    try {
      const { raw } = await deps.temporal.workflow.getHandle(code).describe();
      for (const a of raw.pendingActivities ?? []) {
        if ((a.attempt ?? 0) >= FAILING_ATTEMPTS) {
          const what = a.activityType?.name ?? 'an activity';
          const why = a.lastFailure?.message ?? 'no message';
          return `${what} has failed ${a.attempt} times: ${why}`;
        }
      }
    } catch {
      // A case Temporal does not know (yet) is not stuck for this reason.
    }
    return null;
  }

  mount(router, OPERATIONS.supervisionCases, async ({ query: q }, req, res) => {
    await requireSupervisor(req, secret);
    const filter = q.filter ?? 'all';
    const limit = q.limit ?? 50;
    const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ApiError('VALIDATION_FAILED', say('query.cursor'), [
        { field: 'cursor', message: say('query.cursor') },
      ]);
    }

    const query: Record<string, unknown> = {
      stage: q.stage ? q.stage : { $nin: ['COMPLETED', 'CLOSED'] },
    };
    if (q.unit) query.stageUnitCode = q.unit;
    if (filter === 'overdue') query.overdue = true;
    const candidates = await CaseModel.find(query)
      .sort({ stageDueAt: 1, _id: 1 })
      .limit(filter === 'stuck' ? MAX_SCAN : offset + limit + 1)
      .lean<CaseDoc[]>();

    const covered = await coverage();
    const now = new Date();
    const judged: Array<{ doc: CaseDoc; stuck: Stuck | null }> = [];
    for (const doc of filter === 'stuck'
      ? candidates
      : candidates.slice(offset, offset + limit + 1)) {
      let stuck: Stuck | null = null;
      const role = requiredRole(doc.stage as Stage);
      if (doc.overdue) {
        stuck = { reason: 'OVERDUE', detail: `${doc.stage} was due ${doc.stageDueAt}.` };
      } else if (
        role &&
        !isTerminal(doc.stage as Stage) &&
        !covered.has(`${role}@${doc.stageUnitCode}`)
      ) {
        stuck = {
          reason: 'NO_ELIGIBLE_OFFICIAL',
          detail: `No active official holds ${role} in ${doc.stageUnitCode}.`,
        };
      } else {
        const failing = await failingActivity(doc.code);
        if (failing) stuck = { reason: 'ACTIVITY_FAILING', detail: failing };
      }
      if (filter !== 'stuck' || stuck) judged.push({ doc, stuck });
    }
    const page = filter === 'stuck' ? judged.slice(offset, offset + limit + 1) : judged;
    const more = page.length > limit;
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      items: page.slice(0, limit).map(({ doc, stuck }) => ({
        code: doc.code,
        procedureCode: doc.procedureCode,
        stage: doc.stage,
        unitCode: doc.stageUnitCode,
        assignee: doc.assignee,
        stageDueAt: doc.stageDueAt,
        overdueBy:
          doc.overdue && doc.stageDueAt
            ? {
                workingDays:
                  Math.round(workingDaysBetween(new Date(doc.stageDueAt), now) * 10) / 10,
              }
            : null,
        stuck,
      })),
      nextCursor: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
    });
  });

  mount(router, OPERATIONS.supervisionStats, async ({ query: q }, req, res) => {
    await requireSupervisor(req, secret);
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    const query: Record<string, unknown> = {};
    if (from || to) {
      query.submittedAt = {
        ...(from ? { $gte: from.toISOString() } : {}),
        ...(to ? { $lt: to.toISOString() } : {}),
      };
    }
    if (q.unit) query.wardCode = q.unit;
    const cases = await CaseModel.find(query, {
      wardCode: 1,
      stage: 1,
      outcome: 1,
      onTime: 1,
      overdue: 1,
      completedAt: 1,
      dueAt: 1,
    }).lean<CaseDoc[]>();
    const now = Date.now();
    type Row = {
      unitCode: string;
      received: number;
      completed: number;
      onTime: number;
      late: number;
      inProgress: number;
      overdue: number;
      byStage: Record<string, number>;
    };
    const rows = new Map<string, Row>();
    for (const c of cases) {
      const unitCode = c.wardCode ?? 'UNKNOWN';
      const row = rows.get(unitCode) ?? {
        unitCode,
        received: 0,
        completed: 0,
        onTime: 0,
        late: 0,
        inProgress: 0,
        overdue: 0,
        byStage: {},
      };
      rows.set(unitCode, row);
      row.received++;
      row.byStage[c.stage] = (row.byStage[c.stage] ?? 0) + 1;
      if (c.stage === 'COMPLETED' || c.stage === 'CLOSED') {
        row.completed++;
        if (c.onTime === false) row.late++;
        else row.onTime++;
      } else {
        row.inProgress++;
        const late = c.overdue || (c.dueAt ? Date.parse(c.dueAt) < now : false);
        if (late) row.overdue++;
      }
    }
    // Decision 766: on-time share = (in progress within time + finished on time) ÷ received.
    res.json(
      [...rows.values()]
        .sort((a, b) => a.unitCode.localeCompare(b.unitCode))
        .map((r) => ({
          ...r,
          onTimeRate: r.received === 0 ? null : (r.inProgress - r.overdue + r.onTime) / r.received,
        })),
    );
  });

  mount(router, OPERATIONS.reassign, async ({ params, body: { toOfficialId, note } }, req, res) => {
    const supervisor = await requireSupervisor(req, secret);
    const doc = await CaseModel.findById(params.code).lean<CaseDoc>();
    if (!doc?.stage) throw new ApiError('NOT_FOUND', say('case.notFound'));
    // An ended case has no stage to give (its workflow may be gone: that is not a 404).
    if (isTerminal(doc.stage)) throw new ApiError('WRONG_STAGE', say('case.ended'));
    const to = await OfficialModel.findById(toOfficialId).lean();
    if (!to?.active) {
      throw new ApiError('VALIDATION_FAILED', say('official.notActive'), [
        { field: 'toOfficialId', message: say('official.notActive') },
      ]);
    }
    const state = await updateCase(deps, doc.code, reassignUpdate, [
      { actor: toActor(supervisor), to: toActor(to), ...(note ? { note } : {}) },
    ]);
    res.json(officialCaseView({ ...doc, ...state }));
  });

  return router;
}
