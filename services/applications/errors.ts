/**
 * Typed errors of the application services. `code` is one of the contract's error codes
 * (API.md "Errors") and `say` a message of the catalogue (contract/messages.ts), so the API's
 * error middleware maps an `ApplicationError` one to one: `new ApiError(err.code, err.say,
 * err.details)`, rendered in the caller's language.
 */
import { render, say, type Message } from '../../contract/messages';
import type { FieldProblem } from '../../contract/problems';
import { ERROR_STATUS, type ErrorCode } from '../../domain/errors';
import { isDependencyFailure } from '../../runtime/outages';

export type ApplicationErrorCode = Extract<
  ErrorCode,
  /** 400: `details` lists every bad field as `{ field, message }`. */
  | 'VALIDATION_FAILED'
  /** 400: the signature value does not verify, or the signed form does not validate. */
  | 'SIGNATURE_INVALID'
  /** 403: the development CA is off (production). */
  | 'FORBIDDEN'
  /** 404: no such application, or it expired (`details.reason: 'EXPIRED'`). */
  | 'NOT_FOUND'
  /** 409: the application was already submitted, or another request is submitting it. */
  | 'WRONG_STAGE'
  /** 409: an `Idempotency-Key` reused with a different request. */
  | 'IDEMPOTENCY_CONFLICT'
  /** 413: an attachment over 10 MB. */
  | 'TOO_LARGE'
  /** 415: an attachment that is not a PDF, JPEG or PNG (by its bytes). */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** 503: Temporal or MongoDB cannot be reached; the request can be repeated. */
  | 'DEPENDENCY_UNAVAILABLE'
>;

export type { FieldProblem };

export class ApplicationError extends Error {
  override readonly name = 'ApplicationError';
  constructor(
    readonly code: ApplicationErrorCode,
    /** What the applicant is told (the catalogue renders it in their language). */
    readonly say: Message,
    /** `FieldProblem[]` for the field-level codes; a small object otherwise. */
    readonly details?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(render(say, 'en'));
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** Without a stack trace, for logs. */
  toJSON(): { name: string; code: ApplicationErrorCode; message: string; details?: unknown } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

export function isApplicationError(
  err: unknown,
  code?: ApplicationErrorCode,
): err is ApplicationError {
  return err instanceof ApplicationError && (code === undefined || err.code === code);
}

export function validationFailed(problems: FieldProblem[]): ApplicationError {
  return new ApplicationError(
    'VALIDATION_FAILED',
    say('error.VALIDATION_FAILED', { count: problems.length }),
    problems,
  );
}

/** Turns an unreachable Temporal or MongoDB into `DEPENDENCY_UNAVAILABLE`; anything else as is. */
export function asApplicationError(err: unknown, what: 'database' | 'caseEngine'): unknown {
  if (err instanceof ApplicationError) return err;
  if (isDependencyFailure(err)) {
    return new ApplicationError(
      'DEPENDENCY_UNAVAILABLE',
      say(what === 'database' ? 'dependency.database' : 'dependency.caseEngine'),
    );
  }
  return err;
}
