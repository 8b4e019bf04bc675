/**
 * A small HTTP client for the benchmark: keep-alive connections, JSON or multipart bodies, and the
 * `X-Forwarded-For` address of the simulated person (the API trusts it from loopback, as behind
 * its reverse proxy), so that each citizen and official has their own rate-limit window.
 */
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export interface Reply {
  status: number;
  json: Record<string, unknown>;
  ms: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One request; `ms` is the time to the whole answer. Network failures reject. */
export async function request(
  base: string,
  method: string,
  path: string,
  opts: {
    json?: unknown;
    form?: FormData;
    headers?: Record<string, string>;
    ip?: string;
    timeoutMs?: number;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.ip) headers['X-Forwarded-For'] = opts.ip;
  let body: Buffer | undefined;
  if (opts.json !== undefined) {
    body = Buffer.from(JSON.stringify(opts.json));
    headers['Content-Type'] = 'application/json';
  } else if (opts.form) {
    const encoded = new Response(opts.form);
    body = Buffer.from(await encoded.arrayBuffer());
    headers['Content-Type'] = encoded.headers.get('content-type') as string;
  }
  if (body) headers['Content-Length'] = String(body.length);
  const url = new URL(path, base);
  const started = process.hrtime.bigint();
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers, agent, timeout: opts.timeoutMs ?? 180_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          if ((res.headers['content-type'] ?? '').includes('json') && text) {
            try {
              json = JSON.parse(text) as Record<string, unknown>;
            } catch {
              json = {};
            }
          }
          resolve({ status: res.statusCode ?? 0, json, ms });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The contract's error code of an answer (or the status). */
export function errorCode(r: Reply): string {
  const e = (r.json as { error?: { code?: string } }).error;
  return `${r.status} ${e?.code ?? ''}`.trim();
}

/** A request that must succeed (2xx), else an HttpError naming the contract's code. */
export async function ok(
  base: string,
  method: string,
  path: string,
  opts: Parameters<typeof request>[3] = {},
): Promise<Reply> {
  const r = await request(base, method, path, opts);
  if (r.status < 200 || r.status >= 300) {
    const e = (r.json as { error?: { message?: string } }).error;
    throw new HttpError(
      r.status,
      errorCode(r),
      `${method} ${path}: ${errorCode(r)} ${e?.message ?? ''}`,
    );
  }
  return r;
}
