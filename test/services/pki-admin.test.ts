/**
 * PKI administration on the real MongoDB: a licensed CA's roots become trust anchors, an
 * official's and a seal's PKCS#12 are imported and then sign documents that verify; a locked key
 * is unlocked; a revoked certificate shows as REVOKED at once.
 */
import mongoose from 'mongoose';
import { PDFDocument } from 'pdf-lib';
import { resolveSigner } from '../../activities/documents/signers';
import { verificationMaterial } from '../../activities/pki';
import {
  addDeploymentTrustAnchors,
  importOfficialCertificate,
  importSealCertificate,
  PkiAdminError,
  revokeSigner,
  unlockOfficialKey,
} from '../../services/pki-admin';
import { authorizeSigning, SigningAuthorizationError } from '../../activities/signing-grants';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { seedDevelopment } from '../../scripts/seed';
import {
  createDevelopmentPki,
  exportPkcs12,
  generateKeyPair,
  issueCertificate,
  type PkiState,
  rootsPem,
  signPdf,
  verifyPdf,
} from '../../signing';
import { isolatedMongoUri } from '../helpers/env';

const kek = Buffer.alloc(32, 3);
/** Stands in for a licensed CA outside the deployment. */
let licensedCa: PkiState;
beforeAll(async () => {
  licensedCa = await createDevelopmentPki({
    kek,
    organization: 'Tổ chức cung cấp dịch vụ chứng thực (thử)',
  });
});

async function p12For(
  profile: 'OFFICIAL' | 'SEAL',
  name: string,
  password: string,
): Promise<{ p12: Buffer; serial: string }> {
  const keys = await generateKeyPair('RSA-2048');
  const issued =
    profile === 'OFFICIAL'
      ? issueCertificate(licensedCa, kek, {
          profile,
          publicKey: keys.publicKey,
          subject: { fullName: name, title: 'Chủ tịch', organization: 'Phường Sài Gòn' },
        })
      : issueCertificate(licensedCa, kek, {
          profile,
          publicKey: keys.publicKey,
          subject: { organization: name },
        });
  return {
    p12: exportPkcs12(
      {
        privateKey: keys.privateKey,
        certificatePem: issued.certificatePem,
        chainPems: issued.chainPems,
      },
      password,
    ),
    serial: issued.serialNumber,
  };
}

async function signAndVerify(ref: Parameters<typeof resolveSigner>[0]) {
  const doc = await PDFDocument.create();
  doc.addPage();
  const signer = await resolveSigner(ref, {
    caseCode: 'ADMIN',
    kek,
    use: { kind: 'document', key: 'admin' },
  });
  let pdf: Buffer;
  try {
    pdf = await signPdf(await doc.save(), signer.signer, { fieldName: 'S' });
  } finally {
    signer.dispose();
  }
  const material = await verificationMaterial(kek);
  return verifyPdf(pdf, material!);
}

const refusal = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof PkiAdminError ? e.code : e),
  );

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('pkiadmin'));
  await seedDevelopment({ kek, password: 'demo', pin: '123456' });
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

test("a licensed CA's official certificate is refused until its root is trusted, then signs", async () => {
  const { p12, serial } = await p12For('OFFICIAL', 'Võ Thị Ánh', 'p12-pass');
  const attempt = () =>
    importOfficialCertificate({
      username: 'ward.saigon',
      p12,
      password: 'p12-pass',
      pin: '2468',
      kek,
    });
  expect(await refusal(attempt())).toBe('VALIDATION_FAILED');
  expect(
    await refusal(
      importOfficialCertificate({
        username: 'ward.saigon',
        p12,
        password: 'wrong',
        pin: '2468',
        kek,
      }),
    ),
  ).toBe('VALIDATION_FAILED');

  expect(await addDeploymentTrustAnchors(rootsPem(licensedCa))).toEqual({ added: 1 });
  expect(await addDeploymentTrustAnchors(rootsPem(licensedCa))).toEqual({ added: 0 });
  const imported = await attempt();
  expect(imported.serialNumber).toBe(serial);

  const official = await OfficialModel.findById('ward.saigon').lean();
  const stored = JSON.stringify(official?.signing);
  expect(stored).toContain('BEGIN ENCRYPTED PRIVATE KEY');
  expect(stored).not.toContain('BEGIN PRIVATE KEY');
  expect(stored).not.toContain('p12-pass');
  const grant = await authorizeSigning({
    officialId: 'ward.saigon',
    caseCode: 'ADMIN',
    pin: '2468',
    kek,
  });
  const report = await signAndVerify({
    kind: 'official',
    actor: { id: 'ward.saigon', name: 'Võ Thị Ánh', title: 'Chủ tịch', unitCode: 'SAIGON' },
    grant,
  });
  expect(report.valid).toBe(true);
  expect(report.signatures[0]?.signerName).toBe('Võ Thị Ánh');
  expect(report.signatures[0]?.chain).toBe('TRUSTED');
});

test("a unit's seal is imported from PKCS#12 and seals documents that verify", async () => {
  const { p12 } = await p12For('SEAL', 'Ủy ban nhân dân phường Bến Thành', 'seal-pass');
  await importSealCertificate({ unitCode: 'BENTHANH', p12, password: 'seal-pass', kek });
  const report = await signAndVerify({ kind: 'seal', unitCode: 'BENTHANH' });
  expect(report.valid).toBe(true);
  expect(report.signatures[0]?.signerName).toBe('Ủy ban nhân dân phường Bến Thành');
  expect(
    await refusal(importSealCertificate({ unitCode: 'NOWHERE', p12, password: 'seal-pass', kek })),
  ).toBe('NOT_FOUND');
});

test('a key locked by five wrong PINs signs again after an administrator unlocks it', async () => {
  const base = { officialId: 'ward.benthanh', caseCode: 'ADMIN', kek };
  for (let i = 0; i < 5; i++) await authorizeSigning({ ...base, pin: '0' }).catch(() => undefined);
  const locked = await authorizeSigning({ ...base, pin: '123456' }).catch((e: unknown) => e);
  expect((locked as SigningAuthorizationError).code).toBe('LOCKED');
  expect(await unlockOfficialKey('ward.benthanh')).toEqual({ wasLocked: true });
  expect(typeof (await authorizeSigning({ ...base, pin: '123456' }))).toBe('string');
  expect(await unlockOfficialKey('ward.benthanh')).toEqual({ wasLocked: false });
  expect(await refusal(unlockOfficialKey('nobody'))).toBe('NOT_FOUND');
});

test('a revoked seal shows as REVOKED on the next verification', async () => {
  expect((await signAndVerify({ kind: 'seal', unitCode: 'TANDINH' })).valid).toBe(true);
  await revokeSigner('seal:TANDINH');
  const report = await signAndVerify({ kind: 'seal', unitCode: 'TANDINH' });
  expect(report.valid).toBe(false);
  expect(report.signatures[0]?.chain).toBe('REVOKED');
  expect(await refusal(revokeSigner('seal:NOWHERE'))).toBe('NOT_FOUND');
});
