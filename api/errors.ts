/**
 * The error vocabulary of the HTTP contract (API.md "Errors") and the one middleware that turns
 * anything thrown into `{"error": {"code", "message", "details"}}` — never a stack trace.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../runtime/logger';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'BAD_PIN'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'WRONG_STAGE'
  | 'IDEMPOTENCY_CONFLICT'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'LOCKED'
  | 'RATE_LIMITED'
  | 'SIGNATURE_INVALID'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  SIGNATURE_INVALID: 400,
  UNAUTHENTICATED: 401,
  BAD_PIN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  WRONG_STAGE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  RATE_LIMITED: 429,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
};

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
    return STATUS[this.code];
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

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
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
