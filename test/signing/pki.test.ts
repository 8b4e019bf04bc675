/**
 * PKI: the development hierarchy, certificate contents, revocation and CRLs, PKCS#12 import.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type PkiState,
  SigningError,
  createDevelopmentPki,
  exportPkcs12,
  importPkcs12,
  issueCertificate,
  issueCrl,
  loadOrCreatePki,
  parseCertificate,
  parseCrl,
  parseTrustAnchors,
  revokeCertificate,
  rootsPem,
} from '../../signing';
import { exec, scratch, validators } from './validators';
import { testKeyPair } from '../helpers/keys';

const KEK = crypto.randomBytes(32);
let pki: PkiState;
beforeAll(async () => {
  pki = await createDevelopmentPki({ kek: KEK, crlBaseUrl: 'http://localhost:3000/api/pki/crl' });
});

it('is plain JSON with encrypted CA keys', () => {
  const json = JSON.stringify(pki);
  const back = JSON.parse(json) as PkiState;
  expect(back).toEqual(pki);
  expect(json).not.toContain('BEGIN PRIVATE KEY');
  expect(back.authorities.map((a) => a.purpose)).toEqual([
    'ROOT',
    'OFFICIALS',
    'SEALS',
    'CITIZENS',
  ]);
  expect(back.authorities.every((a) => a.key.protection === 'KEK')).toBe(true);
  // Issuing still works from the round-tripped state.
  const { publicKey } = testKeyPair('ec', { namedCurve: 'P-256' });
  expect(() =>
    issueCertificate(back, KEK, {
      profile: 'SEAL',
      subject: { organization: 'Sở Xây dựng' },
      publicKey,
    }),
  ).not.toThrow();
});

it('serves the root as PEM, and the root is a CA', () => {
  const pem = rootsPem(pki);
  expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
  const root = parseCertificate(pem);
  expect(root.basicConstraints?.ca).toBe(true);
  expect(root.keyUsage?.keyCertSign).toBe(true);
  expect(parseTrustAnchors(pem)).toHaveLength(1);
});

it('issues officials certificates with name, title, unit and signing key usages', () => {
  const { publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
  const issued = issueCertificate(pki, KEK, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Nguyễn Văn A',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Sài Gòn',
      organizationalUnit: 'Bộ phận Một cửa',
    },
    publicKey,
  });
  const c = parseCertificate(issued.certificatePem);
  expect(c.subject).toMatchObject({
    commonName: 'Nguyễn Văn A',
    title: 'Phó Chủ tịch',
    organization: 'Ủy ban nhân dân phường Sài Gòn',
    organizationalUnit: 'Bộ phận Một cửa',
    country: 'VN',
  });
  expect(c.keyUsage).toMatchObject({
    digitalSignature: true,
    nonRepudiation: true,
    keyCertSign: false,
  });
  expect(c.basicConstraints?.ca).toBe(false);
  expect(c.crlDistributionPoints).toEqual(['http://localhost:3000/api/pki/crl/officials.crl']);
  expect(issued.chainPems).toHaveLength(2);
});

it('issues applicant certificates with the 12-digit identity number, and refuses a bad one', () => {
  const { publicKey } = testKeyPair('ec', { namedCurve: 'P-256' });
  const issued = issueCertificate(pki, KEK, {
    profile: 'APPLICANT',
    subject: { fullName: 'Lê Thị Hồng', idNumber: '079190001234' },
    publicKey,
  });
  expect(parseCertificate(issued.certificatePem).subject.serialNumber).toBe('CCCD:079190001234');
  expect(() =>
    issueCertificate(pki, KEK, {
      profile: 'APPLICANT',
      subject: { fullName: 'X', idNumber: '1234' },
      publicKey,
    }),
  ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  const { publicKey: weak } = testKeyPair('rsa', { modulusLength: 1024 });
  expect(() =>
    issueCertificate(pki, KEK, {
      profile: 'APPLICANT',
      subject: { fullName: 'X', idNumber: '079190001234' },
      publicKey: weak,
    }),
  ).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_KEY' }));
});

it('chains for OpenSSL and for NSS certutil (email signer usage)', async () => {
  const dir = scratch();
  const { publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
  const issued = issueCertificate(pki, KEK, {
    profile: 'SEAL',
    subject: { organization: 'Sở Xây dựng' },
    publicKey,
  });
  writeFileSync(path.join(dir, 'leaf.pem'), issued.certificatePem);
  writeFileSync(path.join(dir, 'chain.pem'), issued.chainPems.join(''));
  const out = execFileSync('openssl', [
    'verify',
    '-CAfile',
    path.join(dir, 'chain.pem'),
    path.join(dir, 'leaf.pem'),
  ]);
  expect(out.toString()).toContain(': OK');
  const v = await validators();
  await exec(v.certutil, ['-N', '-d', `sql:${dir}`, '--empty-password']);
  writeFileSync(path.join(dir, 'root.pem'), issued.chainPems[1] as string);
  await exec(v.certutil, [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'root',
    '-t',
    'C,C,C',
    '-i',
    path.join(dir, 'root.pem'),
  ]);
  writeFileSync(path.join(dir, 'int.pem'), issued.chainPems[0] as string);
  await exec(v.certutil, [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'int',
    '-t',
    ',,',
    '-i',
    path.join(dir, 'int.pem'),
  ]);
  await exec(v.certutil, [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'leaf',
    '-t',
    ',,',
    '-i',
    path.join(dir, 'leaf.pem'),
  ]);
  const r = await exec(v.certutil, ['-V', '-d', `sql:${dir}`, '-n', 'leaf', '-u', 'S']);
  expect(r.stdout + r.stderr).toContain('certificate is valid');
});

it('revokes a serial and publishes a signed CRL (DER and PEM) that lists it', () => {
  const { publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
  const issued = issueCertificate(pki, KEK, {
    profile: 'OFFICIAL',
    subject: { fullName: 'Phạm Văn C', title: 'Chủ tịch', organization: 'UBND phường Bến Thành' },
    publicKey,
  });
  const revoked = revokeCertificate(pki, issued.certificatePem, { reason: 'keyCompromise' });
  expect(pki.authorities[1]?.revoked).toHaveLength(0); // input not mutated
  const { crl, state } = issueCrl(revoked, KEK, 'OFFICIALS');
  expect(state.authorities[1]?.crlNumber).toBe(1);
  const parsed = parseCrl(crl.der);
  expect([...parsed.revoked.keys()]).toEqual([issued.serialNumber]);
  expect(parsed.revoked.get(issued.serialNumber)?.reason).toBe(1);
  expect(parseCrl(crl.pem).crlNumber).toBe(1);
  const dir = scratch();
  writeFileSync(path.join(dir, 'c.crl'), crl.der);
  writeFileSync(path.join(dir, 'ca.pem'), issued.chainPems.join(''));
  const text = execFileSync(
    'openssl',
    [
      'crl',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'c.crl'),
      '-CAfile',
      path.join(dir, 'ca.pem'),
      '-noout',
      '-text',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  expect(text.toString().toUpperCase()).toContain(issued.serialNumber.toUpperCase());
});

it('imports PKCS#12 files made by OpenSSL (EC) and by forge (RSA), and refuses a wrong password', () => {
  const dir = scratch();
  const key = path.join(dir, 'k.pem');
  const { publicKey, privateKey } = testKeyPair('ec', { namedCurve: 'P-256' });
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const issued = issueCertificate(pki, KEK, {
    profile: 'SEAL',
    subject: { organization: 'Sở Tư pháp' },
    publicKey,
  });
  writeFileSync(path.join(dir, 'c.pem'), issued.certificatePem);
  writeFileSync(path.join(dir, 'chain.pem'), issued.chainPems.join(''));
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    key,
    '-in',
    path.join(dir, 'c.pem'),
    '-certfile',
    path.join(dir, 'chain.pem'),
    '-out',
    path.join(dir, 'x.p12'),
    '-passout',
    'pass:s3cret-P12',
  ]);
  const p12 = readFileSync(path.join(dir, 'x.p12'));
  const id = importPkcs12(p12, 's3cret-P12');
  expect(parseCertificate(id.certificatePem).subject.organization).toBe('Sở Tư pháp');
  expect(id.chainPems).toHaveLength(2);
  expect(id.privateKey.asymmetricKeyType).toBe('ec');
  expect(() => importPkcs12(p12, 'wrong')).toThrow(SigningError);

  const rsa = testKeyPair('rsa', { modulusLength: 2048 });
  const rsaCert = issueCertificate(pki, KEK, {
    profile: 'SEAL',
    subject: { organization: 'Sở Y tế' },
    publicKey: rsa.publicKey,
  });
  const exported = exportPkcs12(
    {
      privateKey: rsa.privateKey,
      certificatePem: rsaCert.certificatePem,
      chainPems: rsaCert.chainPems,
    },
    'pw',
  );
  const back = importPkcs12(exported, 'pw');
  expect(back.certificatePem).toBe(parseCertificate(rsaCert.certificatePem).pem);
  expect(() => importPkcs12(Buffer.from('not a p12'), 'pw')).toThrow(
    expect.objectContaining({ code: 'PKCS12_INVALID' }),
  );
});

it('keeps a file-backed state for the CLI tools', async () => {
  const file = path.join(scratch(), 'pki.json');
  const a = await loadOrCreatePki(file, { kek: KEK });
  const b = await loadOrCreatePki(file, { kek: KEK });
  expect(b).toEqual(a);
});
