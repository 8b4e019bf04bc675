/**
 * Supervision (API.md "Supervision"): the supervisors' command centre. Supervisors see every unit;
 * the head of a unit — its approver (WARD_APPROVER of a ward, DEPARTMENT_APPROVER of a
 * department: the unit's leadership in this product) — sees and directs the cases of that unit
 * only. Everything is answered from the supervisors' board (models/board.ts) held in memory by
 * services/supervision/board-reader.ts: no query scans the cases and nothing asks Temporal per
 * case. Actions go through the workflow (reassign), Temporal's activity reset (retry a failing
 * step) and the outbox (escalate).
 */
import { Router, type Request } from 'express';
import { appendAudit } from '../../activities/audit-log';
import { enqueueNotifications } from '../../activities/notifications';
import { readBoardEntry, recordEscalation } from '../../activities/supervision/board';
import { vnIsoDate } from '../../domain/calendar';
import { isTerminal, requiredRole } from '../../domain/stages';
import { stuckClock } from '../../domain/supervision';
import type { Role, Stage } from '../../domain/types';
import { CaseModel, type CaseDoc } from '../../models/case';
import { OfficialModel, toActor, type OfficialDoc } from '../../models/official';
import { boardReader } from '../../services/supervision/board-reader';
import { coverage } from '../../services/supervision/coverage';
import {
  casesTable,
  stagesTable,
  toCsv,
  toXlsx,
  unitsTable,
  weeksTable,
  type Table,
} from '../../services/supervision/export';
import {
  listCases,
  listItem,
  newAlerts,
  statistics,
  type ListQuery,
  type Scope,
  type UnitRow,
} from '../../services/supervision/queries';
import { reassignUpdate } from '../../workflows/messages';
import { actorRef } from '../../workflows/state';
import { requireOfficial } from '../auth/officials';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { updateCase } from '../workflow-errors';
import { caseAfter } from '../case-answer';
import { officialCaseView } from './cases';
import { languageOf, render, say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import { mount } from '../route';

/** Who oversees what: every unit (null) for supervisors, their own unit for a unit's head. */
interface Overseer {
  official: OfficialDoc;
  unit: string | null;
  supervisor: boolean;
}

const HEAD_ROLES: readonly Role[] = ['WARD_APPROVER', 'DEPARTMENT_APPROVER'];
const EXPORT_LIMIT = 10_000;

async function requireOverseer(req: Request, secret: string): Promise<Overseer> {
  const official = await requireOfficial(req, secret);
  if (official.roles.includes('SUPERVISOR') || official.roles.includes('ADMIN')) {
    return { official, unit: null, supervisor: true };
  }
  if (official.unitCode && official.roles.some((r) => HEAD_ROLES.includes(r))) {
    return { official, unit: official.unitCode, supervisor: false };
  }
  throw new ApiError('FORBIDDEN', say('auth.overseersOnly'));
}

/** A scope as the query gives it. */
interface RawScope {
  from?: string | undefined;
  to?: string | undefined;
  unit?: string | undefined;
  procedure?: string | undefined;
  stage?: string | undefined;
}

type RawList = RawScope &
  Omit<ListQuery, keyof Scope | 'desc'> & {
    desc?: string | undefined;
    cursor?: string | undefined;
  };

/** The scope asked for, within what the overseer may see. */
function scopeOf(o: Overseer, q: RawScope): Scope {
  if (o.unit && q.unit && q.unit !== o.unit) {
    throw new ApiError('FORBIDDEN', say('supervision.ownUnitOnly', { unit: o.unit }));
  }
  const day = (v: string | undefined) => (v ? vnIsoDate(new Date(v)) : undefined);
  const s: Scope = {};
  const from = day(q.from);
  const to = day(q.to);
  const unit = o.unit ?? q.unit;
  if (from) s.from = from;
  if (to) s.to = to;
  if (unit) s.unit = unit;
  if (q.procedure) s.procedure = q.procedure;
  if (q.stage) s.stage = q.stage as Stage;
  return s;
}

function mayDirect(
  o: Overseer,
  doc: Pick<CaseDoc, 'wardCode' | 'departmentCode' | 'stageUnitCode'>,
): boolean {
  return !o.unit || [doc.wardCode, doc.departmentCode, doc.stageUnitCode].includes(o.unit);
}

/** The contract's first names of the per-unit row, kept beside the new ones. */
const unitView = (r: UnitRow) => ({
  ...r,
  completed: r.resolved,
  onTime: r.resolvedEarly + r.resolvedOnTime,
  late: r.resolvedLate,
});

function offsetOf(q: { offset?: number | undefined; cursor?: string | undefined }): number {
  if (q.offset !== undefined) return q.offset;
  if (!q.cursor) return 0;
  const n = Number(Buffer.from(q.cursor, 'base64url').toString());
  if (!Number.isInteger(n) || n < 0) {
    throw new ApiError('VALIDATION_FAILED', say('query.cursor'), [
      { field: 'cursor', message: say('query.cursor') },
    ]);
  }
  return n;
}

export function supervisionRoutes(deps: Dependencies): Router {
  const router = Router();
  const secret = deps.config.authTokenSecret;
  const { silentWorkingDays, temporalUiUrl } = deps.config.supervision;
  const clock = () => stuckClock(new Date(), silentWorkingDays);

  async function page(o: Overseer, q: RawList) {
    const board = await boardReader().current();
    const query: ListQuery = {
      ...scopeOf(o, q),
      ...(q.filter ? { filter: q.filter } : {}),
      ...(q.reason ? { reason: q.reason } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(q.sort ? { sort: q.sort } : {}),
      desc: q.desc === 'true',
      offset: offsetOf(q),
      limit: q.limit ?? 50,
    };
    return listCases(board, query, clock(), await coverage());
  }

  mount(router, OPERATIONS.supervisionCases, async ({ query: q }, req, res) => {
    const o = await requireOverseer(req, secret);
    const result = await page(o, q);
    const next = result.offset + result.items.length;
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      items: result.items,
      total: result.total,
      offset: result.offset,
      nextCursor: next < result.total ? Buffer.from(String(next)).toString('base64url') : null,
    });
  });

  async function stats(o: Overseer, q: RawScope) {
    const scope = scopeOf(o, q);
    return {
      scope,
      result: statistics(await boardReader().current(), scope, clock(), await coverage()),
    };
  }

  mount(router, OPERATIONS.supervisionStats, async ({ query: q }, req, res) => {
    const { result } = await stats(await requireOverseer(req, secret), q);
    res.setHeader('Cache-Control', 'no-store');
    res.json(result.units.map(unitView));
  });

  mount(router, OPERATIONS.supervisionDashboard, async ({ query: q }, req, res) => {
    const o = await requireOverseer(req, secret);
    const { scope, result } = await stats(o, q);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      scope,
      generatedAt: new Date().toISOString(),
      summary: result.summary,
      units: result.units.map(unitView),
      weeks: result.weeks,
      stages: result.stages,
      viewer: { unit: o.unit, canBatch: o.supervisor },
    });
  });

  mount(router, OPERATIONS.supervisionAlerts, async ({ query: q }, req, res) => {
    const o = await requireOverseer(req, secret);
    const since = q.since ? new Date(q.since) : new Date(Date.now() - 86_400_000);
    const found = newAlerts(await boardReader().current(), scopeOf(o, q), since.toISOString());
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      since: since.toISOString(),
      atRisk: found.atRisk.length,
      overdue: found.overdue.length,
      codes: [...found.overdue, ...found.atRisk].slice(0, 200),
    });
  });

  mount(router, OPERATIONS.supervisionExport, async ({ query: q }, req, res) => {
    const o = await requireOverseer(req, secret);
    let table: Table<never>;
    if (q.table === 'cases') {
      const { cursor: _cursor, ...rest } = q;
      const all = await page(o, { ...rest, offset: 0, limit: EXPORT_LIMIT });
      table = casesTable(all.items) as unknown as Table<never>;
    } else {
      const { result } = await stats(o, q);
      table = (q.table === 'units'
        ? unitsTable(result.units)
        : q.table === 'stages'
          ? stagesTable(result.stages)
          : weeksTable(result.weeks)) as unknown as Table<never>;
    }
    const scope = scopeOf(o, q);
    const subtitle =
      `Kỳ: ${scope.from ?? 'từ đầu'} đến ${scope.to ?? 'nay'}` +
      `${scope.unit ? `; đơn vị: ${scope.unit}` : ''}` +
      `${scope.procedure ? `; thủ tục: ${scope.procedure}` : ''}` +
      `; lập lúc ${new Date().toISOString()}`;
    const file = `${table.name}-${vnIsoDate(new Date())}.${q.format}`;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').send(toCsv(table));
    } else {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await toXlsx(table, subtitle));
    }
  });

  async function caseFor(o: Overseer, code: string): Promise<CaseDoc> {
    const doc = await CaseModel.findById(code).lean<CaseDoc>();
    if (!doc?.stage) throw new ApiError('NOT_FOUND', say('case.notFound'));
    if (!mayDirect(o, doc)) throw new ApiError('FORBIDDEN', say('case.otherUnits'));
    return doc;
  }

  mount(router, OPERATIONS.supervisionCase, async ({ params }, req, res) => {
    const o = await requireOverseer(req, secret);
    const doc = await caseFor(o, params.code);
    const entry = await readBoardEntry(doc.code);
    const role = requiredRole(doc.stage);
    const candidates = role
      ? await OfficialModel.find(
          { roles: role, unitCode: doc.stageUnitCode, active: true },
          { fullName: 1, title: 1, roles: 1 },
        ).lean<Array<Pick<OfficialDoc, '_id' | 'fullName' | 'title' | 'roles'>>>()
      : [];
    const ns = encodeURIComponent(deps.config.temporal.namespace);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      case: officialCaseView(doc, toActor(o.official)),
      board: entry?.c ? listItem(entry, clock(), await coverage()) : null,
      temporalUrl: temporalUiUrl
        ? `${temporalUiUrl}/namespaces/${ns}/workflows/${encodeURIComponent(doc.code)}`
        : null,
      candidates: candidates.map((c) => ({
        id: c._id,
        fullName: c.fullName,
        title: c.title,
        roles: c.roles,
      })),
    });
  });

  /** Reassigns a case's current stage to `toOfficialId` (the workflow checks role and unit). */
  async function reassign(o: Overseer, code: string, toOfficialId: string, note?: string) {
    const doc = await caseFor(o, code);
    // An ended case has no stage to give (its workflow may be gone: that is not a 404).
    if (isTerminal(doc.stage)) throw new ApiError('WRONG_STAGE', say('case.ended'));
    const to = await OfficialModel.findById(toOfficialId).lean();
    if (!to?.active) {
      throw new ApiError('VALIDATION_FAILED', say('official.notActive'), [
        { field: 'toOfficialId', message: say('official.notActive') },
      ]);
    }
    const answer = await updateCase(deps, doc.code, reassignUpdate, [
      { actor: toActor(o.official), to: toActor(to), ...(note ? { note } : {}) },
    ]);
    return officialCaseView(await caseAfter(deps, doc, answer));
  }

  mount(router, OPERATIONS.reassign, async ({ params, body: { toOfficialId, note } }, req, res) => {
    const o = await requireOverseer(req, secret);
    res.json(await reassign(o, params.code, toOfficialId, note));
  });

  /** Retries the failing step of a case now (Temporal resets the activity's attempts). */
  async function retry(o: Overseer, code: string): Promise<void> {
    await caseFor(o, code);
    const entry = await readBoardEntry(code);
    if (!entry?.f) throw new ApiError('WRONG_STAGE', say('supervision.noFailingStep'));
    try {
      await deps.temporal.workflowService.resetActivity({
        namespace: deps.config.temporal.namespace,
        execution: { workflowId: code },
        identity: `supervision:${o.official._id}`,
        id: entry.f.activityId,
      });
    } catch (err) {
      const grpc = err as { code?: number };
      if (grpc.code === 5) throw new ApiError('WRONG_STAGE', say('supervision.noFailingStep'));
      throw new ApiError('DEPENDENCY_UNAVAILABLE', say('case.engineUnavailable'), undefined, 5);
    }
  }

  mount(router, OPERATIONS.supervisionBatch, async ({ body }, req, res) => {
    const o = await requireOverseer(req, secret);
    if (!o.supervisor) throw new ApiError('FORBIDDEN', say('supervision.supervisorsOnly'));
    const lang = languageOf(req.get('accept-language'));
    const results: Array<{ code: string; ok: boolean; message: string | null }> = [];
    for (const code of new Set(body.codes)) {
      try {
        if (body.action === 'reassign') await reassign(o, code, body.toOfficialId, body.note);
        else await retry(o, code);
        results.push({ code, ok: true, message: null });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        results.push({ code, ok: false, message: render(err.say, lang) });
      }
    }
    const done = results.filter((r) => r.ok).length;
    res.json({ done, failed: results.length - done, results });
  });

  mount(router, OPERATIONS.escalate, async ({ params, body }, req, res) => {
    const o = await requireOverseer(req, secret);
    const doc = await caseFor(o, params.code);
    if (isTerminal(doc.stage)) throw new ApiError('WRONG_STAGE', say('supervision.closed'));
    const entry = await readBoardEntry(doc.code);
    const count = (entry?.x?.count ?? 0) + 1;
    const at = new Date().toISOString();
    const actor = actorRef(toActor(o.official));
    await appendAudit({
      key: `${doc.code}#escalate#${count}`,
      at,
      caseCode: doc.code,
      action: 'escalate',
      actor,
      data: { stage: doc.stage, unitCode: doc.stageUnitCode, note: body.note },
    });
    // The heads of the unit the case waits on, and the supervisors. Escalations are numbered
    // from 1,000,000 in the outbox, apart from the workflow's own timeline entries.
    const head: Role =
      doc.stage === 'DEPARTMENT_APPROVAL' ? 'DEPARTMENT_APPROVER' : 'WARD_APPROVER';
    const notified = await enqueueNotifications({
      caseState: doc,
      entry: {
        seq: 1_000_000 + count,
        at,
        stage: doc.stage,
        action: 'escalate',
        actor,
        note: body.note,
      },
      requests: [
        { to: { role: head, unitCode: doc.stageUnitCode }, event: 'ESCALATED' },
        { to: { role: 'SUPERVISOR', unitCode: null }, event: 'ESCALATED' },
      ],
      publicBaseUrl: deps.config.publicBaseUrl,
      deliveries: { client: deps.temporal, taskQueue: deps.config.temporal.taskQueue },
    });
    await recordEscalation(doc.code, {
      count,
      lastAt: at,
      lastBy: actor.name,
      lastNote: body.note,
    });
    deps.logger.info({ case: doc.code, by: o.official._id }, 'case escalated');
    res.json({ code: doc.code, count, notified });
  });

  return router;
}
