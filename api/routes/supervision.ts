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
import { STAGES } from '../../domain/types';
import { CaseModel, type CaseDoc } from '../../models/case';
import { OfficialModel, toActor } from '../../models/official';
import { reassignUpdate } from '../../workflows/messages';
import { requireOfficial } from '../auth/officials';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { callCase } from '../workflow-errors';
import { officialCaseView } from './cases';

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
    throw new ApiError('FORBIDDEN', 'Only supervisors see this.');
  }
  return official;
}

function parseDate(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) {
    throw new ApiError('VALIDATION_FAILED', `${field} is not a date.`, [
      { field, message: 'must be an ISO 8601 date or date-time' },
    ]);
  }
  return d;
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

  router.get('/api/supervision/cases', async (req, res) => {
    await requireSupervisor(req, secret);
    const q = req.query as Record<string, string | undefined>;
    const filter = q.filter ?? 'all';
    if (!['overdue', 'stuck', 'all'].includes(filter)) {
      throw new ApiError('VALIDATION_FAILED', 'filter is overdue, stuck or all.', [
        { field: 'filter', message: 'must be overdue, stuck or all' },
      ]);
    }
    if (q.stage && !(STAGES as readonly string[]).includes(q.stage)) {
      throw new ApiError('VALIDATION_FAILED', `Unknown stage ${q.stage}.`, [
        { field: 'stage', message: `must be one of ${STAGES.join(', ')}` },
      ]);
    }
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new ApiError('VALIDATION_FAILED', 'limit is 1 to 200.', [
        { field: 'limit', message: 'must be an integer from 1 to 200' },
      ]);
    }
    const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ApiError('VALIDATION_FAILED', 'The cursor is not valid.', [
        { field: 'cursor', message: 'must be a nextCursor of an earlier answer' },
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

  router.get('/api/supervision/stats', async (req, res) => {
    await requireSupervisor(req, secret);
    const q = req.query as Record<string, string | undefined>;
    const from = parseDate(q.from, 'from');
    const to = parseDate(q.to, 'to');
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

  router.post('/api/cases/:code/reassign', async (req, res) => {
    const supervisor = await requireSupervisor(req, secret);
    const { toOfficialId, note } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof toOfficialId !== 'string' || !toOfficialId) {
      throw new ApiError('VALIDATION_FAILED', 'Name the official to assign.', [
        { field: 'toOfficialId', message: 'is required' },
      ]);
    }
    const doc = await CaseModel.findById(req.params.code).lean<CaseDoc>();
    if (!doc?.stage) throw new ApiError('NOT_FOUND', 'No such case.');
    const to = await OfficialModel.findById(toOfficialId).lean();
    if (!to?.active) {
      throw new ApiError('VALIDATION_FAILED', 'No active official has this id.', [
        { field: 'toOfficialId', message: 'is not an active official' },
      ]);
    }
    const state = await callCase(deps, doc.code, () =>
      deps.temporal.workflow.getHandle(doc.code).executeUpdate(reassignUpdate, {
        args: [
          {
            actor: toActor(supervisor),
            to: toActor(to),
            ...(typeof note === 'string' && note.trim() ? { note: note.normalize('NFC') } : {}),
          },
        ],
      }),
    );
    res.json(officialCaseView({ ...doc, ...state }));
  });

  return router;
}
