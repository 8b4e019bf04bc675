/**
 * The API's error type (codes and statuses in domain/errors.ts) and the one middleware that turns
 * anything thrown into `{"error": {"code", "message", "details"}}` — never a stack trace.
 */
import type { ErrorRequestHandler } from 'express';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import type { Logger } from '../runtime/logger';

export type { ErrorCode };

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
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
    else {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      apiError = new ApiError('INTERNAL', 'An internal error occurred.');
    }
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: apiError.code, message: apiError.message },
    };
    if (apiError.details !== undefined) body.error.details = apiError.details;
    res.status(apiError.status).json(body);
  };
}
