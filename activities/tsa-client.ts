/**
 * The RFC 3161 client for a licensed time-stamping authority (TSA_URL, optional basic auth):
 * POSTs a TimeStampReq (SHA-256 imprint, nonce, certReq) and checks the answer with the signing
 * library (status, imprint, nonce, signature, the TSA's key purpose) before using the token.
 */
import {
  SigningError,
  type Timestamper,
  buildTimestampRequest,
  randomNonce,
  readTimestampResponse,
} from '../signing';

/** Answers larger than this are refused (a token with its chain is a few kilobytes). */
const MAX_RESPONSE_BYTES = 256 * 1024;
const TIMEOUT_MS = 15_000;

/** Reads a response body up to `limit` bytes; throws when it is larger. */
export async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > limit) throw new Error(`${what} is larger than ${limit} bytes`);
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`${what} is larger than ${limit} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** A TSA reached over HTTP. */
export class HttpTimestamper implements Timestamper {
  readonly #url: string;
  readonly #authorization?: string;

  /** `url` may carry credentials (`https://user:password@host/path`): sent as HTTP basic. */
  constructor(url: string) {
    const parsed = new URL(url);
    if (parsed.username) {
      const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      this.#authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    this.#url = parsed.toString();
  }

  async timestamp(digest: Buffer): Promise<Buffer> {
    const request = { imprint: digest, nonce: randomNonce(), certReq: true };
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/timestamp-query',
          Accept: 'application/timestamp-reply',
          ...(this.#authorization ? { Authorization: this.#authorization } : {}),
        },
        body: buildTimestampRequest(request),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new SigningError(
        'TIMESTAMP_FAILED',
        `the time-stamping service cannot be reached: ${err instanceof Error ? err.message : err}`,
      );
    }
    if (!res.ok)
      throw new SigningError(
        'TIMESTAMP_FAILED',
        `the time-stamping service answered ${res.status}`,
      );
    let body: Buffer;
    try {
      body = await readLimited(res, MAX_RESPONSE_BYTES, 'the time-stamp response');
    } catch (err) {
      throw new SigningError('TIMESTAMP_FAILED', (err as Error).message);
    }
    return readTimestampResponse(body, request);
  }

  toJSON(): string {
    return '[HttpTimestamper]';
  }
}
