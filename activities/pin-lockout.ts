/**
 * The wrong-PIN lockout of officials' signing keys (API.md: 401 BAD_PIN, then 423 LOCKED after 5
 * wrong PINs in a row), shared by every API replica and the worker through MongoDB.
 *
 * Reserve, then verify: an attempt is counted (a slot of models/attempts.ts claimed by a unique
 * insert) before the PIN is checked. Five slots per generation, so at most five guesses are ever
 * checked however many arrive at once, and once the five are taken every further attempt is
 * LOCKED without looking at its PIN, even the right one. A right PIN starts a new generation
 * (the count starts again, as "in a row" says); so does an administrator's unlock.
 */
import { MAX_PIN_ATTEMPTS } from '../signing';
import {
  claimFirstFree,
  generationOf,
  releaseSlot,
  settleSlot,
  slotAt,
  startNewGeneration,
  type Slot,
} from '../models/attempts';

const bucketOf = (officialId: string): string => `pin:${officialId}`;

/**
 * Counts an attempt before its PIN is checked; null: the key is locked. When every place is taken
 * but some by checks still running (the official signs several cases at once), it waits for them
 * (up to 10 s): wrong ones keep their places (then null), a right one starts the count again.
 */
export async function reservePinAttempt(
  officialId: string,
  now = new Date(),
): Promise<Slot | null> {
  // Kept until a right PIN or an unlock ends the generation: a lock lasts until then.
  const claim = () => claimFirstFree(bucketOf(officialId), MAX_PIN_ATTEMPTS, now, null);
  let slot = await claim();
  for (let wait = 0; !slot && wait < 50 && !(await pinLockedForGood(officialId)); wait++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    slot = await claim();
  }
  return slot;
}

/** Wrong PINs left after the attempt in `slot` was wrong. */
export const attemptsRemainingAfter = (slot: Slot): number =>
  Math.max(0, MAX_PIN_ATTEMPTS - slot.n);

/** The reserved attempt's PIN was wrong: it stays counted. */
export async function recordWrongPin(slot: Slot): Promise<void> {
  await settleSlot(slot, 'WRONG');
}

/** The reserved attempt's PIN was right: the count starts again. */
export async function recordRightPin(slot: Slot): Promise<void> {
  await settleSlot(slot, 'RIGHT');
  await startNewGeneration(slot.bucket, slot.generation);
}

/** The PIN was never checked (the server failed first): the attempt is not counted. */
export async function releasePinAttempt(slot: Slot): Promise<void> {
  await releaseSlot(slot);
}

/** Wrong PINs counted in a row (or being checked now), and whether the key is locked. */
export async function pinLockState(
  officialId: string,
): Promise<{ failedAttempts: number; locked: boolean }> {
  const bucket = bucketOf(officialId);
  const { generation } = await generationOf(bucket);
  let failedAttempts = 0;
  for (let n = 1; n <= MAX_PIN_ATTEMPTS; n++) {
    if (await slotAt(bucket, generation, n)) failedAttempts++;
  }
  return { failedAttempts, locked: failedAttempts >= MAX_PIN_ATTEMPTS };
}

/**
 * Whether every attempt of the current count was a wrong PIN (the key is locked), rather than
 * some still being checked or a right one about to start the count again.
 */
async function pinLockedForGood(officialId: string): Promise<boolean> {
  const bucket = bucketOf(officialId);
  const { generation } = await generationOf(bucket);
  for (let n = 1; n <= MAX_PIN_ATTEMPTS; n++) {
    if ((await slotAt(bucket, generation, n))?.outcome !== 'WRONG') return false;
  }
  return true;
}

/** An administrator's unlock: the count starts again. */
export async function clearPinLockout(officialId: string): Promise<void> {
  const bucket = bucketOf(officialId);
  await startNewGeneration(bucket, (await generationOf(bucket)).generation);
}
