/**
 * caseWorkflow: one dossier through the one-stop chain.
 *
 *   VERIFICATION ─► (SUPPLEMENT_REQUESTED ─► VERIFICATION)* ─► one approval stage per level of the
 *   procedure's chain (WARD_APPROVAL, DEPARTMENT_APPROVAL) ─► RESULT_READY ─► COMPLETED,
 *   or CLOSED with REFUSED / REJECTED / WITHDRAWN / EXPIRED.
 *
 * The requests wait in the inbox (workflows/inbox.ts), the deadlines run while the chain waits
 * (workflows/deadlines.ts), who is told what comes from domain/notification-rules.ts, and every
 * step is recorded by one activity (workflows/bookkeeping.ts). A long case continues as new at a
 * quiet moment with its state carried over (workflows/continuation.ts).
 *
 * Deterministic: no I/O, no wall clock (workflow time only), no randomness.
 */
import * as wf from '@temporalio/workflow';
import type { SignerRef } from '../activities/types';
import type { ChainLevel, Outcome } from '../domain/types';
import { APPROVAL_STAGE } from '../domain/types';
import type { ActionRequest } from './messages';
import { CaseRun, iso, now, type DocumentSpec } from './case-run';
import { startCaseClock } from './case-clock';
import type { Queued } from './inbox';
import { LEAN_PATCH } from './lean-history';
import { interactive, lookup } from './proxies';
import { actorRef, type ActorRef, type CaseInput, type CaseResult } from './state';

export async function caseWorkflow(input: CaseInput): Promise<CaseResult> {
  startCaseClock(input.carried?.clock ?? input.clock);
  // Handlers first, so that no message is turned away while the context loads.
  const run = new CaseChain(input);
  run.installHandlers();
  if (input.carried) run.resume(input.carried);
  else {
    const { procedureCode, wardCode, applicant, form } = input;
    // Since "lean-history": only what the workflow reads comes back, and an application the
    // submission already checked is not sent to be checked again.
    const lean = wf.patched(LEAN_PATCH);
    const check = lean && input.formStored ? {} : { applicant, form };
    run.load(
      await lookup.loadCaseContext({
        procedureCode,
        wardCode,
        ...check,
        ...(lean ? { lean: true } : {}),
      }),
    );
  }
  return run.run();
}

/** The chain itself; the bookkeeping, documents and messages are in CaseRun. */
class CaseChain extends CaseRun {
  async run(): Promise<CaseResult> {
    this.publishSearchAttributes(true);
    if (!this.input.carried) {
      const { form, formStored } = this.input;
      // Since "lean-history" the bookkeeping takes the procedure and the units from the catalogue,
      // and the form from the case record when the submission stored it there.
      if (wf.patched(LEAN_PATCH))
        await this.record('submit', null, null, formStored ? {} : { form });
      else await this.record('submit', null, null, { form, context: this.ctx });
    }
    const { chain } = this.ctx.procedure;
    if (await this.verification()) {
      let approved = true;
      const from = this.state.stage === 'RESULT_READY' ? chain.length : this.state.chainIndex;
      for (let i = from; i < chain.length && approved; i++) approved = await this.approval(i);
      if (approved) await this.resultReady();
    }
    this.endInbox();
    await wf.condition(wf.allHandlersFinished);
    const { code, stage, outcome, completedAt, onTime } = this.state;
    return { code, stage, outcome, completedAt, onTime };
  }

  /** VERIFICATION, with supplement rounds. True when the dossier was accepted. */
  private async verification(): Promise<boolean> {
    for (;;) {
      const { stage } = this.state;
      if (stage !== 'VERIFICATION' && stage !== 'SUPPLEMENT_REQUESTED') return true;
      if (stage === 'SUPPLEMENT_REQUESTED') {
        // The applicant answers, withdraws, or the case expires.
        const answer = await this.inbox.next(['supplement', 'withdraw', 'expired']);
        if (answer.kind === 'withdraw') return this.withdraw(answer);
        if (answer.kind === 'expired')
          return this.close('EXPIRED', 'expire', null, 'Quá hạn bổ sung hồ sơ');
        if (answer.kind !== 'supplement') continue;
        this.enterStage('VERIFICATION');
        this.state.supplement = null;
        // The files of the answer, stored by the API before it sent the update, join the dossier.
        if (wf.patched('supplement-documents')) {
          for (const d of answer.req.documents ?? []) {
            if (!this.state.documents.some((x) => x.id === d.id)) this.state.documents.push(d);
          }
        }
        await this.record('provide_supplement', null, answer.req.note ?? null);
        this.inbox.answer(answer, null);
      }
      const item = await this.inbox.next(['act', 'withdraw']);
      if (item.kind === 'withdraw') return this.withdraw(item);
      if (item.kind !== 'act') continue;
      const { req } = item;
      const actor = actorRef(req.actor);
      const ok = await this.inbox.attempt(item, async () => {
        if (req.action === 'accept') await this.accept(req, actor);
        else if (req.action === 'refuse') await this.refuse(req, actor);
        else await this.requestSupplement(req, actor);
      });
      if (ok && req.action === 'accept') return true;
      if (ok && req.action === 'refuse') return false;
    }
  }

  /** One approval level. True when approved. */
  private async approval(index: number): Promise<boolean> {
    const level = this.ctx.procedure.chain[index] as ChainLevel;
    const last = index === this.ctx.procedure.chain.length - 1;
    for (;;) {
      const item = await this.inbox.next(['act', 'withdraw']);
      if (item.kind === 'withdraw') return this.withdraw(item);
      if (item.kind !== 'act') continue;
      const { req } = item;
      const actor = actorRef(req.actor);
      const signer: SignerRef = { kind: 'official', actor, grant: req.signingGrant ?? '' };
      const approve = req.action === 'approve';
      const ok = await this.inbox.attempt(item, async () => {
        if (!approve) {
          const key = `refusal-${this.state.stage}-${item.id}`;
          const content = { reason: req.reason, official: actor };
          const doc: DocumentSpec = { key, kind: 'REFUSAL', content, signers: [signer] };
          await this.officialSigns(item, 'Không phê duyệt', doc);
          await this.close('REJECTED', 'reject', actor, req.reason ?? null);
          return;
        }
        if (last) {
          const seal: SignerRef = { kind: 'seal', unitCode: this.state.stageUnitCode };
          const content = { note: req.note, official: actor };
          const doc: DocumentSpec = {
            key: `decision-${item.id}`,
            kind: 'DECISION',
            content,
            signers: [signer, seal],
          };
          await this.officialSigns(item, 'Phê duyệt', doc);
          this.state.resultReadyAt = iso(now());
          this.state.onTime = now() <= new Date(this.state.originalDueAt);
          this.state.outcome = 'APPROVED';
          this.enterStage('RESULT_READY');
        } else {
          await this.officialSigns(item, 'Phê duyệt', null);
          this.enterApproval(index + 1);
        }
        await this.record('approve', actor, req.note ?? null, { stage: APPROVAL_STAGE[level] });
      });
      if (ok) return approve;
    }
  }

  /** RESULT_READY until the desk hands the result over or the applicant collects it online. */
  private async resultReady(): Promise<void> {
    for (;;) {
      const item = await this.inbox.next(['act', 'collected']);
      if (item.kind === 'collected') {
        // Collected online: the desk's seal closes the control sheet's last row.
        const note =
          item.req.by === 'APPLICANT_DOWNLOAD' ? 'Người nộp tải kết quả trực tuyến' : null;
        const seal: SignerRef = { kind: 'seal', unitCode: this.ctx.ward.code };
        await this.handOver(seal, null, note, 'background');
        return;
      }
      if (item.kind !== 'act') continue;
      const actor = actorRef(item.req.actor);
      const signer = this.receiverSigner(item.req, actor);
      const ok = await this.inbox.attempt(item, () =>
        this.handOver(signer, actor, item.req.note ?? null, 'interactive'),
      );
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
    const { code } = this.state;
    const receipt = await interactive.issueDocument({
      caseCode: code,
      key: `receipt-${this.state.supplementRounds}`,
      kind: 'RECEIPT',
      content,
      signers: [{ kind: 'seal', unitCode: this.ctx.ward.code, onBehalfOf: actor }],
    });
    this.controlSheet = await interactive.issueDocument({
      caseCode: code,
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
    await this.record('accept', actor, req.note ?? null, { stage: 'VERIFICATION' });
  }

  private async refuse(req: ActionRequest, actor: ActorRef): Promise<void> {
    await this.issue({
      key: `refusal-VERIFICATION-${this.state.supplementRounds}`,
      kind: 'REFUSAL',
      content: { reason: req.reason, official: actor },
      signers: [this.receiverSigner(req, actor)],
    });
    await this.close('REFUSED', 'refuse', actor, req.reason ?? null);
  }

  private async requestSupplement(req: ActionRequest, actor: ActorRef): Promise<void> {
    const requestedAt = now();
    const answerBy = iso(
      this.cal.addWorkingDays(requestedAt, this.ctx.procedure.sla.supplementLimit),
    );
    const round = this.state.supplementRounds + 1;
    const { note, reason, missingDocuments } = req;
    await this.issue({
      key: `supplement-request-${round}`,
      kind: 'SUPPLEMENT_REQUEST',
      content: { note, reason, missingDocuments, answerBy, official: actor },
      signers: [this.receiverSigner(req, actor)],
    });
    this.state.supplementRounds = round;
    this.state.supplement = {
      requestedAt: iso(requestedAt),
      missingDocuments: missingDocuments ?? [],
      note: note ?? null,
      dueAt: answerBy,
    };
    this.enterStage('SUPPLEMENT_REQUESTED');
    await this.record('request_supplement', actor, note ?? null, { stage: 'VERIFICATION' });
  }

  private async withdraw(item: Queued & { kind: 'withdraw' }): Promise<false> {
    await this.close('WITHDRAWN', 'withdraw', null, item.req.reason);
    this.inbox.answer(item, null);
    return false;
  }

  private async close(
    outcome: Outcome,
    action: string,
    actor: ActorRef | null,
    note: string | null,
  ): Promise<false> {
    const stage = this.state.stage;
    this.state.outcome = outcome;
    this.state.completedAt = iso(now());
    this.enterStage('CLOSED');
    await this.record(action, actor, note, { stage });
    return false;
  }

  /** The control sheet's last row, the archive's seal, then COMPLETED. */
  private async handOver(
    signer: SignerRef,
    actor: ActorRef | null,
    note: string | null,
    via: 'interactive' | 'background',
  ): Promise<void> {
    await this.signControlSheet(signer, 'Trả kết quả', note ?? undefined, via);
    await this.sealArchive(via);
    this.state.completedAt = iso(now());
    this.enterStage('COMPLETED');
    await this.record('handover', actor, note, { stage: 'RESULT_READY' });
  }
}
