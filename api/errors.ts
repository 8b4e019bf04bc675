/**
 * The API's error type (codes and statuses in domain/errors.ts) and the one middleware that turns
 * anything thrown into `{"error": {"code", "message", "details"}}` — never a stack trace.
 */
import type { ErrorRequestHandler } from 'express';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import type { Logger } from '../runtime/logger';
import { isDependencyFailure, RETRY_AFTER_SECONDS } from '../runtime/outages';

export type { ErrorCode };

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
    /** Seconds for `Retry-After` (503 always has one; 429 may). */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Errors raised by body parsers and other express middleware carry `type`/`status`. */
function fromExpress(err: { type?: string; status?: number; message?: string }): ApiError | null {
  switch (err.type) {
    case 'entity.too.large':
      return new ApiError('TOO_LARGE', 'The request body is too large.');
    case 'entity.parse.failed':
      return new ApiError('VALIDATION_FAILED', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request encoding.');
    default:
      return null;
  }
}

/**
 * The services' typed errors (ApplicationError, SigningAuthorizationError, PkiAdminError) carry a
 * contract code, a readable message and details: they map one to one.
 */
function fromService(err: unknown): ApiError | null {
  if (!(err instanceof Error)) return null;
  const { code, details } = err as Error & { code?: unknown; details?: unknown };
  if (typeof code !== 'string' || !(code in ERROR_STATUS) || code === 'INTERNAL') return null;
  return new ApiError(code as ErrorCode, err.message, details);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (fromService(err)) apiError = fromService(err)!;
    else if (err && typeof err === 'object' && fromExpress(err)) apiError = fromExpress(err)!;
    else if (isDependencyFailure(err)) {
      // Temporal or MongoDB down or too slow: the client may repeat the request; nothing was done.
      logger.warn({ err, method: req.method, path: req.path }, 'dependency unavailable');
      apiError = new ApiError(
        'DEPENDENCY_UNAVAILABLE',
        'A service this request needs is not available right now; repeat it in a moment.',
      );
    } else {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      apiError = new ApiError('INTERNAL', 'An internal error occurred.');
    }
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: apiError.code, message: apiError.message },
    };
    if (apiError.details !== undefined) body.error.details = apiError.details;
    const retryAfter =
      apiError.retryAfterSeconds ?? (apiError.status === 503 ? RETRY_AFTER_SECONDS : undefined);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(apiError.status).json(body);
  };
}
