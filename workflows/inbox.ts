/**
 * The case's inbox: officials' and applicants' requests (Workflow Updates and signals) wait here
 * until the chain takes them, in arrival order, re-checked against the case as it is by then; each
 * Update is answered once its request has been handled (or refused). While the chain waits, the
 * stage's deadline events fire in between (workflows/deadlines.ts).
 *
 * Deterministic: workflow conditions and timers only.
 */
import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { render, say } from '../contract/messages';
import type {
  ActionRequest,
  ReassignRequest,
  ResultCollected,
  SupplementRequestAnswer,
  WithdrawRequest,
} from './messages';
import { caseNow } from './case-clock';
import { SignatureNotGiven } from './signing-step';
import type { Refusal } from './validation';

export type Queued =
  | { id: number; kind: 'act'; req: ActionRequest }
  | { id: number; kind: 'supplement'; req: SupplementRequestAnswer }
  | { id: number; kind: 'withdraw'; req: WithdrawRequest }
  | { id: number; kind: 'reassign'; req: ReassignRequest }
  | { id: number; kind: 'collected'; req: ResultCollected }
  | { id: number; kind: 'expired' };

/** A request before it gets its id. */
export type NewRequest = Queued extends infer Q
  ? Q extends Queued
    ? Omit<Q, 'id'>
    : never
  : never;

/** A deadline event: when it falls due, and what it does (it may hand the chain a request). */
export interface Timer {
  at: Date;
  fire: () => Promise<Queued | null>;
}

/** What the inbox asks of the case. */
export interface InboxRules {
  /** The request checked against the case now: a refusal, a duplicate, or null to go ahead. */
  recheck(item: Queued): Refusal | 'duplicate' | null;
  /** The refusal of a request the current stage does not take. */
  notNow(): Refusal;
  /** Handles a reassignment in passing (it answers the request itself). */
  reassign(item: Queued & { kind: 'reassign' }): Promise<void>;
  nextTimer(): Timer | null;
  /** Changes whenever a pending timer must be recomputed (new calendar, moved case clock). */
  timerRevision(): number;
  /** Called when the chain is about to wait with nothing queued (continue-as-new may happen). */
  idle(): Promise<void>;
}

/** The refusal as a failure: its English text as the message, the catalogue message in details. */
export function refusalFailure(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: r.type,
    message: render(r.message, 'en'),
    details: [r.message],
    nonRetryable: true,
  });
}

export class Inbox {
  private readonly queue: Queued[] = [];
  private readonly answers = new Map<number, Refusal | null>();

  /** `nextId` carries on from a previous run (continue-as-new): document keys contain ids. */
  constructor(
    private readonly rules: InboxRules,
    private nextId = 1,
  ) {}

  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** The id the next request will get (carried over a continue-as-new). */
  get idsFrom(): number {
    return this.nextId;
  }

  /** Queues a signal's request (nobody waits for an answer). */
  push(item: NewRequest): void {
    this.queue.push({ ...item, id: this.nextId++ } as Queued);
  }

  /** Queues an Update's request and, once it has been handled, answers `reply()`; a refusal throws. */
  async enqueue<T>(item: NewRequest, reply: () => T): Promise<T> {
    const id = this.nextId++;
    this.queue.push({ ...item, id } as Queued);
    await wf.condition(() => this.answers.has(id));
    const refusal = this.answers.get(id);
    this.answers.delete(id);
    if (refusal) throw refusalFailure(refusal);
    return reply();
  }

  answer(item: Queued, refusal: Refusal | null): void {
    if (item.kind !== 'collected' && item.kind !== 'expired') this.answers.set(item.id, refusal);
  }

  /** Runs a step for a queued action; a failure answers the caller and leaves the stage as it was. */
  async attempt(item: Queued, step: () => Promise<void>): Promise<boolean> {
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
   * Waits for the next request of one of `kinds` (re-checked against the current state), running
   * the stage's deadline events as they fall due. Reassignments are handled here, in passing.
   */
  async next(kinds: Array<Queued['kind']>): Promise<Queued> {
    for (;;) {
      while (this.queue.length > 0) {
        const item = this.queue.shift() as Queued;
        if (item.kind === 'reassign') {
          await this.rules.reassign(item);
          continue;
        }
        const refusal = this.rules.recheck(item);
        if (refusal === 'duplicate') this.answer(item, null);
        else if (refusal) this.answer(item, refusal);
        else if (kinds.includes(item.kind)) return item;
        else this.answer(item, this.rules.notNow());
      }
      await this.rules.idle();
      const timer = this.rules.nextTimer();
      const waitMs = timer ? timer.at.getTime() - caseNow().getTime() : null;
      if (waitMs === null) {
        await wf.condition(() => this.queue.length > 0);
        continue;
      }
      const revision = this.rules.timerRevision();
      const woken = () => this.queue.length > 0 || this.rules.timerRevision() !== revision;
      if (waitMs > 0 && (await wf.condition(woken, waitMs))) continue;
      const fired = await (timer as Timer).fire();
      if (fired && kinds.includes(fired.kind)) return fired;
    }
  }

  /** Answers whatever is still queued once the case has ended. */
  drain(ended: Refusal): void {
    for (const item of this.queue.splice(0)) {
      const refusal = this.rules.recheck(item);
      this.answer(item, refusal === 'duplicate' ? null : (refusal ?? ended));
    }
  }
}
