/**
 * A small in-test server speaking the published CSC API v2 message shapes (2.0.0.2: `info`,
 * `oauth2/token`, `credentials/list`, `credentials/info`, `credentials/authorize` → 200 SAD or
 * 202 `handle`, `credentials/authorizeCheck`, `signatures/signHash` with `hashes` and
 * `hashAlgorithmOID`), with OAuth2 (client credentials, authorization code, refresh) in front.
 * No CSC v2 server can be installed from a registry, so this stands in for one; the v1 paths are
 * tested against certomancer-csc-dummy, which nobody here wrote.
 *
 * `confirmation: 'phone'` makes every authorization wait for the test to decide, as a signer
 * confirming on their phone would: `decide('confirm' | 'refuse' | 'expire')`.
 */
import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigningProviderConfig } from '../../runtime/config';

export interface V2Credential {
  privateKey: KeyObject;
  certificatePem: string;
  chainPems: string[];
}

export interface CscV2Server {
  /** `http://127.0.0.1:<port>/csc/v2`. */
  baseUrl: string;
  tokenUrl: string;
  client: { clientId: string; clientSecret: string };
  /** What the server received, by method. */
  calls: Array<{ method: string; body: Record<string, unknown> }>;
  pending(): string[];
  /** Decides every pending authorization. */
  decide(decision: 'confirm' | 'refuse' | 'expire'): void;
  close(): Promise<void>;
}

const DIGEST_INFO_SHA256 = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const b64 = (b: Buffer): string => b.toString('base64');

function pemToB64(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

export async function startCscV2Server(
  credentials: Record<string, V2Credential>,
  options: { confirmation?: 'immediate' | 'phone' } = {},
): Promise<CscV2Server> {
  const client = { clientId: 'motcua-test', clientSecret: crypto.randomBytes(16).toString('hex') };
  const tokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const sads = new Map<string, { credentialId: string; hashes: string[] }>();
  const handles = new Map<
    string,
    { credentialId: string; hashes: string[]; decision: 'confirm' | 'refuse' | 'expire' | null }
  >();
  const calls: CscV2Server['calls'] = [];

  const issue = (): Record<string, unknown> => {
    const access = crypto.randomBytes(16).toString('hex');
    const refresh = crypto.randomBytes(16).toString('hex');
    tokens.add(access);
    refreshTokens.add(refresh);
    return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 3600 };
  };
  const sadFor = (credentialId: string, hashes: string[]): string => {
    const sad = crypto.randomBytes(18).toString('base64url');
    sads.set(sad, { credentialId, hashes });
    return sad;
  };

  const handle = (method: string, body: Record<string, unknown>): [number, object] => {
    const credential = credentials[String(body.credentialID)];
    switch (method) {
      case 'info':
        return [
          200,
          {
            specs: '2.0.0.2',
            name: 'In-test CSC v2 service',
            authType: ['oauth2client', 'oauth2code'],
            oauth2: '',
            methods: [
              'credentials/list',
              'credentials/info',
              'credentials/authorize',
              'credentials/authorizeCheck',
              'signatures/signHash',
            ],
          },
        ];
      case 'credentials/list':
        return [200, { credentialIDs: Object.keys(credentials) }];
      case 'credentials/info':
        if (!credential)
          return [
            400,
            { error: 'invalid_request', error_description: 'Invalid parameter credentialID' },
          ];
        return [
          200,
          {
            key: { status: 'enabled', algo: ['1.2.840.113549.1.1.11'], len: 2048 },
            cert: {
              status: 'valid',
              certificates: [credential.certificatePem, ...credential.chainPems].map(pemToB64),
            },
            auth: { mode: 'explicit', objects: [] },
            SCAL: '2',
            multisign: 5,
          },
        ];
      case 'credentials/authorize': {
        if (!credential)
          return [
            400,
            { error: 'invalid_request', error_description: 'Invalid parameter credentialID' },
          ];
        const hashes = body.hashes as string[];
        if (
          !Array.isArray(hashes) ||
          hashes.length !== body.numSignatures ||
          body.hashAlgorithmOID !== '2.16.840.1.101.3.4.2.1'
        )
          return [
            400,
            {
              error: 'invalid_request',
              error_description: 'hashes, numSignatures and hashAlgorithmOID must agree',
            },
          ];
        const credentialId = String(body.credentialID);
        if (options.confirmation !== 'phone')
          return [200, { SAD: sadFor(credentialId, hashes), expiresIn: 300 }];
        const h = crypto.randomBytes(12).toString('hex');
        handles.set(h, { credentialId, hashes, decision: null });
        return [202, { handle: h }];
      }
      case 'credentials/authorizeCheck': {
        const entry = handles.get(String(body.handle));
        if (!entry)
          return [400, { error: 'invalid_request', error_description: 'Invalid parameter handle' }];
        if (entry.decision === null) return [202, { handle: String(body.handle) }];
        handles.delete(String(body.handle));
        if (entry.decision === 'refuse')
          return [400, { error: 'access_denied', error_description: 'The user refused' }];
        if (entry.decision === 'expire')
          return [400, { error: 'expired_token', error_description: 'The request expired' }];
        return [200, { SAD: sadFor(entry.credentialId, entry.hashes), expiresIn: 300 }];
      }
      case 'signatures/signHash': {
        const sad = sads.get(String(body.SAD));
        const hashes = body.hashes as string[];
        if (!credential || !sad || sad.credentialId !== body.credentialID)
          return [400, { error: 'invalid_request', error_description: 'Invalid parameter SAD' }];
        if (!Array.isArray(hashes) || hashes.some((x) => !sad.hashes.includes(x)))
          return [
            400,
            { error: 'invalid_request', error_description: 'Hash is not authorized by the SAD' },
          ];
        if (body.signAlgo !== '1.2.840.113549.1.1.11')
          return [
            400,
            { error: 'invalid_request', error_description: 'Invalid parameter signAlgo' },
          ];
        sads.delete(String(body.SAD));
        const signatures = hashes.map((h) =>
          b64(
            crypto.privateEncrypt(
              { key: credential.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING },
              Buffer.concat([DIGEST_INFO_SHA256, Buffer.from(h, 'base64')]),
            ),
          ),
        );
        return [200, { signatures }];
      }
      default:
        return [404, { error: 'invalid_request', error_description: `no method ${method}` }];
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '';
      const send = (status: number, body: object): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (url === '/oauth2/token') {
        const form = new URLSearchParams(text);
        if (
          form.get('client_id') !== client.clientId ||
          form.get('client_secret') !== client.clientSecret
        ) {
          send(401, { error: 'invalid_client' });
          return;
        }
        const grant = form.get('grant_type');
        if (grant === 'client_credentials') send(200, issue());
        else if (
          grant === 'authorization_code' &&
          form.get('code') === 'code-from-login' &&
          form.get('redirect_uri')
        )
          send(200, issue());
        else if (grant === 'refresh_token' && refreshTokens.delete(form.get('refresh_token') ?? ''))
          send(200, issue());
        else send(400, { error: 'invalid_grant' });
        return;
      }
      const m = /^\/csc\/v2\/(.+)$/.exec(url);
      if (!m || req.method !== 'POST') {
        send(404, { error: 'invalid_request' });
        return;
      }
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (m[1] !== 'info' && (!auth || !tokens.has(auth[1] as string))) {
        send(401, { error: 'invalid_token', error_description: 'The access token is not valid' });
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        send(400, { error: 'invalid_request', error_description: 'not JSON' });
        return;
      }
      calls.push({ method: m[1] as string, body });
      const [status, answer] = handle(m[1] as string, body);
      send(status, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/csc/v2`,
    tokenUrl: `http://127.0.0.1:${port}/oauth2/token`,
    client,
    calls,
    pending: () => [...handles.entries()].filter(([, v]) => v.decision === null).map(([k]) => k),
    decide(decision) {
      for (const entry of handles.values()) if (entry.decision === null) entry.decision = decision;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A service whose signer confirms on their phone, holding one credential `id`: `key` as `issued`. */
export function startPhoneService(
  id: string,
  privateKey: KeyObject,
  issued: { certificatePem: string; chainPems: string[] },
): Promise<CscV2Server> {
  const { certificatePem, chainPems } = issued;
  return startCscV2Server(
    { [id]: { privateKey, certificatePem, chainPems } },
    { confirmation: 'phone' },
  );
}

/** The service's entry in SIGNING_PROVIDERS, as provider `phone` named `name`. */
export const phoneProvider = (server: CscV2Server, name: string): SigningProviderConfig => ({
  id: 'phone',
  name,
  url: server.baseUrl,
  oauth2: { tokenUrl: server.tokenUrl, ...server.client },
});
