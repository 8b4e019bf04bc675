/**
 * Limits on failed sign-ins, shared by every API replica through MongoDB (models/attempts.ts):
 *
 * - per account, growing delays: 5 failures a minute, 10 in 15 minutes, 30 a day (each window
 *   starting with its first failure). An attacker can slow an account down, never lock it for
 *   good: each window ends, and a right password (when one gets through) starts the count again.
 * - per client address (api/client-address.ts, behind the proxies of TRUST_PROXY): 30 failures in
 *   15 minutes, whichever accounts they were for.
 *
 * Reserve, then verify: a sign-in claims a slot in each of these windows before its password is
 * checked, so that a burst of concurrent guesses cannot outrun the count. A right password gives
 * its slots back: successes never count (a ward office of 50 officials behind one address signs
 * in every morning).
 */
import { say } from '../../contract/messages';
import {
  claimInWindow,
  generationOf,
  releaseSlot,
  settleSlot,
  startNewGeneration,
  type Slot,
} from '../../models/attempts';
import { ApiError } from '../errors';

interface Window {
  name: string;
  ms: number;
  max: number;
}

export const ACCOUNT_WINDOWS: readonly Window[] = [
  { name: '1m', ms: 60_000, max: 5 },
  { name: '15m', ms: 15 * 60_000, max: 10 },
  { name: '1d', ms: 24 * 60 * 60_000, max: 30 },
];

export const ADDRESS_WINDOWS: readonly Window[] = [{ name: '15m', ms: 15 * 60_000, max: 30 }];

/** The slots a sign-in holds while its password is checked. */
export interface SignInAttempt {
  account: Slot[];
  address: Slot[];
}

/**
 * Counts a sign-in before its password is checked, or refuses it (429 RATE_LIMITED, Retry-After:
 * when the full window ends) when the account or the address has no failures left.
 */
export async function reserveSignIn(
  username: string,
  address: string,
  now = new Date(),
): Promise<SignInAttempt> {
  const t = now.getTime();
  const held: SignInAttempt = { account: [], address: [] };
  const wanted = [
    ...ACCOUNT_WINDOWS.map((w) => ({ kind: 'account' as const, who: username.toLowerCase(), w })),
    ...ADDRESS_WINDOWS.map((w) => ({ kind: 'address' as const, who: address, w })),
  ];
  for (const { kind, who, w } of wanted) {
    const claimed = await claimInWindow(`sign-in:${kind}:${w.name}:${who}`, w.max, w.ms, now);
    if (!claimed.slot) {
      await giveBack(held);
      const seconds = Math.max(1, Math.ceil((claimed.retryAt.getTime() - t) / 1000));
      throw new ApiError(
        'RATE_LIMITED',
        say('auth.tooManyFailures', { seconds }),
        { retryAfterSeconds: seconds },
        seconds,
      );
    }
    held[kind].push(claimed.slot);
  }
  return held;
}

async function giveBack(attempt: SignInAttempt): Promise<void> {
  await Promise.all([...attempt.account, ...attempt.address].map((s) => releaseSlot(s)));
}

/** The password was wrong: the attempt stays counted. */
export async function signInFailed(attempt: SignInAttempt): Promise<void> {
  await Promise.all([...attempt.account, ...attempt.address].map((s) => settleSlot(s, 'WRONG')));
}

/**
 * The password was right: nothing counts, and the account's windows start again ("in a row").
 * The address's windows do not: an attacker's own account must not wipe the address's count.
 */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  await giveBack(attempt);
  for (const slot of attempt.account) {
    await startNewGeneration(slot.bucket, (await generationOf(slot.bucket)).generation);
  }
}

/** The password was never checked (the server failed first): nothing counts. */
export const signInNotChecked = giveBack;
