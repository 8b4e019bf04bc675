/**
 * A request budget per client address for the costly public routes (certificates, rendering,
 * verification): a fixed window per address, in this process. The budget protects this process's
 * CPU, so counting per process is the point: N replicas have N times the CPU. Sign-in failures are
 * limited elsewhere, shared by every replica (api/auth/sign-in-limits.ts).
 *
 * Memory stays bounded under a flood of addresses without forgetting everyone at once: when full,
 * the oldest windows make room, one per new address (a Map keeps insertion order, and a window is
 * re-inserted when it starts, so the oldest are the expired ones first).
 */
import type { RequestHandler } from 'express';
import { say } from '../contract/messages';
import { clientAddress } from './client-address';
import { ApiError } from './errors';

export const MAX_TRACKED_ADDRESSES = 10_000;

export function rateLimit(options: {
  windowMs: number;
  max: number;
  maxAddresses?: number;
}): RequestHandler {
  const capacity = options.maxAddresses ?? MAX_TRACKED_ADDRESSES;
  const windows = new Map<string, { start: number; count: number }>();

  /** Drops the oldest windows (expired ones are among them) until there is room for one more. */
  function makeRoom(): void {
    for (const key of windows.keys()) {
      if (windows.size < capacity) return;
      windows.delete(key);
    }
  }

  return (req, res, next) => {
    const now = Date.now();
    const client = clientAddress(req);
    let w = windows.get(client);
    if (!w || now - w.start >= options.windowMs) {
      windows.delete(client);
      if (windows.size >= capacity) makeRoom();
      w = { start: now, count: 0 };
      windows.set(client, w);
    }
    w.count++;
    if (w.count > options.max) {
      const seconds = Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000));
      res.setHeader('Retry-After', String(seconds));
      next(
        new ApiError('RATE_LIMITED', say('error.RATE_LIMITED', { seconds }), {
          retryAfterSeconds: seconds,
        }),
      );
      return;
    }
    next();
  };
}
