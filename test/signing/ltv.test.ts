/**
 * Time and long-term validation: signatures judged at their time-stamp's time (a certificate
 * revoked after a time-stamped signature still validates, one signed after the revocation does
 * not), the OCSP responder (good, revoked, unknown CA, nonce echo), document time-stamps and
 * their renewal, and "altered after signing" in Vietnamese. Times are relative to the PKI's
 * creation, never to a date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  DeploymentOcspResponder,
  LocalKeySigner,
  LocalTimestampAuthority,
  type PkiState,
  type RevocationSource,
  addArchiveTimestamp,
  addValidationData,
  archiveStatus,
  authorityCertificatesPem,
  buildOcspRequest,
  certIdOf,
  checkTimestampToken,
  createDevelopmentPki,
  enrollSigner,
  issueCrl,
  parseCertificate,
  parseOcspResponse,
  renewTsa,
  revokeCertificate,
  rootsPem,
  savePkiState,
  signPdf,
  unlockWithKek,
  verifyPdf,
} from '../../signing';
import { startTrustServer } from './trust-server';
import { dssValidate, nssDbTrusting, pdfsig, scratch } from './validators';

const KEK = Buffer.alloc(32, 11);
const MIN = 60_000;
let pki: PkiState;
let t0: Date;

const tsaAt = (state: PkiState, at: () => Date): LocalTimestampAuthority => {
  const tsa = state.tsa as NonNullable<PkiState['tsa']>;
  return new LocalTimestampAuthority(
    unlockWithKek(tsa.key, KEK)._keyObject(),
    tsa.certificatePem,
    tsa.chainPems,
    at,
  );
};

const revocationAt = (state: PkiState, at: Date): RevocationSource => {
  const responder = new DeploymentOcspResponder(state, KEK);
  return async (cert, issuer) => {
    const ocsp = responder.responseFor(cert, issuer, at);
    return ocsp ? { ocsp } : undefined;
  };
};

async function blankPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Quyet dinh', {
    x: 60,
    y: 760,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return Buffer.from(await doc.save());
}

async function official(state: PkiState): Promise<{ signer: LocalKeySigner; pem: string }> {
  const who = await enrollSigner(state, KEK, {
    profile: 'SEAL',
    subject: { organization: 'Sở Xây dựng', province: 'Thành phố Hồ Chí Minh' },
    now: t0,
  });
  return {
    signer: new LocalKeySigner(
      unlockWithKek(who.keyRecord, KEK),
      who.certificatePem,
      who.chainPems,
    ),
    pem: who.certificatePem,
  };
}

beforeAll(async () => {
  t0 = new Date();
  pki = await createDevelopmentPki({ kek: KEK, now: t0, publicBaseUrl: 'http://127.0.0.1:9' });
}, 60_000);

describe('the certificates of the deployment', () => {
  it('carry a CRL distribution point and AIA (OCSP, CA issuers) under the public base URL', async () => {
    const { pem } = await official(pki);
    const cert = parseCertificate(pem);
    expect(cert.crlDistributionPoints).toEqual(['http://127.0.0.1:9/api/pki/crl/seals.crl']);
    expect(cert.ocspUrls).toEqual(['http://127.0.0.1:9/api/pki/ocsp']);
    expect(cert.caIssuersUrls).toEqual(['http://127.0.0.1:9/api/pki/ca/seals.cer']);
    const tsa = parseCertificate((pki.tsa as NonNullable<PkiState['tsa']>).certificatePem);
    expect(tsa.extKeyUsage).toEqual({ purposes: ['1.3.6.1.5.5.7.3.8'], critical: true });
    expect(tsa.crlDistributionPoints).toEqual(['http://127.0.0.1:9/api/pki/crl/root.crl']);
    for (const ca of pki.authorities) {
      const responder = parseCertificate(
        (ca.responder as { certificatePem: string }).certificatePem,
      );
      expect(responder.ocspNoCheck).toBe(true);
      expect(responder.extKeyUsage?.purposes).toEqual(['1.3.6.1.5.5.7.3.9']);
      expect(responder.issuerDer.equals(parseCertificate(ca.certificatePem).subjectDer)).toBe(true);
    }
  });
});

describe('the OCSP responder', () => {
  it('answers good, then revoked, echoes the nonce, and refuses certificates of other CAs', async () => {
    let state = pki;
    const { pem } = await official(state);
    const cert = parseCertificate(pem);
    const seals = parseCertificate(
      (state.authorities.find((a) => a.purpose === 'SEALS') as { certificatePem: string })
        .certificatePem,
    );
    const nonce = Buffer.from('0123456789abcdef', 'hex');
    const request = buildOcspRequest([certIdOf(cert, seals)], nonce);
    const good = parseOcspResponse(new DeploymentOcspResponder(state, KEK).respond(request));
    expect(good.responses[0]?.certStatus).toEqual({ status: 'good' });
    expect(good.nonceExtensionValue?.subarray(2).equals(nonce)).toBe(true);

    state = revokeCertificate(state, pem, {
      at: new Date(t0.getTime() + MIN),
      reason: 'keyCompromise',
    });
    const later = new Date(t0.getTime() + 2 * MIN);
    const revoked = parseOcspResponse(
      new DeploymentOcspResponder(state, KEK).respond(request, later),
    );
    expect(revoked.responses[0]?.certStatus).toEqual({
      status: 'revoked',
      revokedAt: new Date(Math.floor((t0.getTime() + MIN) / 1000) * 1000),
      reason: 'keyCompromise',
    });

    const other = await createDevelopmentPki({ kek: KEK, now: t0 });
    const stranger = parseCertificate(
      (
        await enrollSigner(other, KEK, {
          profile: 'SEAL',
          subject: { organization: 'Khác', province: 'Hà Nội' },
        })
      ).certificatePem,
    );
    const foreign = parseCertificate(
      (other.authorities[2] as { certificatePem: string }).certificatePem,
    );
    const refused = new DeploymentOcspResponder(state, KEK).respond(
      buildOcspRequest([certIdOf(stranger, foreign)]),
    );
    expect(() => parseOcspResponse(refused)).toThrow(/status 6/);
    expect(new DeploymentOcspResponder(state, KEK).respond(Buffer.from('nonsense'))[4]).toBe(1);
  }, 60_000);
});

describe('a signature judged at its time-stamp', () => {
  it('still validates when the certificate is revoked afterwards, and fails when signed after the revocation', async () => {
    const { signer, pem } = await official(pki);
    const signedAt = new Date(t0.getTime() + 10 * MIN);
    const revokedAt = new Date(t0.getTime() + 60 * MIN);
    const lateAt = new Date(t0.getTime() + 120 * MIN);

    const before = await addValidationData(
      await signPdf(await blankPdf(), signer, {
        fieldName: 'approver',
        signingTime: signedAt,
        timestamper: tsaAt(pki, () => signedAt),
      }),
      {
        revocation: revocationAt(pki, new Date(signedAt.getTime() + MIN)),
        extraCertificatesPem: authorityCertificatesPem(pki),
      },
    );
    const revoked = revokeCertificate(pki, pem, { at: revokedAt, reason: 'keyCompromise' });
    const after = await signPdf(await blankPdf(), signer, {
      fieldName: 'approver',
      signingTime: lateAt,
      timestamper: tsaAt(revoked, () => lateAt),
    });
    const crls = [
      issueCrl(revoked, KEK, 'SEALS', { now: new Date(lateAt.getTime() + MIN) }).crl.der,
    ];
    const material = { trustAnchorsPem: rootsPem(pki), crls };

    const early = await verifyPdf(before, material);
    expect(early.valid).toBe(true);
    expect(early.signatures[0]).toMatchObject({
      chain: 'TRUSTED',
      level: 'B-LT',
      timestampedAt: signedAt.toISOString().replace(/\.\d+Z$/, '.000Z'),
      revokedAt: new Date(Math.floor(revokedAt.getTime() / 1000) * 1000).toISOString(),
    });

    const late = await verifyPdf(after, material);
    expect(late.valid).toBe(false);
    expect(late.signatures[0]).toMatchObject({ chain: 'REVOKED', level: 'B-T' });
    expect(late.message).toBe('Chứng thư số của người ký đã bị thu hồi trước thời điểm ký.');
  }, 60_000);
});

describe("pdfsig (NSS) and the deployment's OCSP responder", () => {
  it('trusts a good certificate and finds a revoked one revoked, asking the responder over HTTP', async () => {
    const dir = scratch('ltv-pdfsig-');
    const stateFile = path.join(dir, 'pki.json');
    const server = await startTrustServer(() => stateFile, KEK);
    try {
      let state = await createDevelopmentPki({ kek: KEK, publicBaseUrl: server.baseUrl });
      await savePkiState(stateFile, state);
      const good = await official(state);
      const bad = await official(state);
      const sign = async (who: { signer: LocalKeySigner }, name: string): Promise<string> => {
        const file = path.join(dir, name);
        writeFileSync(file, await signPdf(await blankPdf(), who.signer, { fieldName: 'seal' }));
        return file;
      };
      const goodFile = await sign(good, 'good.pdf');
      const badFile = await sign(bad, 'revoked.pdf');
      state = revokeCertificate(state, bad.pem, { reason: 'keyCompromise' });
      await savePkiState(stateFile, state);
      const nss = await nssDbTrusting(rootsPem(state));
      const [ok] = await pdfsig(goodFile, nss);
      expect(ok).toMatchObject({
        signatureValid: true,
        certificateStatus: 'Certificate is Trusted.',
      });
      const [revoked] = await pdfsig(badFile, nss);
      expect(revoked).toMatchObject({
        signatureValid: true,
        certificateStatus: 'Certificate has been Revoked.',
      });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('document time-stamps (B-LTA) and their renewal', () => {
  it('renews before the TSA certificate ends: a new TSA, a new DSS, a second document time-stamp', async () => {
    const shortLived = await createDevelopmentPki({
      kek: KEK,
      now: t0,
      publicBaseUrl: 'http://127.0.0.1:9',
      tsaValidityDays: 30,
    });
    const { signer } = await official(shortLived);
    const ltv = {
      revocation: revocationAt(shortLived, t0),
      extraCertificatesPem: authorityCertificatesPem(shortLived),
    };
    const archived = await addArchiveTimestamp(
      await signPdf(await blankPdf(), signer, {
        fieldName: 'seal',
        timestamper: tsaAt(shortLived, () => t0),
      }),
      { ...ltv, timestamper: tsaAt(shortLived, () => t0) },
    );
    expect((await verifyPdf(archived, { trustAnchorsPem: rootsPem(shortLived) })).level).toBe(
      'B-LTA',
    );
    const status = await archiveStatus(archived, { now: t0, marginDays: 90 });
    expect(status.renewalDue).toBe(true);
    expect(status.tsaCertificateNotAfter?.getTime()).toBeLessThan(t0.getTime() + 31 * 86_400_000);

    const renewedPki = await renewTsa(shortLived, KEK, { now: t0, validityDays: 3650 });
    const renewed = await addArchiveTimestamp(archived, {
      revocation: revocationAt(renewedPki, t0),
      extraCertificatesPem: authorityCertificatesPem(renewedPki),
      timestamper: tsaAt(renewedPki, () => new Date(t0.getTime() + MIN)),
    });
    expect(renewed.subarray(0, archived.length).equals(archived)).toBe(true);
    expect((await archiveStatus(renewed, { now: t0, marginDays: 90 })).renewalDue).toBe(false);
    const report = await verifyPdf(renewed, { trustAnchorsPem: rootsPem(renewedPki) });
    expect(report.valid).toBe(true);
    expect(report.documentTimestamps.map((t) => t.chain)).toEqual(['TRUSTED', 'TRUSTED']);
    expect(report.signatures[0]?.level).toBe('B-LTA');

    const dir = scratch('ltv-renewal-');
    const file = path.join(dir, 'renewed.pdf');
    writeFileSync(file, renewed);
    writeFileSync(path.join(dir, 'roots.pem'), rootsPem(renewedPki));
    const dss = await dssValidate([file], path.join(dir, 'roots.pem'));
    expect(dss.get(file)?.map((t) => [t.indication, t.format])).toEqual([
      ['TOTAL_PASSED', 'PAdES-BASELINE-LTA'],
    ]);
  }, 120_000);

  it('rejects a token that does not cover the data', async () => {
    const token = await tsaAt(pki, () => t0).timestamp(Buffer.alloc(32, 1));
    expect(checkTimestampToken(token, { digest: Buffer.alloc(32, 1) }).ok).toBe(true);
    expect(checkTimestampToken(token, { digest: Buffer.alloc(32, 2) }).errors).toContain(
      'the time-stamp does not cover this data (message imprint mismatch)',
    );
  });
});

describe('altered after signing', () => {
  it('says so in Vietnamese when a signed compressed stream changed, not that the file is unreadable', async () => {
    const { signer } = await official(pki);
    const signed = await signPdf(await blankPdf(), signer, { fieldName: 'approver' });
    // Flip one byte inside the page's compressed content stream.
    const text = signed.toString('latin1');
    const start = text.indexOf('stream', text.indexOf('/Filter /FlateDecode')) + 'stream\n'.length;
    const altered = Buffer.from(signed);
    altered[start + 5] = ((altered[start + 5] as number) ^ 0xff) & 0xff;
    const report = await verifyPdf(altered, { trustAnchorsPem: rootsPem(pki) });
    expect(report.valid).toBe(false);
    expect(report.message).toBe('Văn bản đã bị thay đổi sau khi ký');
    expect(report.signatures[0]?.integrity).toBe('BROKEN');
  });
});
