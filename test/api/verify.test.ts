/**
 * POST /api/verify on the real API and MongoDB with the seeded PKI: a document sealed with a
 * unit's key verifies; tampering, later changes and revocation show; bad input gets the
 * contract's codes, never a 500. And the browser UI's static files are served under a strict CSP.
 */
import type { AddressInfo } from 'node:net';

import express from 'express';
import mongoose from 'mongoose';
import { PDFDocument } from 'pdf-lib';

import { errorHandler } from '../../api/errors';
import { rateLimit } from '../../api/rate-limit';
import { resolveSigner } from '../../activities/documents/signers';
import { loadPki, savePki } from '../../activities/pki';
import { PkiModel, PKI_ID } from '../../models/signing';

import { createLogger } from '../../runtime/logger';
import { seedDevelopment } from '../../scripts/seed';
import { parseKek, revokeCertificate, signPdf } from '../../signing';

import { serveApi, type ServedApi } from '../helpers/api';

let api: ServedApi;
let url: string;
let kek: Buffer;

async function sealed(unitCode: string, text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  const signer = await resolveSigner(
    { kind: 'seal', unitCode },
    {
      caseCode: 'T',
      kek,
      use: { kind: 'document', key: 'seal' },
    },
  );
  try {
    return await signPdf(await doc.save({ useObjectStreams: false }), signer.signer, {
      fieldName: 'Seal',
    });
  } finally {
    signer.dispose();
  }
}

async function verify(
  body: Uint8Array | string,
  contentType = 'application/pdf',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/verify`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  api = await serveApi({ label: 'verify' });
  url = api.url;
  kek = parseKek(api.deps.config.keyEncryptionKey);
  await seedDevelopment({ kek, password: 'demo', pin: '123456' });
});

afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await api?.close();
});

test('a sealed document verifies: intact, trusted, covering the whole file', async () => {
  const { status, json } = await verify(await sealed('SAIGON', 'Quyet dinh'));
  expect(status).toBe(200);
  expect(json.valid).toBe(true);
  expect(json.signatures).toEqual([
    expect.objectContaining({
      fieldName: 'Seal',
      signerName: 'Phường Sài Gòn',
      integrity: 'INTACT',
      chain: 'TRUSTED',
      coversWholeDocument: true,
      modifiedAfterSigning: false,
      padesLevel: 'B-B',
    }),
  ]);
  const signedAt = (json.signatures as Array<{ signedAt: string }>)[0]!.signedAt;
  expect(Math.abs(Date.parse(signedAt) - Date.now())).toBeLessThan(5 * 60_000);
});

test('a changed byte inside the signed range shows as BROKEN, and the document as not valid', async () => {
  const pdf = await sealed('SAIGON', 'Quyet dinh so 1');
  const tampered = Buffer.from(pdf);
  const at = tampered.indexOf('\n') + 2; // the binary comment under %PDF-: the file stays readable
  tampered[at] = (tampered[at] as number) ^ 0x01;
  const broken = await verify(tampered);
  expect(broken.status).toBe(200);
  expect(broken.json.valid).toBe(false);
  expect((broken.json.signatures as Array<{ integrity: string }>)[0]!.integrity).toBe('BROKEN');
});

test('a document sealed with a revoked certificate is reported REVOKED', async () => {
  const pdf = await sealed('BENTHANH', 'Giay tiep nhan');
  const { SealModel } = await import('../../models/signing');
  const seal = await SealModel.findOne({ unitCode: 'BENTHANH' }).lean();
  const doc = await PkiModel.findById(PKI_ID).lean();
  const state = await loadPki();
  expect(await savePki(revokeCertificate(state!, seal!.certificatePem), doc!.revision)).toBe(true);
  const { json } = await verify(pdf);
  expect(json.valid).toBe(false);
  expect((json.signatures as Array<{ chain: string }>)[0]!.chain).toBe('REVOKED');
});

test('bad input gets the contract codes, never a 500', async () => {
  const notPdf = await verify('hello, this is not a PDF');
  expect(notPdf.status).toBe(415);
  expect(notPdf.json).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });

  const wrongType = await verify('{}', 'application/json');
  expect(wrongType.status).toBe(415);

  const pdf = await sealed('SAIGON', 'x');
  const truncated = await verify(pdf.subarray(0, Math.floor(pdf.length / 3)));
  expect([400, 415]).toContain(truncated.status);
  expect(truncated.json).toHaveProperty('error.message');

  const empty = await verify(new Uint8Array(0));
  expect(empty.status).toBe(400);

  const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
  huge.write('%PDF-1.7\n');
  const tooLarge = await verify(huge);
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.json).toMatchObject({ error: { code: 'TOO_LARGE' } });
});

test('the verification page and its fonts are served, under a strict Content-Security-Policy', async () => {
  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await page.text();
  expect(html).toContain('Xác minh văn bản điện tử');
  expect(html.normalize('NFC')).toBe(html);
  const font = await fetch(`${url}/fonts/tinos-regular.ttf`);
  expect(font.headers.get('content-type')).toBe('font/ttf');
  expect(Buffer.from(await font.arrayBuffer()).readUInt32BE(0)).toBe(0x00010000);
  expect((await fetch(`${url}/fonts/../package.json`)).status).toBe(404);
});

test('the rate limit answers 429 RATE_LIMITED with Retry-After past its budget', async () => {
  const app = express();
  app.get('/x', rateLimit({ windowMs: 60_000, max: 2 }), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(createLogger('test', 'silent')));
  const s = app.listen(0);
  await new Promise((r) => s.once('listening', r));
  const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}/x`;
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(base)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const res = await fetch(base);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  } finally {
    await new Promise((r) => s.close(r));
  }
});
