/**
 * OAuth 2.0 for remote signing services (RFC 6749, as CSC API v2 §8 uses it): the client
 * credentials grant (a service account of the deployment, how most Vietnamese providers let an
 * integrator in), the authorization code grant (the signer logs in at the provider and the
 * deployment exchanges the code, with PKCE when given) and refresh. Tokens are cached until
 * shortly before they expire. No secret is ever logged or put in an error message.
 */
import { SigningError } from '../errors';

export interface OAuth2Config {
  /** The token endpoint, e.g. `https://rssp.example/csc/v2/oauth2/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** e.g. `service` (CSC) or the provider's scope. */
  readonly scope?: string;
}

export interface OAuth2Token {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const MARGIN_MS = 30_000;

export class OAuth2Client {
  readonly #config: OAuth2Config;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #cached: OAuth2Token | null = null;

  constructor(
    config: OAuth2Config,
    options: { fetch?: typeof fetch; timeoutMs?: number; now?: () => number } = {},
  ) {
    this.#config = config;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** A bearer token of the client credentials grant, cached while valid. */
  async serviceToken(): Promise<string> {
    if (this.#cached && this.#cached.expiresAt - MARGIN_MS > this.#now())
      return this.#cached.accessToken;
    this.#cached = await this.#token({
      grant_type: 'client_credentials',
      ...(this.#config.scope ? { scope: this.#config.scope } : {}),
    });
    return this.#cached.accessToken;
  }

  /** Exchanges an authorization code (the signer logged in at the provider). */
  exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<OAuth2Token> {
    return this.#token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
    });
  }

  /** A new access token for a refresh token. */
  refresh(refreshToken: string): Promise<OAuth2Token> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async #token(params: Record<string, string>): Promise<OAuth2Token> {
    const body = new URLSearchParams({
      ...params,
      client_id: this.#config.clientId,
      client_secret: this.#config.clientSecret,
    });
    let res: Response;
    try {
      res = await this.#fetch(this.#config.tokenUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch {
      throw new SigningError(
        'REMOTE_SIGNING_FAILED',
        'the signing service’s token endpoint cannot be reached',
      );
    }
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok || !json || typeof json.access_token !== 'string') {
      const error = typeof json?.error === 'string' ? json.error : `HTTP ${res.status}`;
      throw new SigningError(
        'REMOTE_SIGNING_FAILED',
        `the signing service refused the ${params.grant_type} grant (${error})`,
      );
    }
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    return {
      accessToken: json.access_token,
      refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
      expiresAt: this.#now() + expiresIn * 1000,
    };
  }

  toJSON(): string {
    return '[OAuth2Client]';
  }
}
