/**
 * The error vocabulary of the HTTP contract (API.md "Errors"): every code and its status. The API
 * answers with these; services below it (the application services) raise them, so that the
 * mapping is one to one.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  SIGNATURE_INVALID: 400,
  UNAUTHENTICATED: 401,
  BAD_PIN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  WRONG_STAGE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  RATE_LIMITED: 429,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
