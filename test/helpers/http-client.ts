/**
 * Driving the product over HTTP as its users do, for tests that need whole cases: a citizen with a
 * key made "in the browser" (WebCrypto) files a signed application; officials sign in and act.
 * Every answer is recorded, so a test can assert on all statuses a run produced.
 */
import { webcrypto } from 'node:crypto';
import type { ExampleApplication } from '../../domain/catalogue';

const { subtle } = webcrypto;

export interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

export class HttpClient {
  /** Every answer this client got, in order: `[method path, status]`. */
  readonly answers: Array<[string, number]> = [];
  constructor(
    readonly url: string,
    /** The client's address as a trusted proxy reports it (each client its own rate buckets). */
    readonly address = '127.0.0.1',
    /**
     * Officials' sessions by username; clients given the same map share them (an official signs
     * in once and works from several tabs, rather than signing in again for each).
     */
    private readonly tokens = new Map<string, Promise<string>>(),
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'X-Forwarded-For': this.address,
        ...(body !== undefined && !(body instanceof FormData)
          ? { 'Content-Type': 'application/json' }
          : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json')
      ? (JSON.parse(text) as Record<string, unknown>)
      : {};
    this.answers.push([`${method} ${path.replace(/\?.*/, '')}`, res.status]);
    return { status: res.status, json, headers: res.headers };
  }

  /** An official's bearer token (signed in once per client). */
  async token(username: string, password = 'demo'): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const signIn = this.call('POST', '/api/auth/login', { username, password }).then((res) => {
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return res.json.token as string;
    });
    this.tokens.set(username, signIn);
    signIn.catch(() => this.tokens.delete(username));
    return signIn;
  }

  async act(username: string, code: string, body: Record<string, unknown>): Promise<Answer> {
    return this.call('POST', `/api/cases/${code}/actions`, body, {
      Authorization: `Bearer ${await this.token(username)}`,
    });
  }
}

/** A citizen whose key never leaves "the browser", certified by the development citizen CA. */
export class Citizen {
  private constructor(
    private readonly keys: webcrypto.CryptoKeyPair,
    readonly certificatePem: string,
  ) {}

  static async certify(
    client: HttpClient,
    who: { fullName: string; idNumber: string },
  ): Promise<Citizen> {
    const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const spki = Buffer.from(await subtle.exportKey('spki', keys.publicKey)).toString('base64');
    const res = await client.call('POST', '/api/applicant-certificates', {
      fullName: who.fullName,
      idNumber: who.idNumber,
      publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${spki.replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`,
    });
    if (res.status !== 201)
      throw new Error(`certificate: ${res.status} ${JSON.stringify(res.json)}`);
    return new Citizen(keys, res.json.certificatePem as string);
  }

  async sign(toBeSigned: string): Promise<string> {
    const value = await subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      this.keys.privateKey,
      Buffer.from(toBeSigned, 'base64'),
    );
    return Buffer.from(value).toString('base64');
  }

  /** prepare → sign → submit; the submit answer (201 with code and tracking token). */
  async file(client: HttpClient, example: ExampleApplication): Promise<Answer> {
    const prepared = await client.call('POST', '/api/applications/prepare', {
      procedureCode: example.procedureCode,
      wardCode: example.wardCode,
      applicant: example.applicant,
      form: example.form,
      signerCertificatePem: this.certificatePem,
    });
    if (prepared.status !== 201) return prepared;
    const form = new FormData();
    form.set('signature', await this.sign(prepared.json.toBeSigned as string));
    return client.call('POST', `/api/applications/${prepared.json.applicationId}/submit`, form);
  }
}
