/**
 * Certomancer (PyPI `certomancer`, provisioned by scripts/provision) as a PKI nobody here wrote:
 * its `animate` server on a free loopback port, with a configuration generated into a scratch
 * directory. The PKI: a root, an intermediate CA with a delegated OCSP responder, CRL repositories
 * for both, a TSA (critical id-kp-timeStamping) under the root, a signer and a signer revoked a day
 * after its certificate began. Every time is relative to the clock the tests run under (faketime
 * included: the child process inherits it), never a date.
 *
 * Test files call {@link startCertomancer} in beforeAll and `close()` in afterAll; it costs a
 * Python start-up (about a second), so it is started only where it is used.
 */
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureCertomancer } from '../../scripts/provision/index';
import { freePort, spawnServer } from '../../scripts/servers/process';
import { testKeyPair } from '../helpers/keys';

const run = promisify(execFile);

/** The architecture's label in the configuration and in its URLs. */
export const ARCH = 'interop';

const DAY = 86_400_000;

/** A key and certificate Certomancer issued, ready for {@link LocalKeySigner}. */
export interface CertomancerIdentity {
  key: crypto.KeyObject;
  certificatePem: string;
  /** The intermediate CA, then the root. */
  chainPems: string[];
}

export interface Certomancer {
  baseUrl: string;
  /** RFC 3161 endpoint of Certomancer's TSA. */
  tsaUrl: string;
  rootPem: string;
  intermediatePem: string;
  tsaCertificatePem: string;
  /** Moment the revoked signer's certificate was revoked. */
  revokedAt: Date;
  /** `signer` (good) or `revoked`. */
  identity(label: 'signer' | 'revoked'): Promise<CertomancerIdentity>;
  /** The server's log (for failure messages). */
  log(): string;
  close(): Promise<void>;
}

/** Certomancer's timestamp syntax: ISO 8601 with a numeric offset, no fraction. */
const stamp = (t: number): string => `${new Date(t).toISOString().slice(0, 19)}+0000`;

function configuration(baseUrl: string, now: number): object {
  const validity = (fromDays: number, toDays: number): object => ({
    'valid-from': stamp(now + fromDays * DAY),
    'valid-to': stamp(now + toDays * DAY),
  });
  const keys = ['root', 'interm', 'interm-ocsp', 'tsa', 'signer', 'revoked'];
  return {
    'external-url-prefix': baseUrl,
    keysets: {
      [ARCH]: {
        'path-prefix': 'keys',
        keys: Object.fromEntries(keys.map((k) => [k, { path: `${k}.key.pem` }])),
      },
    },
    'pki-architectures': {
      [ARCH]: {
        keyset: ARCH,
        'entity-defaults': { 'country-name': 'VN', 'organization-name': 'Certomancer interop' },
        entities: {
          root: { 'common-name': 'Certomancer Root CA' },
          interm: { 'common-name': 'Certomancer Intermediate CA' },
          'interm-ocsp': { 'common-name': 'Certomancer OCSP responder' },
          tsa: { 'common-name': 'Certomancer TSA' },
          signer: { 'common-name': 'Phạm Thị Liên Thông' },
          revoked: { 'common-name': 'Võ Văn Thu Hồi' },
        },
        certs: {
          root: {
            subject: 'root',
            'subject-key': 'root',
            issuer: 'root',
            'authority-key': 'root',
            validity: validity(-365, 3650),
            profiles: [{ id: 'simple-ca', params: { 'crl-repo': 'root' } }],
          },
          interm: {
            issuer: 'root',
            validity: validity(-365, 3000),
            profiles: [
              {
                id: 'simple-ca',
                params: { 'max-path-len': 0, 'crl-repo': 'interm', 'ocsp-service': 'interm' },
              },
            ],
          },
          'interm-ocsp': {
            issuer: 'interm',
            validity: validity(-365, 2000),
            profiles: ['ocsp-responder'],
          },
          tsa: {
            issuer: 'root',
            validity: validity(-365, 2000),
            extensions: [
              {
                id: 'key_usage',
                critical: true,
                'smart-value': { schema: 'key-usage', params: ['digital_signature'] },
              },
              { id: 'extended_key_usage', critical: true, value: ['time_stamping'] },
            ],
          },
          signer: {
            issuer: 'interm',
            validity: validity(-30, 1000),
            profiles: ['digsig-commitment'],
          },
          revoked: {
            issuer: 'interm',
            validity: validity(-30, 1000),
            profiles: ['digsig-commitment'],
            revocation: { 'revoked-since': stamp(now - 29 * DAY), reason: 'key_compromise' },
          },
        },
        services: {
          ocsp: {
            interm: { 'for-issuer': 'interm', 'responder-cert': 'interm-ocsp' },
          },
          'crl-repo': {
            root: { 'for-issuer': 'root', 'simulated-update-schedule': 'P1D' },
            interm: { 'for-issuer': 'interm', 'simulated-update-schedule': 'P1D' },
          },
          'time-stamping': { tsa: { 'signing-cert': 'tsa' } },
          'cert-repo': {
            root: { 'for-issuer': 'root', 'publish-issued-certs': false },
            interm: { 'for-issuer': 'interm', 'publish-issued-certs': false },
          },
        },
      },
    },
  };
}

async function waitUntilServing(url: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline)
      throw new Error(`Certomancer did not start (${url}):\n${log().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Generates the keys and the configuration into `dir` and starts `certomancer animate`. */
export async function startCertomancer(dir: string): Promise<Certomancer> {
  const cli = await ensureCertomancer();
  const keyDir = path.join(dir, 'keys');
  mkdirSync(keyDir, { recursive: true });
  const keys = new Map<string, crypto.KeyObject>();
  for (const label of ['root', 'interm', 'interm-ocsp', 'tsa', 'signer', 'revoked']) {
    const { privateKey } = testKeyPair('rsa', { modulusLength: 2048 });
    keys.set(label, privateKey);
    writeFileSync(
      path.join(keyDir, `${label}.key.pem`),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const now = Date.now();
  const config = path.join(dir, 'certomancer.yml');
  // YAML is a superset of JSON.
  writeFileSync(config, JSON.stringify(configuration(baseUrl, now), null, 2));
  const logFile = path.join(dir, 'certomancer.log');
  const server = spawnServer(
    'certomancer',
    cli,
    ['--config', config, 'animate', '--port', String(port), '--no-web-ui'],
    { logFile, cwd: dir },
  );
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await waitUntilServing(`${baseUrl}/${ARCH}/crls/root/latest.crl`, log);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const summon = async (label: string): Promise<string> =>
    (await run(cli, ['--config', config, 'summon', ARCH, label], { cwd: dir })).stdout;
  const [rootPem, intermediatePem, tsaCertificatePem] = await Promise.all(
    ['root', 'interm', 'tsa'].map(summon),
  );
  return {
    baseUrl,
    tsaUrl: `${baseUrl}/${ARCH}/tsa/tsa`,
    rootPem: rootPem as string,
    intermediatePem: intermediatePem as string,
    tsaCertificatePem: tsaCertificatePem as string,
    revokedAt: new Date(Math.floor((now - 29 * DAY) / 1000) * 1000),
    async identity(label) {
      return {
        key: keys.get(label) as crypto.KeyObject,
        certificatePem: await summon(label),
        chainPems: [intermediatePem as string, rootPem as string],
      };
    },
    log,
    close: () => server.stop(),
  };
}
