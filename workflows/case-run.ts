/**
 * The upkeep of one case run under the chain (workflows/case-workflow.ts): its state and context,
 * the message handlers, the bookkeeping of each event, stage entry and search attributes, and the
 * documents its officials sign (the control sheet, the archive seal).
 *
 * Deterministic: no I/O, no wall clock (case time only), no randomness.
 */
import * as wf from '@temporalio/workflow';
import type {
  AwaitedJob,
  ControlSheetStep,
  DocumentContent,
  IssueDocumentInput,
  SignerRef,
} from '../activities/types';
import { say } from '../contract/messages';
import {
  CALENDAR_V1,
  type CalendarData,
  calendarOf,
  endOfOfficeDay,
  WorkingCalendar,
} from '../domain/calendar';
import { notificationsFor } from '../domain/notification-rules';
import { stageSlaWorkingDays, stageUnitCode } from '../domain/stages';
import { APPROVAL_STAGE, type ChainLevel, type Stage } from '../domain/types';
import { recordEvent, type Recorded } from './bookkeeping';
import { caseClockRevision, caseNow } from './case-clock';
import { continueIfLong } from './continuation';
import { nextDeadline, type DeadlineHost } from './deadlines';
import { Inbox, refusalFailure, type InboxRules, type Queued, type Timer } from './inbox';
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
  type CaseAnswer,
} from './messages';
import { LEAN_PATCH } from './lean-history';
import { interactive, background, type Via } from './proxies';
import { CaseStage, Overdue, ProcedureCode, StageDueAt, UnitCode } from './search-attributes';
import {
  AWAITED_SIGNATURE_PATCH,
  awaitedMethod,
  awaitedSignature,
  installSignatureSettled,
} from './signing-step';
import {
  actorRef,
  type ActorRef,
  type CarriedCase,
  type CaseContext,
  type CaseInput,
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

/** A document of the case as the workflow describes it (the activity's input without case and date). */
export type DocumentSpec = Omit<IssueDocumentInput, 'caseCode' | 'content'> & {
  content: Omit<DocumentContent, 'issuedAt' | 'stage'>;
};

/** Case time (shifted for backdated demo cases: case-clock.ts). */
export const now = (): Date => caseNow();
export const iso = (d: Date): string => d.toISOString();

const VIA = { interactive, background } as const;

export class CaseRun implements InboxRules, DeadlineHost {
  state!: CaseState;
  ctx!: CaseContext;
  cal = new WorkingCalendar(CALENDAR_V1);
  protected readonly inbox: Inbox;
  protected controlSheet: DocumentRef | null = null;
  private calendar: CalendarData | undefined;
  private ready = false;
  /** Timeline entries already in the read model (record() has returned for them). */
  private recorded = 0;
  /** Bumped when a new calendar arrives, so that a pending deadline timer is recomputed. */
  private calendarRevision = 0;
  /** The state as last recorded, which the next event's delta builds on. */
  private lastRecorded: Recorded | null = null;
  /** The search attributes this run has set, by name (their JSON). */
  private readonly published = new Map<string, string>();

  constructor(protected readonly input: CaseInput) {
    this.inbox = new Inbox(this, input.carried?.nextRequestId ?? 1);
  }

  load(ctx: CaseContext): void {
    const { input } = this;
    this.ctx = ctx;
    // Deadlines come from the calendar recorded with the case, never from the table this worker
    // bundles (which changes every year); cases from before the patch keep the frozen CALENDAR_V1.
    if (wf.patched('calendar-in-history') && ctx.calendar)
      this.useCalendar(calendarOf(ctx.calendar));
    const submittedAt = input.submittedAt ? new Date(input.submittedAt) : now();
    const due = iso(this.cal.addWorkingDays(submittedAt, ctx.procedure.totalWorkingDays));
    const sla = ctx.procedure.sla.verification;
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
      dueAt: due,
      originalDueAt: due,
      reappointed: false,
      stageEnteredAt: iso(submittedAt),
      stageDueAt: iso(this.cal.addWorkingDays(submittedAt, sla)),
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

  /** Takes the case over from the run that continued as new: nothing is loaded or issued again. */
  resume(carried: CarriedCase): void {
    this.ctx = carried.context;
    this.state = carried.state;
    if (carried.calendar) this.useCalendar(carried.calendar);
    this.controlSheet = carried.controlSheet;
    this.recorded = carried.recorded;
    this.ready = true;
  }

  private useCalendar(data: CalendarData): void {
    this.calendar = data;
    this.cal = new WorkingCalendar(data);
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  /**
   * Validators check against the current state; before the context has loaded they let a message
   * through, and the main loop checks it when it takes it from the inbox.
   */
  installHandlers(): void {
    const check = (refusal: Refusal | null) => {
      if (refusal) throw refusalFailure(refusal);
    };
    wf.setHandler(caseStateQuery, () => {
      if (!this.ready) throw new Error('The case is still being set up; ask again in a moment.');
      return this.snapshot();
    });
    const answer = () => this.answer();
    wf.setHandler(
      actUpdate,
      async (req) => {
        await wf.condition(() => this.ready);
        if (checkAction(this.state, req).kind === 'duplicate') return this.answer();
        return this.inbox.enqueue({ kind: 'act', req }, answer);
      },
      {
        validator: (req) => {
          if (!this.ready) return;
          const verdict = checkAction(this.state, req);
          if (verdict.kind === 'refuse') throw refusalFailure(verdict.refusal);
        },
      },
    );
    wf.setHandler(
      provideSupplementUpdate,
      (req) => this.inbox.enqueue({ kind: 'supplement', req }, answer),
      {
        validator: (req) => check(this.ready ? checkSupplement(this.state, req) : null),
      },
    );
    wf.setHandler(withdrawUpdate, (req) => this.inbox.enqueue({ kind: 'withdraw', req }, answer), {
      validator: (req) => check(this.ready ? checkWithdraw(this.state, req) : null),
    });
    wf.setHandler(reassignUpdate, (req) => this.inbox.enqueue({ kind: 'reassign', req }, answer), {
      validator: (req) => check(this.ready ? checkReassign(this.state, req) : null),
    });
    wf.setHandler(openedUpdate, async () => {
      await wf.condition(() => this.recorded > 0);
      return this.answer();
    });
    wf.setHandler(calendarUpdatedSignal, (data) => {
      if (data.version === this.cal.version) return;
      this.useCalendar(data);
      this.calendarRevision++;
    });
    wf.setHandler(resultCollectedSignal, (req) => this.inbox.push({ kind: 'collected', req }));
    installSignatureSettled(
      () =>
        this.state?.pendingSignature?.status !== 'PENDING' &&
        this.recorded === this.state?.timeline.length,
      answer,
    );
  }

  /** Answers whatever is still queued once the case has ended. */
  protected endInbox(): void {
    this.inbox.drain({ type: 'WRONG_STAGE', message: say('refusal.ended') });
  }

  recheck(item: Queued): Refusal | 'duplicate' | null {
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
        return this.state.stage === 'RESULT_READY' ? null : this.notNow();
      default:
        return null;
    }
  }

  notNow(): Refusal {
    return { type: 'WRONG_STAGE', message: say('refusal.notNow', stageParams(this.state.stage)) };
  }

  async reassign(item: Queued & { kind: 'reassign' }): Promise<void> {
    const refusal = checkReassign(this.state, item.req);
    if (refusal) return this.inbox.answer(item, refusal);
    this.state.assignee = actorRef(item.req.to);
    const note = item.req.note ?? `→ ${item.req.to.fullName}`;
    await this.record('reassign', actorRef(item.req.actor), note);
    this.inbox.answer(item, null);
  }

  nextTimer(): Timer | null {
    return nextDeadline(this);
  }

  timerRevision(): number {
    return this.calendarRevision + caseClockRevision();
  }

  /** The chain is about to wait with an empty inbox: a long history continues as new here. */
  async idle(): Promise<void> {
    await continueIfLong(
      this.input,
      () => ({
        state: this.snapshot(),
        context: this.ctx,
        ...(this.calendar ? { calendar: this.calendar } : {}),
        controlSheet: this.controlSheet,
        recorded: this.recorded,
        nextRequestId: this.inbox.idsFrom,
      }),
      () => this.inbox.empty,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // State, bookkeeping, search attributes

  protected enterApproval(index: number): void {
    this.state.chainIndex = index;
    this.enterStage(APPROVAL_STAGE[this.ctx.procedure.chain[index] as ChainLevel]);
  }

  /** Enters `stage` with the unit and deadline the procedure gives it (domain/stages.ts). */
  protected enterStage(stage: Stage): void {
    const at = now();
    const { chain } = this.ctx.procedure;
    const unit = stageUnitCode(
      { chain, departmentCode: this.state.departmentCode },
      this.state.wardCode,
      stage,
    );
    const days = stageSlaWorkingDays(this.ctx.procedure, stage);
    if (this.state.pendingSignature) this.state.pendingSignature = null;
    Object.assign(this.state, {
      stage,
      stageUnitCode: unit ?? this.state.stageUnitCode,
      stageEnteredAt: iso(at),
      stageDueAt: days === null ? null : iso(this.cal.addWorkingDays(at, days)),
      atRisk: false,
      overdue: false,
      assignee: null,
    });
    this.publishSearchAttributes();
  }

  publishSearchAttributes(withProcedure = false): void {
    const { stage, stageUnitCode: unit, stageDueAt, overdue } = this.state;
    const attributes = [
      { key: CaseStage, value: stage },
      { key: UnitCode, value: unit },
      { key: StageDueAt, value: stageDueAt ? new Date(stageDueAt) : null },
      { key: Overdue, value: overdue },
    ] as const;
    if (!wf.patched(LEAN_PATCH)) {
      if (withProcedure)
        wf.upsertSearchAttributes([{ key: ProcedureCode, value: this.state.procedureCode }]);
      wf.upsertSearchAttributes([...attributes]);
      return;
    }
    // Since "lean-history": one upsert with only the attributes this run has not set to that value.
    const changed = [
      ...(withProcedure ? [{ key: ProcedureCode, value: this.state.procedureCode }] : []),
      ...attributes,
    ].filter(({ key, value }) => {
      const json = JSON.stringify(value);
      if (this.published.get(key.name) === json) return false;
      this.published.set(key.name, json);
      return true;
    });
    if (changed.length > 0) wf.upsertSearchAttributes(changed);
  }

  /** Adds an entry to the timeline and records it (read model, audit, who is told: notification-rules). */
  async record(
    action: string,
    actor: ActorRef | null,
    note: string | null,
    extra: { stage?: Stage; form?: Record<string, unknown>; context?: CaseContext } = {},
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
    this.lastRecorded = await recordEvent(this.lastRecorded, {
      state: this.snapshot(),
      entry,
      extra,
      notifications: notificationsFor(action, this.state),
      repair: { form: this.input.form, context: this.ctx },
    });
    this.recorded = entry.seq;
  }

  /**
   * An Update's answer: since patch "lean-history" where the case stands (the read model has
   * every event up to `version`), before it the whole case.
   */
  private answer(): CaseAnswer {
    if (!wf.patched(LEAN_PATCH)) return this.snapshot();
    const { code, stage } = this.state;
    return { code, version: this.recorded, stage };
  }

  protected snapshot(): CaseState {
    return JSON.parse(JSON.stringify(this.state)) as CaseState;
  }

  // ---------------------------------------------------------------------------------------------
  // Documents

  protected content(extra: Omit<DocumentContent, 'issuedAt' | 'stage'>): DocumentContent {
    return { issuedAt: iso(now()), stage: this.state.stage, ...extra };
  }

  /** The activity's input for a document of the case, dated now. */
  private issueInput({ content, ...rest }: DocumentSpec): IssueDocumentInput {
    return { caseCode: this.state.code, ...rest, content: this.content(content) };
  }

  /** Issues a document of the case and adds it to the dossier. */
  async issue(doc: DocumentSpec, via: Via = interactive): Promise<DocumentRef> {
    const issued = await via.issueDocument(this.issueInput(doc));
    this.state.documents.push(issued);
    return issued;
  }

  /** Receivers act without a PIN: the desk's seal signs on their behalf unless they gave one. */
  protected receiverSigner(req: ActionRequest, actor: ActorRef): SignerRef {
    return req.signingGrant
      ? { kind: 'official', actor, grant: req.signingGrant }
      : { kind: 'seal', unitCode: this.ctx.ward.code, onBehalfOf: actor };
  }

  /**
   * The approver's signatures of an approval: the control-sheet row, then the document `spec`
   * describes (decision, refusal), if any, which joins the dossier. With a PIN's grant, as two
   * activities; through a remote signing service or a token, as one awaited step
   * (workflows/signing-step.ts).
   */
  protected async officialSigns(
    item: Queued & { kind: 'act' },
    outcome: string,
    spec: DocumentSpec | null,
  ): Promise<void> {
    const issue = spec ? () => this.issueInput(spec) : null;
    const issued = await this.signsAndIssues(item, outcome, issue);
    if (spec) this.state.documents.push(issued as DocumentRef);
  }

  private async signsAndIssues(
    item: Queued & { kind: 'act' },
    outcome: string,
    issue: (() => IssueDocumentInput) | null,
  ): Promise<DocumentRef | null> {
    const { req } = item;
    const method = awaitedMethod(req);
    if (!method || !wf.patched(AWAITED_SIGNATURE_PATCH)) {
      const signer: SignerRef = {
        kind: 'official',
        actor: actorRef(req.actor),
        grant: req.signingGrant ?? '',
      };
      await this.signControlSheet(signer, outcome, req.note);
      return issue ? interactive.issueDocument(issue()) : null;
    }
    const row = this.controlSheetStep(outcome, req.note);
    const jobs: AwaitedJob[] = [];
    if (this.controlSheet && row) {
      const key = `control-sheet-step-${row.step}`;
      jobs.push({ kind: 'row', documentId: this.controlSheet.id, key, row });
    }
    const doc = issue?.();
    if (doc) jobs.push({ kind: 'issue', issue: doc });
    const host = {
      state: this.state,
      record: (action: string, actor: ActorRef, note: string | null) =>
        this.record(action, actor, note),
      answerNow: () => this.inbox.answer(item, null),
    };
    const action = req.action === 'reject' ? 'reject' : 'approve';
    const signed = await awaitedSignature(host, {
      key: `signature-${item.id}`,
      method,
      action,
      official: actorRef(req.actor),
      jobs,
    });
    if (jobs[0]?.kind === 'row') this.replaceSheet(signed.shift() as DocumentRef);
    return doc ? (signed[0] ?? null) : null;
  }

  private replaceSheet(sheet: DocumentRef): void {
    this.controlSheet = sheet;
    this.state.documents = this.state.documents.map((d) => (d.id === sheet.id ? sheet : d));
  }

  /** The control sheet row of the current stage, signed by the official who finished it. */
  protected async signControlSheet(
    signer: SignerRef,
    outcome: string,
    note?: string,
    via: keyof typeof VIA = 'interactive',
  ): Promise<void> {
    const sheet = this.controlSheet;
    const row = this.controlSheetStep(outcome, note);
    if (!sheet || !row) return;
    const key = `control-sheet-step-${row.step}`;
    const caseCode = this.state.code;
    this.replaceSheet(
      await VIA[via].signControlSheet({ caseCode, key, documentId: sheet.id, signer, row }),
    );
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
   * Row 1: the desk hands the dossier to the first level; row k + 2: level k hands it on (the last
   * level hands the result back to the desk); the last row: the desk hands it to the applicant.
   */
  private controlSheetRow(): number {
    if (this.state.stage === 'VERIFICATION') return 1;
    if (this.state.stage === 'RESULT_READY') return this.ctx.procedure.chain.length + 2;
    return this.state.chainIndex + 2;
  }

  /**
   * At handover the decision and the completed control sheet are sealed for the archive (PAdES
   * B-LTA: validation data and a document time-stamp), so that they verify for decades.
   */
  protected async sealArchive(via: keyof typeof VIA = 'interactive'): Promise<void> {
    if (!wf.patched('ltv-seal-archive')) return;
    const ids = this.state.documents
      .filter((d) => d.kind === 'DECISION' || d.kind === 'CONTROL_SHEET')
      .map((d) => d.id);
    if (ids.length === 0) return;
    const sealed = await VIA[via].sealArchive({ caseCode: this.state.code, documentIds: ids });
    const byId = new Map(sealed.map((d) => [d.id, d]));
    this.state.documents = this.state.documents.map((d) => byId.get(d.id) ?? d);
    if (this.controlSheet) this.controlSheet = byId.get(this.controlSheet.id) ?? this.controlSheet;
  }
}
