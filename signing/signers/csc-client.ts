/**
 * A client of the Cloud Signature Consortium API (remote signing services), v1 (1.0.4) and v2
 * (2.0): `info`, `credentials/list`, `credentials/info`, `credentials/authorize` (answering with
 * the SAD, or — v2, and providers whose signers confirm on a phone — 202 with a `handle` that
 * `credentials/authorizeCheck` polls), `signatures/signHash`. The two versions differ in field
 * names only (v1 `hash`/`hashAlgo`/`PIN`, v2 `hashes`/`hashAlgorithmOID`/`authData`); this file
 * speaks both. Bearer tokens come from an {@link OAuth2Client} or are given.
 *
 * The only part of `signing/` that talks to the network, through the `fetch` it is given.
 */
import { SigningError } from '../errors';
import { parseCertificate } from '../pki/certificates';
import type { OAuth2Client } from './oauth2';

export type CscVersion = 'v1' | 'v2';

export type CscAuth =
  | { readonly type: 'none' }
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'oauth2'; readonly client: OAuth2Client };

export interface CscClientOptions {
  /** The API's base URL, up to and including `/csc/v1` or `/csc/v2`. */
  readonly baseUrl: string;
  /** Default: from the base URL's last segment (v1 otherwise). */
  readonly version?: CscVersion;
  readonly auth?: CscAuth;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** A credential as `credentials/info` describes it. */
export interface CscCredential {
  readonly credentialId: string;
  readonly certificatePem: string;
  /** The issuing CAs (and root, when the service sends it), upwards. */
  readonly chainPems: readonly string[];
  /** Signature algorithm OIDs the key supports (`key/algo`). */
  readonly keyAlgorithms: readonly string[];
  readonly keyEnabled: boolean;
  /** `implicit`, `explicit` (PIN/OTP in `authorize`) or `oauth2code`. */
  readonly authMode: string;
  readonly pinRequired: boolean;
  readonly otpRequired: boolean;
  readonly multisign: number;
}

/** The outcome of `credentials/authorize` / `authorizeCheck`. */
export type CscAuthorization =
  | { readonly kind: 'SAD'; readonly sad: string }
  | { readonly kind: 'PENDING'; readonly handle: string };

/** The service answered with an error (`error` is the CSC/OAuth error code). */
export class CscServiceError extends SigningError {
  constructor(
    readonly error: string,
    readonly httpStatus: number,
    description: string,
  ) {
    super(
      'REMOTE_SIGNING_FAILED',
      `the signing service answered ${httpStatus} ${error}: ${description}`,
      {
        error,
        httpStatus,
      },
    );
  }
}

const MAX_RESPONSE_BYTES = 1024 * 1024;
const pem = (b64: string): string => parseCertificate(Buffer.from(b64, 'base64')).pem;

export class CscClient {
  readonly version: CscVersion;
  readonly #base: string;
  readonly #auth: CscAuth;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: CscClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.version = options.version ?? (/\/v2$/.test(this.#base) ? 'v2' : 'v1');
    this.#auth = options.auth ?? { type: 'none' };
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  async #headers(): Promise<Record<string, string>> {
    const h: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (this.#auth.type === 'bearer') h.Authorization = `Bearer ${this.#auth.token}`;
    if (this.#auth.type === 'oauth2')
      h.Authorization = `Bearer ${await this.#auth.client.serviceToken()}`;
    return h;
  }

  /** POSTs a CSC method; answers the JSON body and the status (2xx), throws on errors. */
  async call(
    method: string,
    body: object,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    let res: Response;
    try {
      res = await this.#fetch(`${this.#base}/${method}`, {
        method: 'POST',
        headers: await this.#headers(),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      if (err instanceof SigningError) throw err;
      throw new SigningError(
        'REMOTE_SIGNING_FAILED',
        `the signing service cannot be reached (${method})`,
      );
    }
    const text = await res.text();
    if (text.length > MAX_RESPONSE_BYTES)
      throw new SigningError('REMOTE_SIGNING_FAILED', `the answer to ${method} is too large`);
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      if (res.ok)
        throw new SigningError('REMOTE_SIGNING_FAILED', `the answer to ${method} is not JSON`);
    }
    if (!res.ok) {
      const error = typeof json.error === 'string' ? json.error : 'server_error';
      const description =
        typeof json.error_description === 'string'
          ? json.error_description.slice(0, 300)
          : res.statusText;
      throw new CscServiceError(error, res.status, description);
    }
    return { status: res.status, json };
  }

  async info(): Promise<Record<string, unknown>> {
    return (await this.call('info', {})).json;
  }

  /** The credential ids of a user (or of the service account). */
  async listCredentials(userId?: string): Promise<string[]> {
    const { json } = await this.call('credentials/list', {
      ...(userId ? { userID: userId } : {}),
      maxResults: 100,
    });
    const ids = json.credentialIDs;
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
      throw new SigningError(
        'REMOTE_SIGNING_FAILED',
        'credentials/list answered no credential ids',
      );
    return ids as string[];
  }

  async credentialInfo(credentialId: string): Promise<CscCredential> {
    const { json } = await this.call('credentials/info', {
      credentialID: credentialId,
      certificates: 'chain',
      certInfo: false,
      authInfo: true,
    });
    const cert = json.cert as { certificates?: unknown } | undefined;
    const certificates = Array.isArray(cert?.certificates) ? (cert.certificates as unknown[]) : [];
    if (certificates.length === 0 || certificates.some((c) => typeof c !== 'string'))
      throw new SigningError('REMOTE_SIGNING_FAILED', 'credentials/info answered no certificate');
    const [leaf, ...chain] = (certificates as string[]).map(pem);
    const key = (json.key ?? {}) as { status?: unknown; algo?: unknown };
    const auth = (json.auth ?? {}) as { mode?: unknown; objects?: unknown };
    const authMode =
      typeof json.authMode === 'string'
        ? json.authMode
        : typeof auth.mode === 'string'
          ? auth.mode
          : 'implicit';
    const objects = Array.isArray(auth.objects) ? (auth.objects as Array<{ id?: unknown }>) : [];
    const presence = (v1: unknown, id: string): boolean =>
      (v1 as { presence?: unknown } | undefined)?.presence === 'true' ||
      objects.some((o) => o.id === id);
    return {
      credentialId,
      certificatePem: leaf as string,
      chainPems: chain.filter((c) => c !== leaf),
      keyAlgorithms: Array.isArray(key.algo)
        ? key.algo.filter((a): a is string => typeof a === 'string')
        : [],
      keyEnabled: key.status === undefined || key.status === 'enabled',
      authMode,
      pinRequired: presence(json.PIN, 'PIN'),
      otpRequired: presence(json.OTP, 'OTP'),
      multisign: typeof json.multisign === 'number' ? json.multisign : 1,
    };
  }

  /** `credentials/authorize` for these SHA-256 digests (hash pinning, SCAL 2). */
  async authorize(input: {
    credentialId: string;
    digests: readonly Buffer[];
    pin?: string;
    otp?: string;
    description?: string;
    clientData?: string;
  }): Promise<CscAuthorization> {
    const hashes = input.digests.map((d) => d.toString('base64'));
    const common = {
      credentialID: input.credentialId,
      numSignatures: hashes.length,
      ...(input.description ? { description: input.description.slice(0, 500) } : {}),
      ...(input.clientData ? { clientData: input.clientData } : {}),
    };
    const body =
      this.version === 'v1'
        ? {
            ...common,
            hash: hashes,
            ...(input.pin ? { PIN: input.pin } : {}),
            ...(input.otp ? { OTP: input.otp } : {}),
          }
        : {
            ...common,
            hashes,
            hashAlgorithmOID: SHA256_OID,
            ...(input.pin || input.otp
              ? {
                  authData: [
                    ...(input.pin ? [{ id: 'PIN', value: input.pin }] : []),
                    ...(input.otp ? [{ id: 'OTP', value: input.otp }] : []),
                  ],
                }
              : {}),
          };
    return this.#authorization(await this.call('credentials/authorize', body));
  }

  /** `credentials/authorizeCheck`: has the signer confirmed yet? */
  async authorizeCheck(handle: string): Promise<CscAuthorization> {
    return this.#authorization(await this.call('credentials/authorizeCheck', { handle }));
  }

  #authorization({
    status,
    json,
  }: {
    status: number;
    json: Record<string, unknown>;
  }): CscAuthorization {
    if (typeof json.SAD === 'string' && status !== 202) return { kind: 'SAD', sad: json.SAD };
    if (typeof json.handle === 'string') return { kind: 'PENDING', handle: json.handle };
    throw new SigningError(
      'REMOTE_SIGNING_FAILED',
      'credentials/authorize answered neither a SAD nor a handle',
    );
  }

  /** `signatures/signHash`: one signature value per digest, in order. */
  async signHash(input: {
    credentialId: string;
    sad: string;
    digests: readonly Buffer[];
    signAlgo: string;
    /** Needed when `signAlgo` names the key type only (rsaEncryption, ecPublicKey). */
    hashAlgo?: string;
  }): Promise<Buffer[]> {
    const hashes = input.digests.map((d) => d.toString('base64'));
    const body = {
      credentialID: input.credentialId,
      SAD: input.sad,
      signAlgo: input.signAlgo,
      ...(this.version === 'v1'
        ? { hash: hashes, ...(input.hashAlgo ? { hashAlgo: input.hashAlgo } : {}) }
        : { hashes, ...(input.hashAlgo ? { hashAlgorithmOID: input.hashAlgo } : {}) }),
    };
    const { json } = await this.call('signatures/signHash', body);
    const sigs = json.signatures;
    if (!Array.isArray(sigs) || sigs.some((s) => typeof s !== 'string'))
      throw new SigningError('REMOTE_SIGNING_FAILED', 'signatures/signHash answered no signatures');
    return (sigs as string[]).map((s) => Buffer.from(s, 'base64'));
  }

  toJSON(): string {
    return `[CscClient ${this.version}]`;
  }
}

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
