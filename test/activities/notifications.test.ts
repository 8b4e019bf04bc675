import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import {
  composeNotification,
  createSenders,
  enqueueNotifications,
  fileSender,
  loadNotifyConfig,
  outboxKey,
  PermanentSendError,
  SMS_MAX_LENGTH,
  trackingLink,
  webhookSender,
  type OutboxMessage,
} from '../../activities/notifications';
import type { NotificationEvent, NotificationRequest } from '../../activities/types';
import { CONSTRUCTION_PERMIT } from '../../domain/catalogue';
import { vnDateTime } from '../../domain/calendar/format';
import { OUTCOME_LABELS, STAGE_LABELS } from '../../domain/stages';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { OutboxModel, OutboxQueueModel } from '../../models/outbox';
import { ConfigError } from '../../runtime/config';
import type { Logger } from '../../runtime/logger';
import type { CaseState, TimelineEntry } from '../../workflows/state';
import { isolatedMongoUri } from '../helpers/env';
import { officialDoc } from '../helpers/fixtures';
import { TEST_TMP } from '../helpers/paths';
import { caseState } from '../helpers/case-state';

const CODE = '000.26.01.H29-261203-0361';
const BASE = 'https://dichvucong.example.gov.vn';
const LINK = `${BASE}/tra-cuu?MHS=${CODE}`;
const iso = (d: Date): string => d.toISOString();
/** 17:00 on Friday 4 December 2026 in Vietnam. */
const STAGE_DUE = iso(vnDateTime(2026, 12, 4, 17, 0));
const DUE = iso(vnDateTime(2026, 12, 22, 16, 30));

function sampleState(overrides: Partial<CaseState> = {}): CaseState {
  return caseState({
    code: CODE,
    procedureCode: CONSTRUCTION_PERMIT.code,
    procedureName: CONSTRUCTION_PERMIT.name,
    applicant: {
      fullName: 'Trần Văn An',
      idNumber: '079090001234',
      phone: '0912 345 678',
      email: 'An.Tran@Example.vn',
      address: '12 Lý Tự Trọng, Phường Sài Gòn',
    },
    stage: 'WARD_APPROVAL',
    submittedAt: iso(vnDateTime(2026, 12, 1, 9, 0)),
    acceptedAt: iso(vnDateTime(2026, 12, 1, 10, 0)),
    dueAt: DUE,
    originalDueAt: DUE,
    stageEnteredAt: iso(vnDateTime(2026, 12, 1, 10, 0)),
    stageDueAt: STAGE_DUE,
    chainIndex: 0,
    ...overrides,
  });
}

function timelineEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    seq: 3,
    at: iso(vnDateTime(2026, 12, 3, 9, 30)),
    stage: 'WARD_APPROVAL',
    action: 'at_risk',
    actor: null,
    note: null,
    ...overrides,
  };
}

const isNfc = (s: string): boolean => s === s.normalize('NFC');

// ---------------------------------------------------------------------------------------------
// Composition (pure)

describe('composeNotification', () => {
  const EVENTS: NotificationEvent[] = [
    'RECEIVED',
    'ACCEPTED',
    'SUPPLEMENT_REQUESTED',
    'SUPPLEMENT_REMINDER',
    'STAGE_AT_RISK',
    'STAGE_OVERDUE',
    'REAPPOINTED',
    'RESULT_READY',
    'CLOSED',
    'COMPLETED',
    'ASSIGNED',
  ];
  const cases = EVENTS.flatMap((e) => [
    [e, 'APPLICANT'],
    [e, 'OFFICIAL'],
  ]) as Array<[NotificationEvent, 'APPLICANT' | 'OFFICIAL']>;

  test.each(cases)('%s for the %s: NFC, names the case, SMS fits', (event, audience) => {
    const state = sampleState({
      applicant: { ...sampleState().applicant, fullName: 'Trần Văn An'.normalize('NFD') },
      outcome: event === 'CLOSED' ? 'REFUSED' : null,
      supplement: {
        requestedAt: iso(vnDateTime(2026, 12, 2, 9, 0)),
        missingDocuments: ['Bản vẽ thiết kế'],
        note: null,
        dueAt: iso(vnDateTime(2026, 12, 16, 17, 0)),
      },
    });
    const msg = composeNotification({
      event,
      audience,
      caseState: state,
      entry: timelineEntry(),
      publicBaseUrl: BASE,
      recipientName: 'Lê Thị Hoa',
    });
    for (const text of [msg.subject, msg.body, msg.sms]) {
      expect(isNfc(text)).toBe(true);
      expect(text).toContain(CODE);
    }
    expect(msg.sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    if (audience === 'APPLICANT') {
      expect(msg.body).toContain('Kính gửi Ông/Bà Trần Văn An,'.normalize('NFC'));
      expect(msg.body).toContain(LINK);
      expect(msg.sms.endsWith(LINK)).toBe(true);
    } else {
      expect(msg.body).toContain('Kính gửi đồng chí Lê Thị Hoa,');
      expect(msg.body).not.toContain('tra-cuu');
    }
  });

  test('RECEIVED tells the applicant the dossier was received', () => {
    const msg = composeNotification({
      event: 'RECEIVED',
      audience: 'APPLICANT',
      caseState: sampleState({ stage: 'VERIFICATION' }),
      entry: timelineEntry({ seq: 1, action: 'submit', at: iso(vnDateTime(2026, 12, 1, 9, 0)) }),
      publicBaseUrl: BASE,
    });
    expect(msg.subject).toBe(`Hồ sơ ${CODE} đã được tiếp nhận`);
    expect(msg.body).toContain('Phường Sài Gòn');
    expect(msg.body).toContain('09 giờ 00 phút, ngày 01/12/2026');
  });

  test('SUPPLEMENT_REQUESTED lists the missing documents and the answer-by date', () => {
    const [first, second] = CONSTRUCTION_PERMIT.requiredDocuments;
    const msg = composeNotification({
      event: 'SUPPLEMENT_REQUESTED',
      audience: 'APPLICANT',
      caseState: sampleState({
        stage: 'SUPPLEMENT_REQUESTED',
        supplement: {
          requestedAt: iso(vnDateTime(2026, 12, 2, 9, 0)),
          // A code of the procedure's list becomes its name; free text stays as it is.
          missingDocuments: [first?.code as string, 'Bản sao sổ hộ khẩu'],
          note: 'Bản vẽ chưa có chữ ký',
          dueAt: iso(vnDateTime(2026, 12, 16, 17, 0)),
        },
      }),
      entry: timelineEntry({ action: 'request_supplement', stage: 'VERIFICATION' }),
      publicBaseUrl: BASE,
    });
    expect(msg.subject).toBe(`Hồ sơ ${CODE} cần bổ sung, hoàn thiện`);
    expect(msg.body).toContain(`- ${first?.name}`);
    expect(msg.body).toContain('- Bản sao sổ hộ khẩu');
    expect(msg.body).not.toContain(`- ${second?.name}`);
    expect(msg.body).toContain('Bản vẽ chưa có chữ ký');
    expect(msg.body).toContain('trước 17 giờ 00 phút, ngày 16/12/2026');
    expect(msg.sms).toContain('2 giấy tờ trước 17 giờ 00 phút, ngày 16/12/2026');
  });

  test.each([
    ['STAGE_AT_RISK', 'sắp đến hạn xử lý'],
    ['STAGE_OVERDUE', 'đã quá hạn xử lý'],
  ] as const)('%s names the stage, the unit and the deadline', (event, phrase) => {
    const msg = composeNotification({
      event,
      audience: 'OFFICIAL',
      caseState: sampleState(),
      entry: timelineEntry(),
      publicBaseUrl: BASE,
    });
    expect(msg.subject).toBe(`Hồ sơ ${CODE} ${phrase}`);
    expect(msg.body).toContain(STAGE_LABELS.WARD_APPROVAL);
    expect(msg.body).toContain('Phường Sài Gòn');
    expect(msg.body).toContain('hạn xử lý: 17 giờ 00 phút, ngày 04/12/2026');
    expect(msg.body).toContain('Kính gửi Quý cán bộ,');
    expect(msg.sms).toContain('hạn xử lý: 17 giờ 00 phút, ngày 04/12/2026');
  });

  test('REAPPOINTED gives the new appointment, the old one and the reason', () => {
    const msg = composeNotification({
      event: 'REAPPOINTED',
      audience: 'APPLICANT',
      caseState: sampleState({
        reappointed: true,
        dueAt: iso(vnDateTime(2026, 12, 29, 16, 30)),
        stageUnitCode: 'SXD',
      }),
      entry: timelineEntry({ action: 'reappoint', note: 'Cần thẩm định thêm' }),
      publicBaseUrl: BASE,
    });
    expect(msg.body).toContain('Sở Xây dựng thành thật xin lỗi');
    expect(msg.body).toContain('Ngày hẹn trả kết quả mới: 16 giờ 30 phút, ngày 29/12/2026');
    expect(msg.body).toContain('ngày hẹn trước đây: 16 giờ 30 phút, ngày 22/12/2026');
    expect(msg.body).toContain('Lý do: Cần thẩm định thêm');
    expect(msg.sms).toContain('16 giờ 30 phút, ngày 29/12/2026');
  });

  test('ACCEPTED gives the applicant the appointment; CLOSED the outcome and reason', () => {
    const accepted = composeNotification({
      event: 'ACCEPTED',
      audience: 'APPLICANT',
      caseState: sampleState(),
      entry: timelineEntry({ action: 'accept' }),
      publicBaseUrl: BASE,
    });
    expect(accepted.body).toContain('Ngày hẹn trả kết quả: 16 giờ 30 phút, ngày 22/12/2026');
    const closed = composeNotification({
      event: 'CLOSED',
      audience: 'APPLICANT',
      caseState: sampleState({ stage: 'CLOSED', outcome: 'REJECTED' }),
      entry: timelineEntry({ action: 'reject', note: 'Không phù hợp quy hoạch' }),
      publicBaseUrl: BASE,
    });
    expect(closed.subject).toBe(`Hồ sơ ${CODE} đã kết thúc: ${OUTCOME_LABELS.REJECTED}`);
    expect(closed.body).toContain('Lý do: Không phù hợp quy hoạch');
  });

  test('a long SMS is shortened but keeps the tracking link', () => {
    const msg = composeNotification({
      event: 'CLOSED',
      audience: 'APPLICANT',
      caseState: sampleState({ stage: 'CLOSED', outcome: 'REFUSED' }),
      entry: timelineEntry({ note: 'Thiếu giấy tờ. '.repeat(40) }),
      publicBaseUrl: `${BASE}/`,
    });
    expect(msg.sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(msg.sms).toContain('…');
    expect(msg.sms.endsWith(` Tra cứu: ${LINK}`)).toBe(true);
    expect(msg.body).toContain('Thiếu giấy tờ. '.repeat(40).trim());
  });

  test('trackingLink encodes the code and ignores a trailing slash', () => {
    expect(trackingLink(`${BASE}//`, 'A B/1')).toBe(`${BASE}/tra-cuu?MHS=A%20B%2F1`);
  });
});

// ---------------------------------------------------------------------------------------------
// Outbox and senders (database; delivery by Temporal: notification-delivery.test.ts)

const silentLogger = (): Logger & { lines: unknown[][] } => {
  const lines: unknown[][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push([level, ...args]);
  return {
    lines,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
  } as unknown as Logger & { lines: unknown[][] };
};

const official = officialDoc;

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('notifications'));
  await Promise.all([OutboxModel.init(), OfficialModel.init()]);
  await OfficialModel.create([
    official('receiver.saigon', ['RECEIVER'], 'SAIGON', {
      email: 'Lan.Nguyen@SaiGon.gov.vn',
      phone: '0901.234.567',
    }),
    official('receiver2.saigon', ['RECEIVER'], 'SAIGON', { email: 'minh@saigon.gov.vn' }),
    official('retired.saigon', ['RECEIVER'], 'SAIGON', {
      email: 'old@saigon.gov.vn',
      active: false,
    }),
    official('receiver.benthanh', ['RECEIVER'], 'BENTHANH', { email: 'hoa@benthanh.gov.vn' }),
    official('ward.saigon', ['WARD_APPROVER'], 'SAIGON', {}),
    official('supervisor', ['SUPERVISOR'], null, {
      email: 'giamsat@hcm.gov.vn',
      phone: '+84 28 3829 6052',
    }),
    official('supervisor2', ['SUPERVISOR', 'ADMIN'], null, { phone: '0988 000 111' }),
  ]);
});

afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

beforeEach(async () => {
  await OutboxModel.deleteMany({});
  await OutboxQueueModel.deleteMany({});
});

const NOW = new Date('2026-12-03T02:30:00.000Z');

async function enqueue(
  requests: NotificationRequest[],
  state = sampleState(),
  entry = timelineEntry(),
): Promise<number> {
  return enqueueNotifications({
    caseState: state,
    entry,
    requests,
    publicBaseUrl: BASE,
    now: NOW,
    deliveries: null,
  });
}

const stored = () => OutboxModel.find({}).sort({ key: 1 }).lean().exec();

describe('enqueueNotifications', () => {
  test('the applicant gets an e-mail and an SMS at the addresses of the case', async () => {
    const n = await enqueue([{ to: { applicant: true }, event: 'STAGE_AT_RISK' }]);
    expect(n).toBe(2);
    const docs = await stored();
    expect(docs.map((d) => [d.channel, d.to, d.audience])).toEqual([
      ['EMAIL', 'an.tran@example.vn', 'APPLICANT'],
      ['SMS', '0912345678', 'APPLICANT'],
    ]);
    const [email, sms] = docs;
    expect(email?.key).toBe(`${CODE}#3#STAGE_AT_RISK#EMAIL#an.tran@example.vn`);
    expect(email?.key).toBe(outboxKey(CODE, 3, 'STAGE_AT_RISK', 'EMAIL', 'an.tran@example.vn'));
    expect(email?.subject).toEqual(expect.stringContaining(CODE));
    expect(email?.body).toContain(LINK);
    expect(sms?.subject).toBeNull();
    expect(sms?.body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    for (const d of docs) {
      expect(d).toMatchObject({
        caseCode: CODE,
        entrySeq: 3,
        event: 'STAGE_AT_RISK',
        status: 'PENDING',
        attempts: 0,
        lastError: null,
        sentAt: null,
      });
      expect(d.createdAt.toISOString()).toBe(NOW.toISOString());
    }
  });

  test('an applicant without e-mail gets the SMS only', async () => {
    const { email: _none, ...applicant } = sampleState().applicant;
    const n = await enqueue(
      [{ to: { applicant: true }, event: 'RECEIVED' }],
      sampleState({ applicant }),
    );
    expect(n).toBe(1);
    expect((await stored()).map((d) => d.channel)).toEqual(['SMS']);
  });

  test('role + unit reaches the active officials of that unit who have an address', async () => {
    const n = await enqueue([{ to: { role: 'RECEIVER', unitCode: 'SAIGON' }, event: 'RECEIVED' }]);
    const docs = await stored();
    expect(n).toBe(3);
    expect(docs.map((d) => [d.channel, d.to]).sort()).toEqual([
      ['EMAIL', 'lan.nguyen@saigon.gov.vn'],
      ['EMAIL', 'minh@saigon.gov.vn'],
      ['SMS', '0901234567'],
    ]);
    expect(docs.every((d) => d.audience === 'OFFICIAL')).toBe(true);
    const lan = docs.find((d) => d.to === 'lan.nguyen@saigon.gov.vn');
    expect(lan?.body).toContain('Kính gửi đồng chí Cán bộ receiver.saigon,');
    // Nobody with that role elsewhere, nobody inactive.
    expect(docs.some((d) => d.to.includes('benthanh') || d.to.startsWith('old@'))).toBe(false);
  });

  test('unitCode null reaches the city-wide supervisors', async () => {
    const n = await enqueue([
      { to: { role: 'SUPERVISOR', unitCode: null }, event: 'STAGE_OVERDUE' },
    ]);
    expect(n).toBe(3);
    expect((await stored()).map((d) => d.to).sort()).toEqual([
      '+842838296052',
      '0988000111',
      'giamsat@hcm.gov.vn',
    ]);
  });

  test('officials with neither e-mail nor phone are skipped', async () => {
    const n = await enqueue([
      { to: { role: 'WARD_APPROVER', unitCode: 'SAIGON' }, event: 'ACCEPTED' },
    ]);
    expect(n).toBe(0);
    expect(await OutboxModel.countDocuments()).toBe(0);
  });

  test('is idempotent: the same input twice gives the same records', async () => {
    const requests: NotificationRequest[] = [
      { to: { applicant: true }, event: 'STAGE_OVERDUE' },
      { to: { role: 'RECEIVER', unitCode: 'SAIGON' }, event: 'STAGE_OVERDUE' },
      { to: { role: 'SUPERVISOR', unitCode: null }, event: 'STAGE_OVERDUE' },
    ];
    const first = await enqueue(requests);
    const before = await stored();
    // A retry, later, and once more in parallel with itself.
    const later = enqueueNotifications({
      caseState: sampleState(),
      entry: timelineEntry(),
      requests,
      publicBaseUrl: BASE,
      now: new Date(NOW.getTime() + 60_000),
      deliveries: null,
    });
    const counts = await Promise.all([later, enqueue(requests), enqueue(requests)]);
    expect(first).toBe(8);
    expect(counts).toEqual([8, 8, 8]);
    const after = await stored();
    expect(after).toEqual(before);
    expect(new Set(after.map((d) => d.key)).size).toBe(8);
  });

  test('another timeline entry of the same event is a new message', async () => {
    await enqueue([{ to: { applicant: true }, event: 'SUPPLEMENT_REMINDER' }]);
    await enqueue(
      [{ to: { applicant: true }, event: 'SUPPLEMENT_REMINDER' }],
      sampleState(),
      timelineEntry({ seq: 4 }),
    );
    expect(await OutboxModel.countDocuments()).toBe(4);
  });
});

describe('the queue of messages whose delivery is not started', () => {
  test('every queued message has an entry; a retried enqueue restores a lost one', async () => {
    const n = await enqueue([{ to: { applicant: true }, event: 'RECEIVED' }]);
    const records = await stored();
    const entries = await OutboxQueueModel.find({}).lean();
    expect(entries).toHaveLength(n);
    expect(entries.map((e) => e._id.toHexString()).sort()).toEqual(
      records.map((r) => r._id.toHexString()).sort(),
    );
    // As after a crash between the record and its entry:
    await OutboxQueueModel.deleteOne({ _id: records[0]!._id });
    await enqueue([{ to: { applicant: true }, event: 'RECEIVED' }]);
    expect(await OutboxQueueModel.countDocuments()).toBe(n);
    expect(await stored()).toEqual(records);
  });
});

describe('senders', () => {
  const message = (over: Partial<OutboxMessage> = {}): OutboxMessage => ({
    id: 'm1',
    key: `${CODE}#1#RECEIVED#SMS#0912345678`,
    caseCode: CODE,
    event: 'RECEIVED',
    channel: 'SMS',
    to: '0912345678',
    subject: null,
    body: `Hồ sơ ${CODE} đã được tiếp nhận. Bí mật nội dung.`,
    attempt: 1,
    ...over,
  });

  test('the file sender appends JSON lines and logs no body', async () => {
    const file = path.join(
      TEST_TMP,
      `outbox-${crypto.randomBytes(3).toString('hex')}`,
      'sent.jsonl',
    );
    const logger = silentLogger();
    const sms = fileSender('SMS', { filePath: file, logger });
    const email = fileSender('EMAIL', { filePath: file, logger });
    const a = await sms.send(message());
    await email.send(
      message({ id: 'm2', channel: 'EMAIL', to: 'an@example.vn', subject: 'Tiêu đề' }),
    );
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({
      id: 'm1',
      channel: 'SMS',
      to: '0912345678',
      body: message().body,
      providerMessageId: a.providerMessageId,
    });
    expect(second).toMatchObject({ id: 'm2', channel: 'EMAIL', subject: 'Tiêu đề' });
    const logged = JSON.stringify(logger.lines);
    expect(logger.lines).toHaveLength(2);
    expect(logged).not.toContain('Bí mật');
    expect(logged).not.toContain('0912345678');
    expect(logged).toContain('0912***678');
  });

  test('the webhook sender POSTs JSON with the idempotency key and maps failures', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: unknown; raw: string }> = [];
    let status = 200;
    let delayMs = 0;
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(data), raw: data });
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(status === 200 ? { id: 'gw-42' } : { error: 'nope' }));
        }, delayMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
    try {
      const sender = webhookSender('SMS', { url, timeoutMs: 300 });
      expect(await sender.send(message())).toEqual({ providerMessageId: 'gw-42' });
      expect(received[0]?.headers['idempotency-key']).toBe(message().key);
      expect(received[0]?.headers['x-motcua-signature']).toBeUndefined();

      // With a secret, the gateway can recompute the HMAC over "<timestamp>.<raw body>".
      const signed = webhookSender('SMS', { url, timeoutMs: 300, secret: 'gateway-shared-secret' });
      await signed.send(message());
      const last = received[received.length - 1]!;
      const ts = last.headers['x-motcua-timestamp'] as string;
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      const expected = crypto
        .createHmac('sha256', 'gateway-shared-secret')
        .update(`${ts}.${last.raw}`)
        .digest('hex');
      expect(last.headers['x-motcua-signature']).toBe(`sha256=${expected}`);
      expect(received[0]?.body).toEqual({
        key: message().key,
        channel: 'SMS',
        to: '0912345678',
        subject: null,
        body: message().body,
        caseCode: CODE,
        event: 'RECEIVED',
      });
      status = 400;
      await expect(sender.send(message())).rejects.toBeInstanceOf(PermanentSendError);
      status = 503;
      const retryable = await sender.send(message()).catch((e: Error) => e);
      expect(retryable).toBeInstanceOf(Error);
      expect(retryable).not.toBeInstanceOf(PermanentSendError);
      expect((retryable as Error).message).toContain('503');
      status = 200;
      delayMs = 1000;
      await expect(sender.send(message())).rejects.toThrow('no answer in 300 ms');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  test('configuration: file by default, webhook needs a URL', () => {
    expect(loadNotifyConfig({})).toEqual({
      sender: 'file',
      webhookUrl: null,
      webhookSecret: null,
      filePath: '.data/outbox/sent.jsonl',
    });
    const production = {
      NODE_ENV: 'production',
      NOTIFY_SENDER: 'webhook',
      NOTIFY_WEBHOOK_URL: 'https://gw.example.vn/messages',
    };
    expect(() => loadNotifyConfig(production)).toThrow(/NOTIFY_WEBHOOK_SECRET/);
    expect(
      loadNotifyConfig({ ...production, NOTIFY_WEBHOOK_SECRET: 'x'.repeat(32) }).webhookSecret,
    ).toBe('x'.repeat(32));
    expect(() => loadNotifyConfig({ NOTIFY_SENDER: 'webhook' })).toThrow(ConfigError);
    expect(() => loadNotifyConfig({ NOTIFY_SENDER: 'smtp' })).toThrow(ConfigError);
    const config = loadNotifyConfig({
      NOTIFY_SENDER: 'webhook',
      NOTIFY_WEBHOOK_URL: 'https://gw.example.vn/messages',
    });
    expect(config).toMatchObject({
      sender: 'webhook',
      webhookUrl: 'https://gw.example.vn/messages',
    });
    expect(createSenders(config).map((s) => s.channel)).toEqual(['EMAIL', 'SMS']);
  });
});
