/** Who is calling: the official behind a bearer token, loaded fresh on every request. */
import type { Request } from 'express';
import { OfficialModel, type OfficialDoc } from '../../models/official';
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
  const official = claims ? await OfficialModel.findById(claims.sub).lean() : null;
  if (!official?.active) {
    throw new ApiError('UNAUTHENTICATED', say('auth.expired'));
  }
  return official;
}
