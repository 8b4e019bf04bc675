/**
 * The API's error type (codes and statuses in domain/errors.ts) and the one middleware that turns
 * anything thrown into `{"error": {"code", "message", "details"}}` — never a stack trace. Messages
 * come from the catalogue (contract/messages.ts), in the caller's language (Vietnamese unless
 * `Accept-Language` prefers English); field problems are rendered with their field's title.
 */
import type { ErrorRequestHandler } from 'express';
import { languageOf, render, say, type Lang, type Message, isMessage } from '../contract/messages';
import { type FieldProblem, renderProblem } from '../contract/problems';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import type { Logger } from '../runtime/logger';
import { isDependencyFailure, RETRY_AFTER_SECONDS } from '../runtime/outages';

export type { ErrorCode };

export class ApiError extends Error {
  override name = 'ApiError';
  /** What the caller is told, rendered in their language. */
  readonly say: Message;
  constructor(
    public readonly code: ErrorCode,
    message?: Message,
    public readonly details?: unknown,
    /** Seconds for `Retry-After` (503 always has one; 429 may). */
    public readonly retryAfterSeconds?: number,
  ) {
    const said = message ?? say(`error.${code}`);
    super(render(said, 'en'));
    this.say = said;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A validation failure listing every bad field. */
export function validationFailed(problems: FieldProblem[]): ApiError {
  return new ApiError(
    'VALIDATION_FAILED',
    say('error.VALIDATION_FAILED', { count: problems.length }),
    problems,
  );
}

/** Errors raised by body parsers and other express middleware carry `type`/`status`. */
function fromExpress(err: { type?: string; status?: number; expose?: boolean }): ApiError | null {
  switch (err.type) {
    case 'entity.too.large':
      return new ApiError('TOO_LARGE', say('body.tooLarge'));
    case 'entity.parse.failed':
      return new ApiError('VALIDATION_FAILED', say('rule.notJson'));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', say('body.encoding'));
    default:
      break;
  }
  // Any other client error of a parser (a damaged gzip body, an aborted upload): 400, not 500.
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500 && err.expose) {
    if (err.status === 413) return new ApiError('TOO_LARGE', say('body.tooLarge'));
    if (err.status === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', say('body.encoding'));
    return new ApiError('VALIDATION_FAILED', say('body.encoding'));
  }
  return null;
}

/**
 * The services' typed errors (ApplicationError, SigningAuthorizationError, PkiAdminError) carry a
 * contract code, a catalogue message (`say`) and details: they map one to one. An error with a
 * code but no catalogue message is answered with the code's own message.
 */
function fromService(err: unknown): ApiError | null {
  if (!(err instanceof Error)) return null;
  const {
    code,
    details,
    say: said,
  } = err as Error & {
    code?: unknown;
    details?: unknown;
    say?: unknown;
  };
  if (typeof code !== 'string' || !(code in ERROR_STATUS) || code === 'INTERNAL') return null;
  return new ApiError(code as ErrorCode, isMessage(said) ? said : undefined, details);
}

const isProblem = (d: unknown): d is FieldProblem =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as FieldProblem).field === 'string' &&
  'message' in d;

/** Details in the caller's language: field problems rendered, messages inside objects too. */
function renderDetails(details: unknown, lang: Lang): unknown {
  if (Array.isArray(details)) {
    return details.map((d) => (isProblem(d) ? renderProblem(d, lang) : renderDetails(d, lang)));
  }
  if (isMessage(details)) return render(details, lang);
  return details;
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
      apiError = new ApiError('DEPENDENCY_UNAVAILABLE');
    } else {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      apiError = new ApiError('INTERNAL');
    }
    const lang = languageOf(req.get('Accept-Language'));
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: apiError.code, message: render(apiError.say, lang) },
    };
    const details = renderDetails(apiError.details, lang);
    if (details !== undefined) body.error.details = details;
    const retryAfter =
      apiError.retryAfterSeconds ?? (apiError.status === 503 ? RETRY_AFTER_SECONDS : undefined);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.setHeader('Content-Language', lang);
    res.status(apiError.status).json(body);
  };
}
