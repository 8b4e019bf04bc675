/**
 * Mounting a handler on an operation of the contract (contract/operations.ts): the path and method
 * come from the operation, and before the handler runs its parameters, query, headers and body are
 * checked against the operation's schemas — every problem of the request at once, as 400
 * VALIDATION_FAILED with the fields' titles and hints. Strings are NFC-normalised and trimmed
 * first; a JSON body nested deeper than MAX_DEPTH is refused before anything walks it.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { mergeProblems, problemsOf, type FieldProblem } from '../contract/problems';
import { say } from '../contract/messages';
import { expressPath, type InputOf, type Operation } from '../contract/operations';
import { ApiError, validationFailed } from './errors';

/** Deepest nesting a JSON body may have (an e-form needs a handful of levels). */
export const MAX_DEPTH = 32;

/** Whether `value` nests deeper than `max` (iterative: a hostile body cannot blow the stack). */
export function tooDeep(value: unknown, max = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Every string NFC-normalised and trimmed (object keys as they are); depth already bounded. */
export function normalizeStrings<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC').trim() as T;
  if (Array.isArray(value)) return value.map((v) => normalizeStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = normalizeStrings(v);
    return { ...out } as T;
  }
  return value;
}

function check(
  schema: z.ZodType | undefined,
  raw: unknown,
  prefix: string[],
  problems: FieldProblem[],
): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push(...problemsOf(parsed.error, schema, prefix));
  return undefined;
}

/** The normalised request as it came, for a service's own checks (see `mountChecked`). */
export interface RawInput {
  params: Record<string, unknown>;
  body: unknown;
}

/**
 * A service's checks of a request beyond its shape (a procedure that does not exist, an e-form
 * against the procedure's schema, a certificate that names someone else): run on the raw input
 * when the shape is wrong, so that the answer lists both kinds of problems at once. When the
 * shape is right the service checks again itself and answers with its problems alone.
 */
export type ServiceCheck = (raw: RawInput) => Promise<FieldProblem[]>;

/** The operation's input from a request, or a VALIDATION_FAILED listing every problem. */
export async function checkedInputOf<O extends Operation>(
  op: O,
  req: Request,
  serviceCheck?: ServiceCheck,
): Promise<InputOf<O>> {
  try {
    return inputOf(op, req);
  } catch (err) {
    if (!serviceCheck || !(err instanceof ApiError) || !Array.isArray(err.details)) throw err;
    const raw = {
      params: { ...req.params },
      body: op.body?.kind === 'json' ? normalizeStrings(req.body) : req.body,
    };
    throw validationFailed(mergeProblems(err.details as FieldProblem[], await serviceCheck(raw)));
  }
}

/** The operation's input from a request, or a VALIDATION_FAILED listing every problem. */
export function inputOf<O extends Operation>(op: O, req: Request): InputOf<O> {
  const problems: FieldProblem[] = [];
  const params = check(op.params, { ...req.params }, [], problems);
  const query = check(op.query, normalizeStrings({ ...(req.query as object) }), [], problems);
  let headers: unknown = {};
  if (op.headers) {
    const wanted = Object.keys(op.headers.shape);
    const picked = Object.fromEntries(
      wanted.flatMap((h) => (req.headers[h] === undefined ? [] : [[h, req.headers[h]]])),
    );
    headers = check(op.headers, picked, [], problems);
  }
  let body: unknown;
  if (op.body?.kind === 'json') {
    if (req.body === undefined || !req.is('application/json')) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', say('body.json'));
    }
    if (tooDeep(req.body)) {
      throw new ApiError('VALIDATION_FAILED', say('rule.tooDeep', { maximum: MAX_DEPTH }));
    }
    body = check(op.body.schema, normalizeStrings(req.body), [], problems);
  } else if (op.body?.kind === 'multipart') {
    body = check(op.body.schema, normalizeStrings({ ...(req.body as object) }), [], problems);
  } else if (op.body?.kind === 'binary') {
    body = req.body;
  }
  if (problems.length > 0) throw validationFailed(problems);
  return { params, query, headers, body } as InputOf<O>;
}

export type Handler<O extends Operation> = (
  input: InputOf<O>,
  req: Request,
  res: Response,
) => Promise<void> | void;

/** Mounts `handler` for `op` on `router`, after `before` (body parsers, rate limits). */
export function mount<O extends Operation>(
  router: Router,
  op: O,
  ...chain: [...before: RequestHandler[], handler: Handler<O>]
): void {
  mountChecked(router, op, undefined, ...chain);
}

/** `mount`, with the service's own checks joining the shape's problems (`ServiceCheck`). */
export function mountChecked<O extends Operation>(
  router: Router,
  op: O,
  serviceCheck: ServiceCheck | undefined,
  ...chain: [...before: RequestHandler[], handler: Handler<O>]
): void {
  const handler = chain.pop() as Handler<O>;
  const before = chain as RequestHandler[];
  const path = op.path.includes('{request}')
    ? op.path.replace('{request}', '*request')
    : expressPath(op.path);
  router[op.method](path, ...before, async (req: Request, res: Response) => {
    await handler(await checkedInputOf(op, req, serviceCheck), req, res);
  });
}
