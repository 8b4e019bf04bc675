/**
 * The awaited signature: when an official signs through a remote signing service (they confirm
 * on their phone) or a token (their browser signs through the vendor's plugin), the case waits
 * for the signature durably, as a step of the workflow:
 *
 *   begin      one activity prepares every document of the action (the control-sheet row, the
 *              decision or the refusal) and asks the signer once; a retry finds what it did
 *   pending    the official's update is answered at once with the case showing the pending
 *              signature; a heartbeating activity polls the signer with the persisted ticket
 *   confirmed  an activity completes and stores the documents (once per step key), then the
 *              approval goes on as with a PIN
 *   refused / expired / cancelled
 *              the case stays where it was, the timeline says why (Vietnamese), and the official
 *              may sign again, with the same method or another
 *
 * A crash at any point gives exactly one signature: the transaction and the prepared PDFs are
 * kept per (case, key) by the activities, the documents stored under their step keys. Reached
 * only through `wf.patched(AWAITED_SIGNATURE_PATCH)`; histories from before never take it.
 */
import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type {
  AwaitedJob,
  AwaitedSignatureActivities,
  AwaitedSignatureStatus,
} from '../activities/types';
import {
  signatureSettledUpdate,
  type ActionRequest,
  type AwaitedSigningMethod,
  type CaseAnswer,
} from './messages';
import type { ActorRef, CaseState, DocumentRef, PendingSignatureView } from './state';

export const AWAITED_SIGNATURE_PATCH = 'awaited-signature';

/** Preparing and asking: a few tries; a missing key or template fails the action at once. */
const begin = wf.proxyActivities<AwaitedSignatureActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['KEY_UNAVAILABLE', 'TEMPLATE_ERROR', 'NOT_FOUND'],
  },
});
/** Waiting for the person: long, heartbeating, resumed on another worker after a crash. */
const waiting = wf.proxyActivities<AwaitedSignatureActivities>({
  startToCloseTimeout: '40 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
    nonRetryableErrorTypes: ['KEY_UNAVAILABLE', 'NOT_FOUND'],
  },
});
/** The signature is there: keep trying to store the documents. */
const completing = wf.proxyActivities<AwaitedSignatureActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 30,
    nonRetryableErrorTypes: ['NOT_FOUND', 'TEMPLATE_ERROR'],
  },
});

/** The signature was not given: the action ends, the case stays where it was. */
export class SignatureNotGiven extends Error {
  override readonly name = 'SignatureNotGiven';
  constructor(
    message: string,
    /** Whether the official's update was already answered (with the pending signature). */
    readonly answered: boolean,
  ) {
    super(message);
  }
}

/** The method of an action that is signed through an awaited step, or null. */
export function awaitedMethod(req: ActionRequest): AwaitedSigningMethod | null {
  return req.signingMethod === 'REMOTE' || req.signingMethod === 'TOKEN' ? req.signingMethod : null;
}

/** What the step needs of the case run. */
export interface SigningHost {
  readonly state: CaseState;
  record(action: string, actor: ActorRef, note: string | null): Promise<void>;
  /** Answers the official's update now, with the case as it is. */
  answerNow(): void;
}

const now = (): string => new Date().toISOString();

const TIMELINE_ACTION: Record<
  Exclude<AwaitedSignatureStatus['status'], 'SIGNED' | 'PENDING'>,
  string
> = {
  REFUSED: 'signature_refused',
  EXPIRED: 'signature_expired',
  CANCELLED: 'signature_cancelled',
};

/**
 * Signs `jobs` with the official's awaited signature (one confirmation) and answers the stored
 * documents in job order; throws {@link SignatureNotGiven} when no signature came.
 */
export async function awaitedSignature(
  host: SigningHost,
  input: {
    key: string;
    method: AwaitedSigningMethod;
    action: 'approve' | 'reject';
    official: ActorRef;
    jobs: AwaitedJob[];
  },
): Promise<DocumentRef[]> {
  const { state } = host;
  const step = { caseCode: state.code, key: input.key };
  let answered = false;
  const view = (
    s: AwaitedSignatureStatus,
    status: PendingSignatureView['status'],
  ): PendingSignatureView => ({
    key: input.key,
    method: input.method,
    status,
    action: input.action,
    official: input.official,
    requestedAt:
      state.pendingSignature?.key === input.key ? state.pendingSignature.requestedAt : now(),
    expiresAt: s.expiresAt,
    message: s.message,
  });

  let status = await begin.beginAwaitedSignature({
    ...step,
    official: input.official,
    jobs: input.jobs,
  });
  if (status.status === 'PENDING') {
    state.pendingSignature = view(status, 'PENDING');
    await host.record('signature_requested', input.official, null);
    host.answerNow();
    answered = true;
    try {
      status = await waiting.awaitSignature(step);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      status = {
        ...status,
        status: 'EXPIRED',
        message: 'Không nhận được trả lời của dịch vụ ký số; hồ sơ vẫn ở bước này, hãy ký lại.',
      };
    }
  }
  if (status.status === 'SIGNED') {
    try {
      const documents = await completing.completeAwaitedSignature(step);
      state.pendingSignature = null;
      return documents;
    } catch (err) {
      if (!(err instanceof ActivityFailure) || !answered) throw err;
      const cause = err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
      status = { ...status, status: 'EXPIRED', message: `Không lưu được văn bản đã ký: ${cause}` };
    }
  }
  const final =
    status.status === 'PENDING' || status.status === 'SIGNED' ? 'EXPIRED' : status.status;
  const message = status.message ?? 'Chưa có chữ ký số.';
  state.pendingSignature = { ...view(status, final), message };
  await host.record(TIMELINE_ACTION[final], input.official, message);
  throw new SignatureNotGiven(message, answered);
}

/**
 * `signatureSettled`: answers once the case no longer waits for a signature and everything it
 * did is recorded (`settled` says so).
 */
export function installSignatureSettled(settled: () => boolean, answer: () => CaseAnswer): void {
  wf.setHandler(signatureSettledUpdate, async () => {
    await wf.condition(settled);
    return answer();
  });
}
