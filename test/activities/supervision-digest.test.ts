/**
 * The supervisors' morning digest (services/supervision/digest.ts) against a real MongoDB-compatible
 * server: who gets it and with which scope, what it says (in Vietnamese, from the board's own
 * rules), that a second run of the same day queues nothing more, and that days off are skipped.
 */
import mongoose from 'mongoose';
import { syntheticBoard } from '../../scripts/bench/supervision';
import { vnDateTime } from '../../domain/calendar';
import { stuckClock, stuckCodes, type Coverage } from '../../domain/supervision';
import type { Role } from '../../domain/types';
import { connectMongo, disconnectMongo } from '../../models/db';
import { OfficialModel } from '../../models/official';
import { OutboxModel, OutboxQueueModel } from '../../models/outbox';
import type { BoardSnapshot } from '../../services/supervision/board-reader';
import { composeDigest, queueDailyDigest } from '../../services/supervision/digest';
import { isolatedMongoUri } from '../helpers/env';
import { officialDoc } from '../helpers/fixtures';

/** 07:00 on Wednesday 2 December 2026 in Vietnam (a working day), and the Sunday after. */
const MORNING = vnDateTime(2026, 12, 2, 7, 0);
const SUNDAY = vnDateTime(2026, 12, 6, 7, 0);
const BASE = 'https://motcua.example.gov.vn';

// Built the evening before, so some cases went at risk or overdue in the last 24 hours.
const { open } = syntheticBoard(300, new Date(MORNING.getTime() - 14 * 3_600_000));
// As the workflow flags them: three went overdue and two at risk overnight, one overdue last week.
const officialsStage = open.filter((e) => ['VERIFICATION', 'WARD_APPROVAL'].includes(e.c.stage));
const flag = (i: number, what: 'overdueAt' | 'atRiskAt', hoursAgo: number) => {
  const c = officialsStage[i]!.c;
  c[what] = new Date(MORNING.getTime() - hoursAgo * 3_600_000).toISOString();
  if (what === 'overdueAt') c.overdue = true;
  else c.atRisk = true;
  return c.code;
};
const NEW_OVERDUE = [flag(0, 'overdueAt', 2), flag(1, 'overdueAt', 10), flag(2, 'overdueAt', 20)];
const NEW_AT_RISK = [flag(3, 'atRiskAt', 5), flag(4, 'atRiskAt', 23)];
flag(5, 'overdueAt', 24 * 6);
const board: BoardSnapshot = {
  entries: open,
  byCode: new Map(open.map((e) => [e.c.code, e])),
  months: new Map(),
  readAt: MORNING,
};
const coverage: Coverage = { covered: () => true, active: (id) => id !== 'left.official' };

const official = (id: string, roles: Role[], unitCode: string | null, email: string | null) =>
  officialDoc(id, roles, unitCode, { email, active: id !== 'retired' });

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('digest'));
  await OfficialModel.init();
  await OfficialModel.create([
    official('supervisor', ['SUPERVISOR'], null, 'GiamSat@HCM.gov.vn'),
    official('head.saigon', ['WARD_APPROVER'], 'SAIGON', 'truong@saigon.gov.vn'),
    official('receiver.saigon', ['RECEIVER'], 'SAIGON', 'motcua@saigon.gov.vn'),
    official('no.address', ['SUPERVISOR'], null, null),
    official('retired', ['SUPERVISOR'], null, 'old@hcm.gov.vn'),
  ]);
});

afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

test('the city-wide digest gives the figures the board counts, names new alerts and links the page', () => {
  const { subject, body } = composeDigest({
    board,
    scope: {},
    now: MORNING,
    coverage,
    recipientName: 'Nguyễn Văn Giám',
    publicBaseUrl: BASE,
  });
  const clock = stuckClock(MORNING);
  const stuck = open.filter((e) => stuckCodes(e, clock, coverage).length > 0).length;
  expect(stuck).toBeGreaterThan(0);
  expect(subject).toBe('Tổng hợp hồ sơ cần đôn đốc ngày 02/12/2026 — toàn Thành phố');
  expect(body).toContain('Kính gửi Nguyễn Văn Giám,');
  expect(body).toContain(`- Cần đôn đốc (có ít nhất một lý do bị vướng): ${stuck} hồ sơ`);
  expect(body).toContain('Trong 24 giờ qua có 3 hồ sơ mới quá hạn và 2 hồ sơ mới sắp đến hạn:');
  for (const code of NEW_OVERDUE) expect(body).toContain(`- ${code} (quá hạn): `);
  for (const code of NEW_AT_RISK) expect(body).toContain(`- ${code} (sắp đến hạn): `);
  expect(body).toContain(`${BASE}/supervision.html`);
  expect(body.normalize('NFC')).toBe(body);
});

test('each supervisor and unit head with an address gets one digest a day, scoped as on the page', async () => {
  const first = await queueDailyDigest({
    now: MORNING,
    publicBaseUrl: BASE,
    board,
    coverage,
    deliveries: null,
  });
  expect(first).toEqual({ skipped: false, recipients: 2, queued: 2 });
  const again = await queueDailyDigest({
    now: MORNING,
    publicBaseUrl: BASE,
    board,
    coverage,
    deliveries: null,
  });
  expect(again.queued).toBe(2);
  const messages = await OutboxModel.find({ event: 'SUPERVISION_DIGEST' }).lean();
  expect(messages.map((m) => m.to).sort()).toEqual(['giamsat@hcm.gov.vn', 'truong@saigon.gov.vn']);
  // Queued once each for the start of their delivery (left here to the sweep: no Temporal).
  expect(await OutboxQueueModel.countDocuments({})).toBe(2);
  const head = messages.find((m) => m.to === 'truong@saigon.gov.vn')!;
  expect(head.subject).toBe('Tổng hợp hồ sơ cần đôn đốc ngày 02/12/2026 — Phường Sài Gòn');
  expect(head.body).toContain(
    'Tình hình giải quyết hồ sơ của Phường Sài Gòn sáng ngày 02/12/2026:',
  );
  expect(head.status).toBe('PENDING');
});

test('no digest on a day off', async () => {
  expect(
    await queueDailyDigest({ now: SUNDAY, publicBaseUrl: BASE, board, coverage, deliveries: null }),
  ).toEqual({
    skipped: true,
    recipients: 0,
    queued: 0,
  });
});
