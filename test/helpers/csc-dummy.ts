/**
 * A real CSC API server nobody here wrote: `certomancer-csc-dummy` (PyPI, pinned in
 * scripts/provision/versions.ts), started on a free loopback port with a Certomancer
 * configuration made here: a root and an issuing CA of a "licensed provider", an official's
 * credential (RSA) and a citizen's (EC P-256, naming the citizen's identity number as
 * Vietnamese CAs do). It speaks the CSC v1 paths without authentication and requires hash
 * pinning (SCAL 2). Tests trust its root as a deployment trust anchor.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureCscDummy } from '../../scripts/provision/index';
import { freePort, spawnServer, waitFor } from '../../scripts/servers/process';
import { TEST_TMP } from './paths';

export interface CscDummy {
  /** `http://localhost:<port>/csc/v1`. */
  baseUrl: string;
  /** Credential ids, `arch/cert`. */
  credentials: { official: string; citizen: string; revokedCitizen: string };
  citizen: { fullName: string; idNumber: string };
  official: { fullName: string };
  /** The provider's root certificate (PEM). */
  rootPem: string;
  stop(): Promise<void>;
}

const generate = promisify(crypto.generateKeyPair);

async function keyPem(kind: 'rsa' | 'ec'): Promise<string> {
  const { privateKey } =
    kind === 'rsa'
      ? await generate('rsa', { modulusLength: 2048 })
      : await generate('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

const CITIZEN = { fullName: 'Trần Thị Mai', idNumber: '079190001234' };
const OFFICIAL = { fullName: 'Trần Minh Khoa' };

function config(keysDir: string, revocationBase: string): string {
  const validity = `
        validity:
          valid-from: "2020-01-01T00:00:00+0000"
          valid-to: "2090-01-01T00:00:00+0000"`;
  const signerExtensions = `
        extensions:
          - id: key_usage
            critical: true
            smart-value:
              schema: key-usage
              params: [digital_signature, non_repudiation]
          - id: crl_distribution_points
            smart-value:
              schema: crl-dist-url
              params: {crl-repo-names: [interm]}`;
  return `external-url-prefix: "${revocationBase}"
keysets:
  provider:
    path-prefix: ${JSON.stringify(keysDir)}
    keys:
      root: {path: root.pem}
      interm: {path: interm.pem}
      official: {path: official.pem}
      citizen: {path: citizen.pem}
pki-architectures:
  provider:
    keyset: provider
    entity-defaults:
      country-name: VN
      organization-name: Nhà cung cấp dịch vụ ký số thử nghiệm
    entities:
      root: {common-name: Test Remote Signing Root CA}
      interm: {common-name: Test Remote Signing CA}
      official:
        common-name: ${OFFICIAL.fullName}
        organizational-unit-name: UBND phường Sài Gòn
      citizen:
        common-name: ${CITIZEN.fullName}
        serial-number: "CCCD:${CITIZEN.idNumber}"
    certs:
      root:
        subject: root
        issuer: root
        authority-key: root${validity}
        extensions:
          - id: basic_constraints
            critical: true
            value: {ca: true}
          - id: key_usage
            critical: true
            smart-value:
              schema: key-usage
              params: [digital_signature, key_cert_sign, crl_sign]
      interm:
        issuer: root${validity}
        extensions:
          - id: basic_constraints
            critical: true
            value: {ca: true, path-len-constraint: 0}
          - id: key_usage
            critical: true
            smart-value:
              schema: key-usage
              params: [digital_signature, key_cert_sign, crl_sign]
          - id: crl_distribution_points
            smart-value:
              schema: crl-dist-url
              params: {crl-repo-names: [root]}
      official:
        issuer: interm${validity}${signerExtensions}
      citizen:
        issuer: interm${validity}${signerExtensions}
      citizen-revoked:
        subject: citizen
        subject-key: citizen
        template: citizen
        revocation:
          revoked-since: "2021-01-01T00:00:00+0000"
          reason: key_compromise
    services:
      crl-repo:
        root:
          for-issuer: root
          signing-key: root
          simulated-update-schedule: "P90D"
        interm:
          for-issuer: interm
          signing-key: interm
          simulated-update-schedule: "P30D"
`;
}

/** Starts the server; `stop()` ends it. */
export async function startCscDummy(): Promise<CscDummy> {
  const python = await ensureCscDummy();
  const dir = fs.mkdtempSync(path.join(TEST_TMP, 'csc-dummy-'));
  const keysDir = path.join(dir, 'keys');
  fs.mkdirSync(keysDir);
  for (const [name, kind] of [
    ['root', 'rsa'],
    ['interm', 'rsa'],
    ['official', 'rsa'],
    ['citizen', 'ec'],
  ] as const) {
    fs.writeFileSync(path.join(keysDir, `${name}.pem`), await keyPem(kind), { mode: 0o600 });
  }
  const configFile = path.join(dir, 'certomancer.yml');
  // The certificates' CRLs come from Certomancer's own server (`animate`), on loopback too: the
  // documents' validation data (B-LT) needs them, as it needs a licensed CA's.
  const crlPort = await freePort();
  fs.writeFileSync(configFile, config(keysDir, `http://127.0.0.1:${crlPort}`));
  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  const crlLog = path.join(dir, 'crl-server.log');
  const crlServer = spawnServer(
    'certomancer-animate',
    path.join(path.dirname(python), 'certomancer'),
    ['--config', configFile, 'animate', '--port', String(crlPort), '--no-web-ui'],
    { logFile: crlLog, cwd: dir },
  );
  const server = spawnServer(
    'csc-dummy',
    python,
    ['-m', 'csc_dummy', configFile, String(port), '2'],
    { logFile },
  );
  await waitFor(
    'certomancer animate',
    async () => (await fetch(`http://127.0.0.1:${crlPort}/provider/crls/interm/latest.crl`)).ok,
    { timeoutMs: 60_000, child: crlServer.child, logFile: crlLog },
  );
  const baseUrl = `http://localhost:${port}/csc/v1`;
  await waitFor(
    'certomancer-csc-dummy',
    async () => (await fetch(`http://localhost:${port}/info`)).ok,
    {
      timeoutMs: 60_000,
      child: server.child,
      logFile,
    },
  );
  const info = (await (
    await fetch(`${baseUrl}/credentials/info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ credentialID: 'provider/root', certificates: 'single' }),
    })
  ).json()) as { cert: { certificates: string[] } };
  const rootPem = new crypto.X509Certificate(
    Buffer.from(info.cert.certificates[0] as string, 'base64'),
  ).toString();
  return {
    baseUrl,
    credentials: {
      official: 'provider/official',
      citizen: 'provider/citizen',
      revokedCitizen: 'provider/citizen-revoked',
    },
    citizen: CITIZEN,
    official: OFFICIAL,
    rootPem,
    stop: async () => {
      await Promise.all([server.stop(), crlServer.stop()]);
    },
  };
}
