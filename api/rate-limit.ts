/**
 * A small fixed-window rate limit per client address (one process; behind several API replicas
 * each counts on its own, which is good enough for shedding abuse of costly public routes).
 */
import type { RequestHandler } from 'express';
import { say } from '../contract/messages';
import { ApiError } from './errors';

export function rateLimit(options: { windowMs: number; max: number }): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    const now = Date.now();
    const client = req.ip ?? 'unknown';
    let w = windows.get(client);
    if (!w || now - w.start >= options.windowMs) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under a flood of addresses
      w = { start: now, count: 0 };
      windows.set(client, w);
    }
    w.count++;
    if (w.count > options.max) {
      const retryAfter = Math.ceil((w.start + options.windowMs - now) / 1000);
      res.setHeader('Retry-After', String(retryAfter));
      next(
        new ApiError('RATE_LIMITED', say('error.RATE_LIMITED', { seconds: retryAfter }), {
          retryAfterSeconds: retryAfter,
        }),
      );
      return;
    }
    next();
  };
}
