/** Who is calling: the official behind a bearer token (a copy at most seconds old: read-cache.ts). */
import type { Request } from 'express';
import type { OfficialDoc } from '../../models/official';
import { cachedOfficial } from '../read-cache';
import { say } from '../../contract/messages';
import { ApiError } from '../errors';
import { verifyToken } from './tokens';

export function bearerToken(req: Request): string | null {
  const header = req.get('Authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? (match[1] as string) : null;
}

/** The signed-in official, or 401 UNAUTHENTICATED. */
export async function requireOfficial(req: Request, secret: string): Promise<OfficialDoc> {
  const token = bearerToken(req);
  if (!token) throw new ApiError('UNAUTHENTICATED', say('auth.signIn'));
  const claims = verifyToken(token, secret);
  const official = claims ? await cachedOfficial(claims.sub) : null;
  if (!official?.active) {
    throw new ApiError('UNAUTHENTICATED', say('auth.expired'));
  }
  return official;
}
