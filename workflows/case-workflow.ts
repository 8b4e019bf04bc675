/**
 * caseWorkflow: one dossier through the one-stop chain.
 *
 *   VERIFICATION ─► (SUPPLEMENT_REQUESTED ─► VERIFICATION)* ─► one approval stage per level of the
 *   procedure's chain (WARD_APPROVAL, DEPARTMENT_APPROVAL) ─► RESULT_READY ─► COMPLETED,
 *   or CLOSED with REFUSED / REJECTED / WITHDRAWN / EXPIRED.
 *
 * Every stage runs against a deadline in Vietnamese working time. One working day before it the
 * stage is at risk (officials and supervisors are warned); past it the case is overdue: flagged in
 * the search attributes, escalated to the supervisors, and, once per case, an apology letter gives
 * the applicant a new appointment. The workflow keeps waiting for the officials all the while.
 *
 * Deterministic: no I/O, no wall clock (workflow time only), no randomness.
 */
import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type {
  AwaitedJob,
  CaseActivities,
  ControlSheetStep,
  DocumentContent,
  IssueDocumentInput,
  NotificationRequest,
  SignerRef,
} from '../activities/types';
import { render, say } from '../contract/messages';
import { CALENDAR_V1, endOfOfficeDay, WorkingCalendar } from '../domain/calendar';
import { isApprovalStage, requiredRole, STAGE_LABELS } from '../domain/stages';
import {
  APPROVAL_STAGE,
  type ChainLevel,
  type Outcome,
  type Role,
  type Stage,
} from '../domain/types';
import {
  actUpdate,
  calendarUpdatedSignal,
  caseStateQuery,
  openedUpdate,
  provideSupplementUpdate,
  reassignUpdate,
  resultCollectedSignal,
  withdrawUpdate,
  type ActionRequest,
  type ReassignRequest,
  type ResultCollected,
  type SupplementRequestAnswer,
  type WithdrawRequest,
} from './messages';
import { caseClockRevision, caseNow, startCaseClock } from './case-clock';
import { CaseStage, Overdue, ProcedureCode, StageDueAt, UnitCode } from './search-attributes';
import {
  AWAITED_SIGNATURE_PATCH,
  awaitedMethod,
  awaitedSignature,
  installSignatureSettled,
  SignatureNotGiven,
} from './signing-step';
import {
  actorRef,
  type ActorRef,
  type CaseContext,
  type CaseInput,
  type CaseResult,
  type CaseState,
  type DocumentRef,
  type TimelineEntry,
} from './state';
import {
  checkAction,
  checkReassign,
  checkSupplement,
  checkWithdraw,
  stageParams,
  type Refusal,
} from './validation';

// Activities, proxied by how they must behave when they fail.
/** Resolving the procedure: a few quick tries; an unknown code fails the case at once. */
const lookup = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['UNKNOWN_PROCEDURE', 'UNKNOWN_UNIT'] },
});
/** The read model, audit and outbox must eventually be written: retry until the database is back. */
const bookkeeping = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** Documents an official is waiting for: a few tries, then the action fails and can be retried. */
const interactive = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['SIGNING_GRANT_INVALID', 'KEY_UNAVAILABLE', 'TEMPLATE_ERROR'],
  },
});
/** Documents nobody waits for (the apology letter): retry until they can be made. */
const background = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

type Queued =
  | { id: number; kind: 'act'; req: ActionRequest }
  | { id: number; kind: 'supplement'; req: SupplementRequestAnswer }
  | { id: number; kind: 'withdraw'; req: WithdrawRequest }
  | { id: number; kind: 'reassign'; req: ReassignRequest }
  | { id: number; kind: 'collected'; req: ResultCollected }
  | { id: number; kind: 'expired' };

/** A request before it gets its id. */
type NewRequest = Queued extends infer Q ? (Q extends Queued ? Omit<Q, 'id'> : never) : never;

const now = (): Date => caseNow(); // workflow time (shifted for backdated demo cases: case-clock.ts)
const iso = (d: Date): string => d.toISOString();

/** The refusal as a failure: its English text as the message, the catalogue message in details. */
function refusalFailure(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: r.type,
    message: render(r.message, 'en'),
    details: [r.message],
    nonRetryable: true,
  });
}

export async function caseWorkflow(input: CaseInput): Promise<CaseResult> {
  startCaseClock(input.clock);
  // Handlers first, so that no message is turned away while the context loads.
  const run = new CaseRun(input);
  run.installHandlers();
  const context = await lookup.loadCaseContext({
    procedureCode: input.procedureCode,
    wardCode: input.wardCode,
    applicant: input.applicant,
    form: input.form,
  });
  run.load(context);
  return run.run();
}

class CaseRun {
  private state!: CaseState;
  private ctx!: CaseContext;
  private ready = false;
  private readonly queue: Queued[] = [];
  private readonly answers = new Map<number, Refusal | null>();
  private nextId = 1;
  private controlSheet: DocumentRef | null = null;
  /** Timeline entries already in the read model (record() has returned for them). */
  private recorded = 0;
  /** The working-day calendar of this case (from its history, see load()). */
  private cal = new WorkingCalendar(CALENDAR_V1);
  /** Bumped when a new calendar arrives, so that a pending deadline timer is recomputed. */
  private calendarRevision = 0;

  constructor(private readonly input: CaseInput) {}

  load(ctx: CaseContext): void {
    const { input } = this;
    this.ctx = ctx;
    // Deadlines come from the calendar recorded with the case, never from the table this worker
    // bundles (which changes every year); cases from before the patch keep the frozen CALENDAR_V1.
    if (wf.patched('calendar-in-history') && ctx.calendar) {
      this.cal = new WorkingCalendar(ctx.calendar);
    }
    const submittedAt = input.submittedAt ? new Date(input.submittedAt) : now();
    const provisionalDue = iso(
      this.cal.addWorkingDays(submittedAt, ctx.procedure.totalWorkingDays),
    );
    this.state = {
      code: input.code,
      procedureCode: ctx.procedure.code,
      procedureName: ctx.procedure.name,
      wardCode: ctx.ward.code,
      departmentCode: ctx.department.code,
      applicant: input.applicant,
      stage: 'VERIFICATION',
      outcome: null,
      submittedAt: iso(submittedAt),
      acceptedAt: null,
      dueAt: provisionalDue,
      originalDueAt: provisionalDue,
      reappointed: false,
      stageEnteredAt: iso(submittedAt),
      stageDueAt: iso(this.cal.addWorkingDays(submittedAt, ctx.procedure.sla.verification)),
      stageUnitCode: ctx.ward.code,
      atRisk: false,
      overdue: false,
      assignee: null,
      chainIndex: -1,
      supplement: null,
      supplementRounds: 0,
      timeline: [],
      documents: [...(input.documents ?? [])],
      resultReadyAt: null,
      completedAt: null,
      onTime: null,
    };
    this.ready = true;
  }

  // ---------------------------------------------------------------------------------------------
  // The chain

  async run(): Promise<CaseResult> {
    wf.upsertSearchAttributes([{ key: ProcedureCode, value: this.state.procedureCode }]);
    this.publishSearchAttributes();
    await this.record('submit', null, null, {
      form: this.input.form,
      context: this.ctx,
      notifications: [
        { to: { applicant: true }, event: 'RECEIVED' },
        { to: { role: 'RECEIVER', unitCode: this.ctx.ward.code }, event: 'RECEIVED' },
      ],
    });

    if (await this.verification()) {
      const chain = this.ctx.procedure.chain;
      let approved = true;
      for (let i = 0; i < chain.length && approved; i++) approved = await this.approval(i);
      if (approved) await this.resultReady();
    }
    this.drain();
    await wf.condition(wf.allHandlersFinished);
    return {
      code: this.state.code,
      stage: this.state.stage,
      outcome: this.state.outcome,
      completedAt: this.state.completedAt,
      onTime: this.state.onTime,
    };
  }

  /** VERIFICATION, with supplement rounds. True when the dossier was accepted. */
  private async verification(): Promise<boolean> {
    for (;;) {
      const item = await this.next(['act', 'withdraw']);
      if (item.kind === 'withdraw') return this.withdraw(item);
      if (item.kind !== 'act') continue;
      const { req } = item;
      const actor = actorRef(req.actor);
      const ok = await this.attempt(item, async () => {
        if (req.action === 'accept') await this.accept(req, actor);
        else if (req.action === 'refuse') await this.refuse(req, actor);
        else await this.requestSupplement(req, actor);
      });
      if (!ok) continue;
      if (req.action === 'accept') return true;
      if (req.action === 'refuse') return false;
      // SUPPLEMENT_REQUESTED: the applicant answers, withdraws, or the case expires.
      const answer = await this.next(['supplement', 'withdraw', 'expired']);
      if (answer.kind === 'withdraw') return this.withdraw(answer);
      if (answer.kind === 'expired') {
        await this.close('EXPIRED', 'expire', null, 'Quá hạn bổ sung hồ sơ');
        return false;
      }
      if (answer.kind !== 'supplement') continue;
      this.enterStage('VERIFICATION', this.ctx.ward.code, this.ctx.procedure.sla.verification);
      this.state.supplement = null;
      // The files of the answer, stored by the API before it sent the update, join the dossier.
      if (wf.patched('supplement-documents')) {
        for (const d of answer.req.documents ?? []) {
          if (!this.state.documents.some((x) => x.id === d.id)) this.state.documents.push(d);
        }
      }
      await this.record('provide_supplement', null, answer.req.note ?? null, {
        notifications: [
          { to: { role: 'RECEIVER', unitCode: this.ctx.ward.code }, event: 'RECEIVED' },
        ],
      });
      this.answer(answer, null);
    }
  }

  /** One approval level. True when approved. */
  private async approval(index: number): Promise<boolean> {
    const level = this.ctx.procedure.chain[index] as ChainLevel;
    const last = index === this.ctx.procedure.chain.length - 1;
    for (;;) {
      const item = await this.next(['act', 'withdraw']);
      if (item.kind === 'withdraw') return this.withdraw(item);
      if (item.kind !== 'act') continue;
      const { req } = item;
      const actor = actorRef(req.actor);
      const signer: SignerRef = { kind: 'official', actor, grant: req.signingGrant ?? '' };
      const approve = req.action === 'approve';
      const outcome = approve ? 'Phê duyệt' : 'Không phê duyệt';
      const ok = await this.attempt(item, async () => {
        if (!approve) {
          const refusal = await this.officialSigns(item, outcome, () => ({
            caseCode: this.state.code,
            key: `refusal-${this.state.stage}-${item.id}`,
            kind: 'REFUSAL',
            content: this.content({ reason: req.reason, official: actor }),
            signers: [signer],
          }));
          this.state.documents.push(refusal as DocumentRef);
          await this.close('REJECTED', 'reject', actor, req.reason ?? null);
          return;
        }
        if (last) {
          const decision = await this.officialSigns(item, outcome, () => ({
            caseCode: this.state.code,
            key: `decision-${item.id}`,
            kind: 'DECISION',
            content: this.content({ note: req.note, official: actor }),
            signers: [signer, { kind: 'seal', unitCode: this.state.stageUnitCode }],
          }));
          this.state.documents.push(decision as DocumentRef);
          this.state.resultReadyAt = iso(now());
          this.state.onTime = now() <= new Date(this.state.originalDueAt);
          this.state.outcome = 'APPROVED';
          this.enterStage('RESULT_READY', this.ctx.ward.code, null);
          await this.record('approve', actor, req.note ?? null, {
            stage: APPROVAL_STAGE[level],
            notifications: [
              { to: { applicant: true }, event: 'RESULT_READY' },
              { to: { role: 'RECEIVER', unitCode: this.ctx.ward.code }, event: 'RESULT_READY' },
            ],
          });
          return;
        }
        await this.officialSigns(item, outcome, null);
        const nextLevel = this.ctx.procedure.chain[index + 1] as ChainLevel;
        this.enterApproval(index + 1);
        await this.record('approve', actor, req.note ?? null, {
          stage: APPROVAL_STAGE[level],
          notifications: [this.officialsOf(nextLevel)],
        });
      });
      if (ok) return approve;
    }
  }

  /** RESULT_READY until the desk hands the result over or the applicant collects it online. */
  private async resultReady(): Promise<void> {
    for (;;) {
      const item = await this.next(['act', 'collected']);
      if (item.kind === 'collected') {
        // Collected online: the desk's seal closes the control sheet's last row.
        const note =
          item.req.by === 'APPLICANT_DOWNLOAD' ? 'Người nộp tải kết quả trực tuyến' : null;
        const seal: SignerRef = { kind: 'seal', unitCode: this.ctx.ward.code };
        await this.signControlSheet(seal, 'Trả kết quả', note ?? undefined, background);
        await this.sealArchive(background);
        await this.complete(null, note);
        return;
      }
      if (item.kind !== 'act') continue;
      const actor = actorRef(item.req.actor);
      const signer = this.receiverSigner(item.req, actor);
      const ok = await this.attempt(item, async () => {
        await this.signControlSheet(signer, 'Trả kết quả', item.req.note);
        await this.sealArchive();
        await this.complete(actor, item.req.note ?? null);
      });
      if (ok) return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Steps

  private async accept(req: ActionRequest, actor: ActorRef): Promise<void> {
    const acceptedAt = iso(now());
    const appointmentAt = iso(
      this.cal.addWorkingDays(new Date(acceptedAt), this.ctx.procedure.totalWorkingDays),
    );
    const content = this.content({ note: req.note, official: actor, acceptedAt, appointmentAt });
    const receipt = await interactive.issueDocument({
      caseCode: this.state.code,
      key: `receipt-${this.state.supplementRounds}`,
      kind: 'RECEIPT',
      content,
      signers: [{ kind: 'seal', unitCode: this.ctx.ward.code, onBehalfOf: actor }],
    });
    this.controlSheet = await interactive.issueDocument({
      caseCode: this.state.code,
      key: 'control-sheet',
      kind: 'CONTROL_SHEET',
      content,
      signers: [],
    });
    try {
      await this.signControlSheet(
        this.receiverSigner(req, actor),
        'Tiếp nhận, chuyển xử lý',
        req.note,
      );
    } catch (err) {
      this.controlSheet = null;
      throw err;
    }
    this.state.documents.push(receipt, this.controlSheet);
    Object.assign(this.state, { acceptedAt, dueAt: appointmentAt, originalDueAt: appointmentAt });
    this.enterApproval(0);
    await this.record('accept', actor, req.note ?? null, {
      stage: 'VERIFICATION',
      notifications: [
        { to: { applicant: true }, event: 'ACCEPTED' },
        this.officialsOf(this.ctx.procedure.chain[0] as ChainLevel),
      ],
    });
  }

  private async refuse(req: ActionRequest, actor: ActorRef): Promise<void> {
    const refusal = await interactive.issueDocument({
      caseCode: this.state.code,
      key: `refusal-VERIFICATION-${this.state.supplementRounds}`,
      kind: 'REFUSAL',
      content: this.content({ reason: req.reason, official: actor }),
      signers: [this.receiverSigner(req, actor)],
    });
    this.state.documents.push(refusal);
    await this.close('REFUSED', 'refuse', actor, req.reason ?? null);
  }

  private async requestSupplement(req: ActionRequest, actor: ActorRef): Promise<void> {
    const requestedAt = now();
    const answerBy = iso(
      this.cal.addWorkingDays(requestedAt, this.ctx.procedure.sla.supplementLimit),
    );
    const round = this.state.supplementRounds + 1;
    const doc = await interactive.issueDocument({
      caseCode: this.state.code,
      key: `supplement-request-${round}`,
      kind: 'SUPPLEMENT_REQUEST',
      content: this.content({
        note: req.note,
        reason: req.reason,
        missingDocuments: req.missingDocuments,
        answerBy,
        official: actor,
      }),
      signers: [this.receiverSigner(req, actor)],
    });
    this.state.documents.push(doc);
    this.state.supplementRounds = round;
    this.state.supplement = {
      requestedAt: iso(requestedAt),
      missingDocuments: req.missingDocuments ?? [],
      note: req.note ?? null,
      dueAt: answerBy,
    };
    this.enterStage(
      'SUPPLEMENT_REQUESTED',
      this.ctx.ward.code,
      this.ctx.procedure.sla.supplementLimit,
    );
    await this.record('request_supplement', actor, req.note ?? null, {
      stage: 'VERIFICATION',
      notifications: [{ to: { applicant: true }, event: 'SUPPLEMENT_REQUESTED' }],
    });
  }

  private async withdraw(item: Queued & { kind: 'withdraw' }): Promise<false> {
    await this.close('WITHDRAWN', 'withdraw', null, item.req.reason);
    this.answer(item, null);
    return false;
  }

  private async close(
    outcome: Outcome,
    action: string,
    actor: ActorRef | null,
    note: string | null,
  ): Promise<void> {
    const stage = this.state.stage;
    this.state.outcome = outcome;
    this.state.completedAt = iso(now());
    this.enterStage('CLOSED', this.state.stageUnitCode, null);
    await this.record(action, actor, note, {
      stage,
      notifications: [{ to: { applicant: true }, event: 'CLOSED' }],
    });
  }

  private async complete(actor: ActorRef | null, note: string | null): Promise<void> {
    this.state.completedAt = iso(now());
    this.enterStage('COMPLETED', this.ctx.ward.code, null);
    await this.record('handover', actor, note, {
      stage: 'RESULT_READY',
      notifications: [{ to: { applicant: true }, event: 'COMPLETED' }],
    });
  }

  /**
   * The approver's signatures of an approval: the control-sheet row, then the document `issue`
   * gives (decision, refusal), if any. With a PIN's grant, as two activities; through a remote
   * signing service or a token, as one awaited step (workflows/signing-step.ts).
   */
  private async officialSigns(
    item: Queued & { kind: 'act' },
    outcome: string,
    issue: (() => IssueDocumentInput) | null,
  ): Promise<DocumentRef | null> {
    const { req } = item;
    const method = awaitedMethod(req);
    if (!method || !wf.patched(AWAITED_SIGNATURE_PATCH)) {
      await this.signControlSheet(
        { kind: 'official', actor: actorRef(req.actor), grant: req.signingGrant ?? '' },
        outcome,
        req.note,
      );
      return issue ? interactive.issueDocument(issue()) : null;
    }
    const row = this.controlSheetStep(outcome, req.note);
    const jobs: AwaitedJob[] = [];
    if (this.controlSheet && row) {
      jobs.push({
        kind: 'row',
        documentId: this.controlSheet.id,
        key: `control-sheet-step-${row.step}`,
        row,
      });
    }
    const doc = issue?.();
    if (doc) jobs.push({ kind: 'issue', issue: doc });
    const signed = await awaitedSignature(
      {
        state: this.state,
        record: (action, actor, note) => this.record(action, actor, note),
        answerNow: () => this.answer(item, null),
      },
      {
        key: `signature-${item.id}`,
        method,
        action: req.action === 'reject' ? 'reject' : 'approve',
        official: actorRef(req.actor),
        jobs,
      },
    );
    if (jobs[0]?.kind === 'row') {
      const sheet = signed.shift() as DocumentRef;
      this.controlSheet = sheet;
      this.state.documents = this.state.documents.map((d) => (d.id === sheet.id ? sheet : d));
    }
    return doc ? (signed[0] ?? null) : null;
  }

  /** The control sheet row of the current stage, signed by the official who finished it. */
  private async signControlSheet(
    signer: SignerRef,
    outcome: string,
    note?: string,
    activities: typeof interactive = interactive,
  ): Promise<void> {
    const sheet = this.controlSheet;
    const row = this.controlSheetStep(outcome, note);
    if (!sheet || !row) return;
    const signed = await activities.signControlSheet({
      caseCode: this.state.code,
      key: `control-sheet-step-${row.step}`,
      documentId: sheet.id,
      signer,
      row,
    });
    this.controlSheet = signed;
    this.state.documents = this.state.documents.map((d) => (d.id === signed.id ? signed : d));
  }

  /** The control-sheet row the current stage's official signs now (none without a sheet). */
  private controlSheetStep(outcome: string, note?: string): ControlSheetStep | null {
    if (!this.controlSheet) return null;
    const at = now();
    // The handover is measured against the appointment; other rows against their stage's deadline.
    const deadline = this.state.stage === 'RESULT_READY' ? this.state.dueAt : this.state.stageDueAt;
    const due = deadline ? new Date(deadline) : null;
    return {
      step: this.controlSheetRow(),
      at: iso(at),
      result: !due || endOfOfficeDay(at) < due ? 'EARLY' : at <= due ? 'ON_TIME' : 'LATE',
      outcome,
      ...(note ? { note } : {}),
    };
  }

  /**
   * At handover the decision and the completed control sheet are sealed for the archive (PAdES
   * B-LTA: validation data and a document time-stamp), so that they verify for decades.
   */
  private async sealArchive(activities: typeof interactive = interactive): Promise<void> {
    if (!wf.patched('ltv-seal-archive')) return;
    const ids = this.state.documents
      .filter((d) => d.kind === 'DECISION' || d.kind === 'CONTROL_SHEET')
      .map((d) => d.id);
    if (ids.length === 0) return;
    const sealed = await activities.sealArchive({ caseCode: this.state.code, documentIds: ids });
    const byId = new Map(sealed.map((d) => [d.id, d]));
    this.state.documents = this.state.documents.map((d) => byId.get(d.id) ?? d);
    if (this.controlSheet) this.controlSheet = byId.get(this.controlSheet.id) ?? this.controlSheet;
  }

  /**
   * Row 1: the desk hands the dossier to the first level; row k + 2: level k hands it on (the last
   * level hands the result back to the desk); the last row: the desk hands it to the applicant.
   */
  private controlSheetRow(): number {
    if (this.state.stage === 'VERIFICATION') return 1;
    if (this.state.stage === 'RESULT_READY') return this.ctx.procedure.chain.length + 2;
    return this.state.chainIndex + 2;
  }

  // ---------------------------------------------------------------------------------------------
  // Deadlines

  private async onAtRisk(): Promise<void> {
    this.state.atRisk = true;
    if (this.state.stage === 'SUPPLEMENT_REQUESTED') {
      await this.record('supplement_reminder', null, null, {
        notifications: [{ to: { applicant: true }, event: 'SUPPLEMENT_REMINDER' }],
      });
      return;
    }
    await this.record('at_risk', null, null, {
      notifications: [
        {
          to: { role: this.stageRoleNow(), unitCode: this.state.stageUnitCode },
          event: 'STAGE_AT_RISK',
        },
        { to: { role: 'SUPERVISOR', unitCode: null }, event: 'STAGE_AT_RISK' },
      ],
    });
  }

  private async onOverdue(): Promise<void> {
    this.state.overdue = true;
    this.state.atRisk = true;
    this.publishSearchAttributes();
    await this.record('overdue', null, null, {
      notifications: [
        {
          to: { role: this.stageRoleNow(), unitCode: this.state.stageUnitCode },
          event: 'STAGE_OVERDUE',
        },
        { to: { role: 'SUPERVISOR', unitCode: null }, event: 'STAGE_OVERDUE' },
      ],
    });
    if (
      this.state.acceptedAt &&
      !this.state.reappointed &&
      this.projectedCompletion() > new Date(this.state.dueAt)
    ) {
      await this.reappoint(
        `Hồ sơ giải quyết quá thời hạn ở bước: ${STAGE_LABELS[this.state.stage]}.`,
      );
    }
  }

  /**
   * The apology letter with a new appointment (the rules allow one re-appointment). It comes when
   * a late stage makes the appointment unreachable, or one working day before the appointment at
   * the latest.
   */
  private async reappoint(reason: string): Promise<void> {
    const oldDue = new Date(this.state.dueAt);
    const later = this.cal.addWorkingDays(oldDue, 1);
    const projected = this.projectedCompletion();
    const newDueAt = iso(projected > later ? projected : later);
    const apology = await background.issueDocument({
      caseCode: this.state.code,
      key: 'apology',
      kind: 'APOLOGY',
      content: this.content({
        reason,
        originalDueAt: this.state.dueAt,
        newDueAt,
        lateUnitCode: this.state.stageUnitCode,
      }),
      signers: [{ kind: 'seal', unitCode: this.state.stageUnitCode }],
    });
    this.state.documents.push(apology);
    this.state.dueAt = newDueAt;
    this.state.reappointed = true;
    await this.record('reappoint', null, reason, {
      notifications: [
        { to: { applicant: true }, event: 'REAPPOINTED' },
        { to: { role: 'SUPERVISOR', unitCode: null }, event: 'REAPPOINTED' },
      ],
    });
  }

  /** When the chain would finish if the current stage took one more day and the rest their SLA. */
  private projectedCompletion(): Date {
    const { sla, chain } = this.ctx.procedure;
    const later =
      this.state.stage === 'VERIFICATION' ? chain : chain.slice(this.state.chainIndex + 1);
    const days = later.reduce(
      (sum, l) => sum + ((l === 'WARD' ? sla.ward : sla.department) ?? 0),
      1,
    );
    return this.cal.addWorkingDays(now(), days);
  }

  /** The earliest deadline event still to come in the current stage, if any. */
  private nextTimer(): { at: Date; fire: () => Promise<Queued | null> } | null {
    const { stageDueAt, stage, acceptedAt, reappointed, dueAt } = this.state;
    const events: Array<{ at: Date; fire: () => Promise<Queued | null> }> = [];
    if (stageDueAt) {
      const due = new Date(stageDueAt);
      const entered = new Date(this.state.stageEnteredAt);
      const risk = this.cal.atRiskAt(due);
      // A stage of a working day or less is at risk from its start: no separate warning.
      if (!this.state.atRisk && risk > entered) {
        events.push({ at: risk, fire: async () => (await this.onAtRisk(), null) });
      } else if (stage === 'SUPPLEMENT_REQUESTED') {
        events.push({ at: due, fire: async () => ({ id: 0, kind: 'expired' }) });
      } else if (!this.state.overdue) {
        events.push({ at: due, fire: async () => (await this.onOverdue(), null) });
      }
    }
    if (acceptedAt && !reappointed && isApprovalStage(stage)) {
      events.push({
        at: this.cal.atRiskAt(new Date(dueAt)),
        fire: async () => (
          await this.reappoint('Hồ sơ không thể giải quyết kịp thời hạn đã hẹn.'),
          null
        ),
      });
    }
    return events.reduce<(typeof events)[number] | null>(
      (a, b) => (!a || b.at < a.at ? b : a),
      null,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  /**
   * Validators check against the current state; before the context has loaded they let a message
   * through, and the main loop checks it when it takes it from the queue.
   */
  installHandlers(): void {
    wf.setHandler(caseStateQuery, () => {
      if (!this.ready) throw new Error('The case is still being set up; ask again in a moment.');
      return this.snapshot();
    });
    wf.setHandler(
      actUpdate,
      async (req) => {
        await wf.condition(() => this.ready);
        if (checkAction(this.state, req).kind === 'duplicate') return this.snapshot();
        return this.enqueue({ kind: 'act', req });
      },
      {
        validator: (req) => {
          if (!this.ready) return;
          const verdict = checkAction(this.state, req);
          if (verdict.kind === 'refuse') throw refusalFailure(verdict.refusal);
        },
      },
    );
    wf.setHandler(provideSupplementUpdate, (req) => this.enqueue({ kind: 'supplement', req }), {
      validator: (req) => this.throwIf(this.ready ? checkSupplement(this.state, req) : null),
    });
    wf.setHandler(withdrawUpdate, (req) => this.enqueue({ kind: 'withdraw', req }), {
      validator: (req) => this.throwIf(this.ready ? checkWithdraw(this.state, req) : null),
    });
    wf.setHandler(reassignUpdate, (req) => this.enqueue({ kind: 'reassign', req }), {
      validator: (req) => this.throwIf(this.ready ? checkReassign(this.state, req) : null),
    });
    wf.setHandler(openedUpdate, async () => {
      await wf.condition(() => this.recorded > 0);
      return this.snapshot();
    });
    wf.setHandler(calendarUpdatedSignal, (data) => {
      if (data.version === this.cal.version) return;
      this.cal = new WorkingCalendar(data);
      this.calendarRevision++;
    });
    wf.setHandler(resultCollectedSignal, (req) => {
      this.queue.push({ id: this.nextId++, kind: 'collected', req });
    });
    installSignatureSettled(
      () =>
        this.state?.pendingSignature?.status !== 'PENDING' &&
        this.recorded === this.state?.timeline.length,
      () => this.snapshot(),
    );
  }

  private throwIf(refusal: Refusal | null): void {
    if (refusal) throw refusalFailure(refusal);
  }

  /** Queues a request for the main loop and answers with the case once it has been handled. */
  private async enqueue(item: NewRequest): Promise<CaseState> {
    const id = this.nextId++;
    this.queue.push({ ...item, id } as Queued);
    await wf.condition(() => this.answers.has(id));
    const refusal = this.answers.get(id);
    this.answers.delete(id);
    if (refusal) throw refusalFailure(refusal);
    return this.snapshot();
  }

  private answer(item: Queued, refusal: Refusal | null): void {
    if (item.kind !== 'collected' && item.kind !== 'expired') this.answers.set(item.id, refusal);
  }

  /** Runs a step for a queued action; a failure answers the caller and leaves the stage as it was. */
  private async attempt(item: Queued, step: () => Promise<void>): Promise<boolean> {
    try {
      await step();
      this.answer(item, null);
      return true;
    } catch (err) {
      if (err instanceof SignatureNotGiven) {
        if (!err.answered) {
          this.answer(item, {
            type: 'ACTION_FAILED',
            message: say('refusal.signatureNotGiven', { reason: err.message }),
          });
        }
        return false;
      }
      if (!(err instanceof ActivityFailure)) throw err;
      // The activity's own words travel along for whoever drives the case with the Temporal CLI
      // (the API answers with its own message for this refusal).
      this.answer(item, {
        type: 'ACTION_FAILED',
        message: say('refusal.actionFailed', { reason: err.cause?.message ?? err.message }),
      });
      return false;
    }
  }

  /**
   * Waits for the next request of one of `kinds` (re-validated against the current state), running
   * the stage's deadline events as they fall due. Reassignments are handled here, in passing.
   */
  private async next(kinds: Array<Queued['kind']>): Promise<Queued> {
    for (;;) {
      while (this.queue.length > 0) {
        const item = this.queue.shift() as Queued;
        if (item.kind === 'reassign') {
          await this.reassign(item);
          continue;
        }
        const refusal = this.recheck(item);
        if (refusal === 'duplicate') this.answer(item, null);
        else if (refusal) this.answer(item, refusal);
        else if (kinds.includes(item.kind)) return item;
        else
          this.answer(item, {
            type: 'WRONG_STAGE',
            message: say('refusal.notNow', stageParams(this.state.stage)),
          });
      }
      const timer = this.nextTimer();
      const waitMs = timer ? timer.at.getTime() - now().getTime() : null;
      if (waitMs === null) {
        await wf.condition(() => this.queue.length > 0);
        continue;
      }
      const revision = this.calendarRevision;
      const clock = caseClockRevision();
      const woken = () =>
        this.queue.length > 0 ||
        this.calendarRevision !== revision ||
        caseClockRevision() !== clock;
      if (waitMs > 0 && (await wf.condition(woken, waitMs))) continue;
      const fired = await (timer as { fire: () => Promise<Queued | null> }).fire();
      if (fired && kinds.includes(fired.kind)) return fired;
    }
  }

  /** Answers whatever is still queued once the case has ended. */
  private drain(): void {
    for (const item of this.queue.splice(0)) {
      const refusal = this.recheck(item);
      this.answer(
        item,
        refusal === 'duplicate'
          ? null
          : (refusal ?? { type: 'WRONG_STAGE', message: say('refusal.ended') }),
      );
    }
  }

  private recheck(item: Queued): Refusal | 'duplicate' | null {
    switch (item.kind) {
      case 'act': {
        const v = checkAction(this.state, item.req);
        return v.kind === 'refuse' ? v.refusal : v.kind === 'duplicate' ? 'duplicate' : null;
      }
      case 'supplement':
        return checkSupplement(this.state, item.req);
      case 'withdraw':
        return checkWithdraw(this.state, item.req);
      case 'collected':
        return this.state.stage === 'RESULT_READY'
          ? null
          : { type: 'WRONG_STAGE', message: say('refusal.notNow', stageParams(this.state.stage)) };
      default:
        return null;
    }
  }

  private async reassign(item: Queued & { kind: 'reassign' }): Promise<void> {
    const refusal = checkReassign(this.state, item.req);
    if (refusal) {
      this.answer(item, refusal);
      return;
    }
    this.state.assignee = actorRef(item.req.to);
    await this.record(
      'reassign',
      actorRef(item.req.actor),
      item.req.note ?? `→ ${item.req.to.fullName}`,
      {
        notifications: [
          {
            to: { role: this.stageRoleNow(), unitCode: this.state.stageUnitCode },
            event: 'ASSIGNED',
          },
        ],
      },
    );
    this.answer(item, null);
  }

  // ---------------------------------------------------------------------------------------------
  // State, projection, search attributes

  private enterApproval(index: number): void {
    const level = this.ctx.procedure.chain[index] as ChainLevel;
    const { sla } = this.ctx.procedure;
    this.state.chainIndex = index;
    const unit = level === 'WARD' ? this.ctx.ward.code : this.ctx.department.code;
    this.enterStage(
      APPROVAL_STAGE[level],
      unit,
      (level === 'WARD' ? sla.ward : sla.department) ?? 1,
    );
  }

  private enterStage(stage: Stage, unitCode: string, slaWorkingDays: number | null): void {
    const at = now();
    if (this.state.pendingSignature) this.state.pendingSignature = null;
    Object.assign(this.state, {
      stage,
      stageUnitCode: unitCode,
      stageEnteredAt: iso(at),
      stageDueAt: slaWorkingDays === null ? null : iso(this.cal.addWorkingDays(at, slaWorkingDays)),
      atRisk: false,
      overdue: false,
      assignee: null,
    });
    this.publishSearchAttributes();
  }

  private publishSearchAttributes(): void {
    const { stage, stageUnitCode, stageDueAt, overdue } = this.state;
    wf.upsertSearchAttributes([
      { key: CaseStage, value: stage },
      { key: UnitCode, value: stageUnitCode },
      { key: StageDueAt, value: stageDueAt ? new Date(stageDueAt) : null },
      { key: Overdue, value: overdue },
    ]);
  }

  private stageRoleNow(): Role {
    return requiredRole(this.state.stage) ?? 'RECEIVER';
  }

  private officialsOf(level: ChainLevel): NotificationRequest {
    return level === 'WARD'
      ? { to: { role: 'WARD_APPROVER', unitCode: this.ctx.ward.code }, event: 'ACCEPTED' }
      : {
          to: { role: 'DEPARTMENT_APPROVER', unitCode: this.ctx.department.code },
          event: 'ACCEPTED',
        };
  }

  /** Receivers act without a PIN: the desk's seal signs on their behalf unless they gave one. */
  private receiverSigner(req: ActionRequest, actor: ActorRef): SignerRef {
    return req.signingGrant
      ? { kind: 'official', actor, grant: req.signingGrant }
      : { kind: 'seal', unitCode: this.ctx.ward.code, onBehalfOf: actor };
  }

  private content(extra: Omit<DocumentContent, 'issuedAt' | 'stage'>): DocumentContent {
    return { issuedAt: iso(now()), stage: this.state.stage, ...extra };
  }

  private async record(
    action: string,
    actor: ActorRef | null,
    note: string | null,
    extra: {
      stage?: Stage;
      form?: Record<string, unknown>;
      context?: CaseContext;
      notifications?: NotificationRequest[];
    } = {},
  ): Promise<void> {
    const entry: TimelineEntry = {
      seq: this.state.timeline.length + 1,
      at: iso(now()),
      stage: extra.stage ?? this.state.stage,
      action,
      actor,
      note,
    };
    this.state.timeline.push(entry);
    await bookkeeping.recordCaseEvent({
      state: this.snapshot(),
      entry,
      ...(extra.form ? { form: extra.form } : {}),
      ...(extra.context ? { context: extra.context } : {}),
      ...(extra.notifications ? { notifications: extra.notifications } : {}),
    });
    this.recorded = entry.seq;
  }

  private snapshot(): CaseState {
    return JSON.parse(JSON.stringify(this.state)) as CaseState;
  }
}
