/**
 * A real stack for integration tests: the Temporal dev server and MongoDB of the global setup, a
 * database of the test's own seeded with the demo PKI, seals and officials, and a case worker
 * with the real activities on a task queue of its own.
 */
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import mongoose from 'mongoose';
import crypto from 'node:crypto';
import { EXAMPLE_APPLICATIONS, getProcedure, getUnit } from '../../domain/catalogue';
import { dossierSerialKey, formatDossierCode } from '../../domain/dossier-code';
import { authorizeSigning } from '../../activities/signing-grants';
import { connectMongo, disconnectMongo } from '../../models/db';
import { loadConfig, type Config } from '../../runtime/config';
import { seedDevelopment } from '../../scripts/seed';
import { parseKek } from '../../signing';
import { actUpdate, type ActionRequest } from '../../workflows/messages';
import type { CaseInput, CaseState } from '../../workflows/state';
import { OfficialModel, toActor } from '../../models/official';
import { createCaseWorker } from '../../worker/create-worker';
import type { Actor } from '../../domain/types';
import { isolatedMongoUri, temporalAddress, uniqueTaskQueue, workflowBundle } from '../helpers/env';
import { caseAfter } from '../helpers/case-answer';

export const DEMO_PIN = '123456';

export interface Harness {
  config: Config;
  kek: Buffer;
  client: Client;
  taskQueue: string;
  mongoUri: string;
  startWorker(): Promise<{ worker: Worker; stop(): Promise<void> }>;
  startCase(
    procedureCode?: string,
    wardCode?: string,
    override?: Partial<CaseInput>,
  ): Promise<WorkflowHandle>;
  actor(username: string): Promise<Actor>;
  /**
   * Starts today's dossier serials of a ward at a random base: dossier codes are workflow ids on
   * the Temporal server every test file shares, so this file's must meet no other file's.
   */
  spreadDossierSerials(wardCode: string): Promise<void>;
  act(
    h: WorkflowHandle,
    username: string,
    req: Omit<ActionRequest, 'actor'> & { pin?: string },
  ): Promise<CaseState>;
  close(): Promise<void>;
}

let serial = 0;

export async function createHarness(
  label: string,
  options: {
    mongoUri?: string;
    /**
     * Where the seeded PKI's certificates point their CRL distribution points and OCSP/CA-issuer
     * URLs (the API that `serveApi` will listen on), for validators that fetch revocation data.
     */
    publicBaseUrl?: string;
  } = {},
): Promise<Harness> {
  const mongoUri = options.mongoUri ?? isolatedMongoUri(label);
  const taskQueue = uniqueTaskQueue(label);
  const config: Config = {
    ...loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      MONGODB_URI: mongoUri,
      ...(options.publicBaseUrl ? { PUBLIC_BASE_URL: options.publicBaseUrl } : {}),
    }),
    temporal: { address: temporalAddress(), namespace: 'default', taskQueue },
  };
  const kek = parseKek(config.keyEncryptionKey);
  await connectMongo(mongoUri);
  await seedDevelopment({
    kek,
    password: 'demo',
    pin: DEMO_PIN,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
  });
  const connection = await Connection.connect({ address: temporalAddress() });
  const client = new Client({ connection });
  const workers: Array<{ stop(): Promise<void> }> = [];

  const harness: Harness = {
    config,
    kek,
    client,
    taskQueue,
    mongoUri,
    async startWorker() {
      const native = await NativeConnection.connect({ address: temporalAddress() });
      const worker = await createCaseWorker({
        connection: native,
        config,
        workflowBundlePath: workflowBundle().codePath,
      });
      const running = worker.run();
      let stopped: Promise<void> | null = null;
      const handle = {
        worker,
        stop() {
          stopped ??= (async () => {
            if (worker.getState() === 'RUNNING') worker.shutdown();
            await running;
            await native.close();
          })();
          return stopped;
        },
      };
      workers.push(handle);
      return handle;
    },
    async startCase(procedureCode = '1.009994.000.00.00.H29', wardCode = 'SAIGON', override = {}) {
      const procedure = getProcedure(procedureCode);
      const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === procedureCode);
      if (!procedure || !example) throw new Error(`no example for ${procedureCode}`);
      const code = formatDossierCode('000.26.01.H29', new Date(), 9000 + (++serial % 999));
      const input: CaseInput = {
        code: `${code}-${label}-${Date.now().toString(36)}`,
        procedureCode,
        wardCode,
        applicant: example.applicant,
        form: example.form,
        submittedAt: new Date().toISOString(),
        ...override,
      };
      return client.workflow.start('caseWorkflow', {
        taskQueue,
        workflowId: input.code,
        args: [input],
      });
    },
    async spreadDossierSerials(wardCode) {
      const unit = getUnit(wardCode);
      if (!unit) throw new Error(`no unit ${wardCode}`);
      await mongoose.connection.collection<{ _id: string; seq: number }>('counters').insertOne({
        _id: dossierSerialKey(unit.agencyId, new Date()),
        seq: 1000 + crypto.randomInt(7000),
      });
    },
    async actor(username) {
      const o = await OfficialModel.findById(username).lean();
      if (!o) throw new Error(`no official ${username}`);
      return toActor(o);
    },
    async act(h, username, req) {
      const actor = await harness.actor(username);
      const { pin, ...rest } = req;
      const signingGrant = pin
        ? await authorizeSigning({ officialId: actor.id, caseCode: h.workflowId, pin, kek })
        : undefined;
      return caseAfter(
        h,
        h.executeUpdate(actUpdate, {
          args: [{ ...rest, actor, ...(signingGrant ? { signingGrant } : {}) }],
        }),
      );
    },
    async close() {
      for (const w of workers) await w.stop();
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await disconnectMongo();
      await connection.close();
    },
  };
  return harness;
}

/** Polls until `probe` gives a value (visibility and projections are eventually consistent). */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
