/**
 * End to end over HTTP, as people use the product: C citizens at once each file dossiers (a
 * certificate for a key made with WebCrypto, prepare, sign `toBeSigned` in "the browser", submit
 * with an attachment), and the officials of the case's ward (and department) take each one through
 * every action: accept, approve with the PIN (ward, then department), hand over. Every request is
 * timed; a case counts when its handover answered COMPLETED.
 */
import { webcrypto } from 'node:crypto';
import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';
import { HttpError, ok, request, type Reply } from './http';
import { summarize, type Summary } from './stats';

const { subtle } = webcrypto;

export const CHAINS = {
  ward: { procedureCode: '1.001612.000.00.00.H29', label: 'household business (ward only)' },
  department: {
    procedureCode: '1.009994.000.00.00.H29',
    label: 'construction permit (ward → department)',
  },
} as const;
export type ChainName = keyof typeof CHAINS;

const WARDS = ['SAIGON', 'BENTHANH', 'TANDINH'] as const;
const DEPARTMENT_APPROVER: Record<string, string> = {
  '1.009994.000.00.00.H29': 'dept.sxd',
  '1.001612.000.00.00.H29': 'dept.stc',
};
const PIN = process.env.DEMO_PIN ?? '123456';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'demo';
/** A 1×1 PNG: the attachment of every dossier. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface EndToEndResult {
  chain: ChainName;
  clients: number;
  cases: number;
  completed: number;
  seconds: number;
  casesPerSecond: number;
  caseLatency: Summary;
  actions: Record<string, Summary>;
  /** Answers "no such case" before the case showed in the read model (retried). */
  notYetVisible: number;
  /** Time from the submit's answer until the first action found the case. */
  visibleAfter: Summary;
  errors: Record<string, number>;
  codes: string[];
}

interface Citizen {
  ip: string;
  keys: webcrypto.CryptoKeyPair;
  certificatePem: string;
}

const tokens = new Map<string, Promise<string>>();
let officialIp = 0;

/** Officials sign in once each, from their own address. */
export function tokenOf(api: string, username: string): Promise<string> {
  let t = tokens.get(username);
  if (!t) {
    const ip = `10.200.0.${++officialIp}`;
    t = ok(api, 'POST', '/api/auth/login', {
      json: { username, password: PASSWORD },
      ip,
    }).then((r) => r.json.token as string);
    tokens.set(username, t);
  }
  return t;
}

async function pem(key: webcrypto.CryptoKey): Promise<string> {
  const spki = Buffer.from(await subtle.exportKey('spki', key)).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${spki.replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
}

async function newCitizen(api: string, procedureCode: string, ip: string): Promise<Citizen> {
  const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === procedureCode)!;
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const cert = await ok(api, 'POST', '/api/applicant-certificates', {
    json: {
      fullName: example.applicant.fullName,
      idNumber: example.applicant.idNumber,
      publicKeyPem: await pem(keys.publicKey),
    },
    ip,
  });
  return { ip, keys, certificatePem: cert.json.certificatePem as string };
}

type Timer = (name: string, r: Reply) => void;

/** An official's action; "no such case" is retried until the read model shows it. */
async function act(
  api: string,
  code: string,
  username: string,
  body: Record<string, unknown>,
  onNotVisible: () => void,
): Promise<Reply> {
  const token = await tokenOf(api, username);
  const deadline = Date.now() + 120_000;
  for (let pause = 10; ; pause = Math.min(500, pause * 2)) {
    const r = await request(api, 'POST', `/api/cases/${code}/actions`, {
      json: body,
      headers: { Authorization: `Bearer ${token}` },
    });
    if (r.status === 404 && Date.now() < deadline) {
      onNotVisible();
      await new Promise((res) => setTimeout(res, pause));
      continue;
    }
    if (r.status !== 200) {
      const e = (r.json as { error?: { code?: string; message?: string } }).error;
      throw new HttpError(
        r.status,
        `${r.status} ${e?.code ?? ''}`,
        `${body.action}: ${e?.message}`,
      );
    }
    return r;
  }
}

let filed = 0;

/** Prepare, sign in "the browser", submit: the case's code. */
async function fileCase(
  api: string,
  citizen: Citizen,
  procedureCode: string,
  ward: string,
  time: Timer,
): Promise<string> {
  const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === procedureCode)!;
  // Each dossier from its own citizen's address (the costly routes allow 30 a minute each).
  const n = ++filed;
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const prepared = await ok(api, 'POST', '/api/applications/prepare', {
    json: {
      procedureCode,
      wardCode: ward,
      applicant: example.applicant,
      form: example.form,
      signerCertificatePem: citizen.certificatePem,
    },
    ip,
  });
  time('prepare', prepared);
  const { applicationId, toBeSigned } = prepared.json as {
    applicationId: string;
    toBeSigned: string;
  };
  const signature = Buffer.from(
    await subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      citizen.keys.privateKey,
      Buffer.from(toBeSigned, 'base64'),
    ),
  ).toString('base64');
  const form = new FormData();
  form.set('signature', signature);
  form.append('attachments', new Blob([PNG], { type: 'image/png' }), 'mat-bang.png');
  const submitted = await ok(api, 'POST', `/api/applications/${applicationId}/submit`, {
    form,
    headers: { 'Idempotency-Key': `bench-${applicationId}` },
    ip,
  });
  time('submit', submitted);
  return submitted.json.code as string;
}

/** `n` household-business cases filed in `ward` and left in VERIFICATION (for the reads). */
export async function fileOpenCases(api: string, n: number, ward: string): Promise<string[]> {
  const { procedureCode } = CHAINS.ward;
  const codes: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async (_, c) => {
      const citizen = await newCitizen(api, procedureCode, `10.90.${c}.1`);
      while (next < n) {
        next++;
        codes.push(await fileCase(api, citizen, procedureCode, ward, () => undefined));
      }
    }),
  );
  return codes;
}

async function oneCase(
  api: string,
  citizen: Citizen,
  procedureCode: string,
  index: number,
  time: Timer,
  visible: (ms: number, retries: number) => void,
): Promise<string> {
  const ward = WARDS[index % WARDS.length] as string;
  const code = await fileCase(api, citizen, procedureCode, ward, time);
  const submittedAt = Date.now();

  let retries = 0;
  const accepted = await act(
    api,
    code,
    `receiver.${ward.toLowerCase()}`,
    { action: 'accept' },
    () => retries++,
  );
  visible(Date.now() - submittedAt - accepted.ms, retries);
  time('accept', accepted);
  const wardApproval = await act(
    api,
    code,
    `ward.${ward.toLowerCase()}`,
    { action: 'approve', pin: PIN, note: 'Đồng ý' },
    () => undefined,
  );
  time('approve (ward)', wardApproval);
  if (wardApproval.json.stage === 'DEPARTMENT_APPROVAL') {
    const departmentApproval = await act(
      api,
      code,
      DEPARTMENT_APPROVER[procedureCode] as string,
      { action: 'approve', pin: PIN },
      () => undefined,
    );
    time('approve (department)', departmentApproval);
  }
  const handedOver = await act(
    api,
    code,
    `receiver.${ward.toLowerCase()}`,
    { action: 'handover' },
    () => undefined,
  );
  time('handover', handedOver);
  if (handedOver.json.stage !== 'COMPLETED') {
    throw new HttpError(200, `stage ${String(handedOver.json.stage)}`, 'not completed');
  }
  return code;
}

let citizenSerial = 0;

/** N cases of one chain by C concurrent citizens. */
export async function runEndToEnd(opts: {
  api: string;
  chain: ChainName;
  cases: number;
  clients: number;
  onCase?: () => void;
}): Promise<EndToEndResult> {
  const { procedureCode } = CHAINS[opts.chain];
  const times: Record<string, number[]> = {};
  const caseTimes: number[] = [];
  const visibleAfter: number[] = [];
  const errors: Record<string, number> = {};
  const codes: string[] = [];
  let notYetVisible = 0;
  let next = 0;
  const time: Timer = (name, r) => (times[name] ??= []).push(r.ms);
  const started = Date.now();

  const client = async (c: number): Promise<void> => {
    const citizen = await newCitizen(
      api(),
      procedureCode,
      `10.${100 + c}.${++citizenSerial % 250}.1`,
    );
    for (;;) {
      const index = next++;
      if (index >= opts.cases) return;
      const t0 = Date.now();
      try {
        codes.push(
          await oneCase(api(), citizen, procedureCode, index, time, (ms, retries) => {
            visibleAfter.push(ms);
            notYetVisible += retries;
          }),
        );
        caseTimes.push(Date.now() - t0);
      } catch (err) {
        const key = err instanceof HttpError ? err.code : (err as Error).message.slice(0, 60);
        errors[key] = (errors[key] ?? 0) + 1;
        if (process.env.BENCH_VERBOSE) console.error(err);
      }
      opts.onCase?.();
    }
  };
  const api = (): string => opts.api;
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  const seconds = (Date.now() - started) / 1000;
  return {
    chain: opts.chain,
    clients: opts.clients,
    cases: opts.cases,
    completed: caseTimes.length,
    seconds: Math.round(seconds * 10) / 10,
    casesPerSecond: Math.round((caseTimes.length / seconds) * 1000) / 1000,
    caseLatency: summarize(caseTimes),
    actions: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)])),
    notYetVisible,
    visibleAfter: summarize(visibleAfter),
    errors,
    codes,
  };
}
