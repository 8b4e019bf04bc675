/**
 * Development seed: the PKI, a seal for every unit and the demo officials of API.md with their
 * signing keys (`npm run seed`; `npm start` runs it). Idempotent: what exists is kept, so keys and
 * certificates survive restarts; passwords follow $DEMO_PASSWORD. With `--cases N` (and the
 * worker running) it then adds N demo cases (scripts/seed-cases.ts).
 */
import { listDemoOfficials, listUnits } from '../domain/catalogue';
import type { DemoOfficial } from '../domain/catalogue';
import { hashPassword } from '../api/auth/passwords';
import { ensureDevelopmentPki } from '../activities/pki';
import { connectMongo, disconnectMongo, syncAllIndexes, isDuplicateKey } from '../models/db';
import { OfficialModel } from '../models/official';
import { SealModel, sealIdOf } from '../models/signing';
import { enrollSigner, parseKek, type PkiState } from '../signing';
import { loadConfig } from '../runtime/config';
import { seedCasesMain } from './seed-cases';

export interface SeedOptions {
  kek: Buffer;
  password: string;
  pin: string;
  /** Base URL the CRLs are published under. */
  publicBaseUrl?: string;
}

export interface SeedReport {
  officials: string[];
  seals: string[];
  created: { officials: number; seals: number };
}

/** "KT. GIÁM ĐỐC" for a deputy director, "KT. CHỦ TỊCH" for a vice-chair; none otherwise. */
export function authorityPrefixFor(position: string): string | null {
  if (/^Phó Giám đốc/i.test(position)) return 'KT. GIÁM ĐỐC';
  if (/^Phó Chủ tịch/i.test(position)) return 'KT. CHỦ TỊCH';
  return null;
}

async function seedSeals(pki: PkiState, kek: Buffer): Promise<{ all: string[]; created: number }> {
  let created = 0;
  const all: string[] = [];
  for (const unit of listUnits()) {
    all.push(unit.code);
    if (await SealModel.exists({ unitCode: unit.code })) continue;
    const enrolled = await enrollSigner(pki, kek, {
      profile: 'SEAL',
      subject: {
        organization: unit.name,
        province: 'Thành phố Hồ Chí Minh',
        organizationIdentifier: unit.agencyId,
      },
      keyId: `seal:${unit.code}`,
    });
    try {
      await SealModel.create({
        _id: sealIdOf(unit.code),
        unitCode: unit.code,
        name: unit.name,
        certificatePem: enrolled.certificatePem,
        chainPems: enrolled.chainPems,
        keyRecord: enrolled.keyRecord as unknown as Record<string, unknown>,
      });
      created++;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return { all, created };
}

async function seedOfficial(o: DemoOfficial, pki: PkiState, opts: SeedOptions): Promise<boolean> {
  const unit = o.unitCode ? listUnits().find((u) => u.code === o.unitCode) : undefined;
  const existing = await OfficialModel.findById(o.username).lean();
  const profile = {
    username: o.username,
    fullName: o.fullName,
    title: o.title,
    position: o.position,
    authorityPrefix: authorityPrefixFor(o.position),
    unitCode: o.unitCode,
    roles: [...o.roles],
    email: `${o.username}@motcua.example.gov.vn`,
    phone: null,
    passwordHash: await hashPassword(opts.password),
    active: true,
  };
  if (existing) {
    await OfficialModel.updateOne({ _id: o.username }, { $set: profile });
    return false;
  }
  const enrolled = await enrollSigner(pki, opts.kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: o.fullName,
      title: o.position,
      organization: unit?.name ?? 'Ủy ban nhân dân Thành phố Hồ Chí Minh',
      province: 'Thành phố Hồ Chí Minh',
    },
    pin: opts.pin,
    keyId: `official:${o.username}`,
  });
  try {
    await OfficialModel.create({
      _id: o.username,
      ...profile,
      signing: {
        certificatePem: enrolled.certificatePem,
        chainPems: enrolled.chainPems,
        keyRecord: enrolled.keyRecord as unknown as Record<string, unknown>,
      },
      signingRevision: 0,
    });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}

/** Seeds into the connected database. */
export async function seedDevelopment(opts: SeedOptions): Promise<SeedReport> {
  await syncAllIndexes();
  const crlBase = opts.publicBaseUrl ? `${opts.publicBaseUrl}/api/pki/crl` : undefined;
  const pki = await ensureDevelopmentPki(opts.kek, crlBase);
  const seals = await seedSeals(pki, opts.kek);
  const officials: string[] = [];
  let createdOfficials = 0;
  for (const o of listDemoOfficials()) {
    if (await seedOfficial(o, pki, opts)) createdOfficials++;
    officials.push(o.username);
  }
  return {
    officials,
    seals: seals.all,
    created: { officials: createdOfficials, seals: seals.created },
  };
}

/** `--cases N`: N more demo cases; `--demo-cases`: the demo month, on an empty database only. */
function casesFlag(): number | null | undefined {
  if (process.argv.includes('--demo-cases')) return null;
  const i = process.argv.indexOf('--cases');
  if (i < 0) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 5000)
    throw new Error('--cases takes a number from 1 to 5000');
  return n;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const cases = casesFlag();
  if (!config.demo.enabled) throw new Error('The demo seed runs only in development mode.');
  await connectMongo(config.mongodbUri);
  try {
    const report = await seedDevelopment({
      kek: parseKek(config.keyEncryptionKey),
      password: config.demo.password,
      pin: config.demo.pin,
      publicBaseUrl: config.publicBaseUrl,
    });
    console.log(
      `Seeded ${report.officials.length} officials (${report.created.officials} new) and ` +
        `${report.seals.length} seals (${report.created.seals} new).`,
    );
    // Cases need the worker: `npm start` runs this step once its worker is up.
    if (cases !== undefined) console.log(await seedCasesMain(cases));
  } finally {
    await disconnectMongo();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
