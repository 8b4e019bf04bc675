/**
 * The supervisors' morning digest: on each working day, one e-mail to every active supervisor
 * (the whole city) and every unit's head (their unit) with what to chase today — cases in
 * progress, at risk, overdue and stuck, and those that went at risk or overdue in the last 24
 * hours — and the link to the supervisors' page. Queued in the outbox (sent and retried like any
 * message, by a workflow of its own), once per recipient and day: the outbox key is the fence, so a
 * repeated or overlapping run of the maintenance job queues nothing twice.
 */
import { formatVnDate, isWorkingDay, vnIsoDate } from '../../domain/calendar';
import { getUnit } from '../../domain/catalogue';
import { STAGE_LABELS } from '../../domain/stages';
import { stuckClock, type Coverage } from '../../domain/supervision';
import type { Role } from '../../domain/types';
import {
  insertOutboxRecords,
  normalizeEmail,
  outboxRecord,
  type Deliveries,
} from '../../activities/notifications';
import type { OutboxDoc } from '../../models/outbox';
import { OfficialModel, type OfficialDoc } from '../../models/official';
import { boardReader, type BoardSnapshot } from './board-reader';
import { coverage as currentCoverage } from './coverage';
import { newAlerts, statistics, type Scope } from './queries';

/** The heads of a unit, who get their unit's digest (as on the supervisors' page). */
const HEAD_ROLES: readonly Role[] = ['WARD_APPROVER', 'DEPARTMENT_APPROVER'];
/** At most this many new cases are named in a digest; the rest are counted. */
const NAMED = 10;

export interface DigestInput {
  now?: Date;
  publicBaseUrl: string;
  /** Defaults to the newest board (the process's reader) and the officials' coverage. */
  board?: BoardSnapshot;
  coverage?: Coverage;
  silentWorkingDays?: number;
  /** Where the messages' delivery workflows start (null: left to the sweep). */
  deliveries: Deliveries | null;
}

export interface DigestReport {
  /** Skipped: not a working day. */
  skipped: boolean;
  recipients: number;
  queued: number;
}

type Overseer = Pick<OfficialDoc, '_id' | 'fullName' | 'email' | 'unitCode' | 'roles'>;

const scopeOf = (o: Overseer): Scope | null =>
  o.roles.includes('SUPERVISOR')
    ? {}
    : o.unitCode && o.roles.some((r) => HEAD_ROLES.includes(r))
      ? { unit: o.unitCode }
      : null;

/** The digest's text for one recipient (Vietnamese). */
export function composeDigest(input: {
  board: BoardSnapshot;
  scope: Scope;
  now: Date;
  coverage: Coverage;
  recipientName: string;
  publicBaseUrl: string;
  silentWorkingDays?: number;
}): { subject: string; body: string } {
  const { board, scope, now } = input;
  const clock = stuckClock(now, input.silentWorkingDays);
  const { summary } = statistics(board, scope, clock, input.coverage);
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const fresh = newAlerts(board, scope, since);
  const where = scope.unit ? (getUnit(scope.unit)?.name ?? scope.unit) : 'toàn Thành phố';
  const day = formatVnDate(now);
  const named = [...fresh.overdue, ...fresh.atRisk].slice(0, NAMED).map((code) => {
    const c = board.byCode.get(code)?.c;
    const label = fresh.overdue.includes(code) ? 'quá hạn' : 'sắp đến hạn';
    return c ? `- ${code} (${label}): ${STAGE_LABELS[c.stage]}, ${c.applicantName}` : `- ${code}`;
  });
  const more = fresh.overdue.length + fresh.atRisk.length - named.length;
  // A unit's head sees their own unit there whatever they ask (the server decides).
  const link = `${input.publicBaseUrl}/supervision.html`;
  const lines = [
    `Kính gửi ${input.recipientName},`,
    '',
    `Tình hình giải quyết hồ sơ của ${where} sáng ${day}:`,
    `- Đang giải quyết: ${summary.inProgress} hồ sơ (trong hạn ${summary.inProgressOnTime}, quá hạn ${summary.inProgressLate})`,
    `- Quá hạn ở bước đang xử lý: ${summary.overdue} hồ sơ`,
    `- Sắp đến hạn (còn dưới một ngày làm việc): ${summary.atRisk} hồ sơ`,
    `- Cần đôn đốc (có ít nhất một lý do bị vướng): ${summary.stuck} hồ sơ`,
    '',
    fresh.overdue.length + fresh.atRisk.length === 0
      ? 'Trong 24 giờ qua không có hồ sơ nào mới chuyển sang sắp đến hạn hoặc quá hạn.'
      : `Trong 24 giờ qua có ${fresh.overdue.length} hồ sơ mới quá hạn và ${fresh.atRisk.length} hồ sơ mới sắp đến hạn:`,
    ...named,
    ...(more > 0 ? [`- và ${more} hồ sơ khác.`] : []),
    '',
    `Xem chi tiết và đôn đốc: ${link}`,
  ];
  return {
    subject: `Tổng hợp hồ sơ cần đôn đốc ${day} — ${where}`,
    body: lines.join('\n'),
  };
}

/** Queues today's digest for every supervisor and unit's head with an e-mail address. */
export async function queueDailyDigest(input: DigestInput): Promise<DigestReport> {
  const now = input.now ?? new Date();
  if (!isWorkingDay(now)) return { skipped: true, recipients: 0, queued: 0 };
  const officials = await OfficialModel.find(
    { active: true },
    { fullName: 1, email: 1, unitCode: 1, roles: 1 },
  ).lean<Overseer[]>();
  const recipients = officials.filter((o) => scopeOf(o) && normalizeEmail(o.email));
  if (recipients.length === 0) return { skipped: false, recipients: 0, queued: 0 };
  const board = input.board ?? (await boardReader().current(0));
  const coverage = input.coverage ?? (await currentCoverage());
  const day = vnIsoDate(now);
  const records: OutboxDoc[] = recipients.map((o) => {
    const to = normalizeEmail(o.email) as string;
    const text = composeDigest({
      board,
      scope: scopeOf(o) as Scope,
      now,
      coverage,
      recipientName: o.fullName,
      publicBaseUrl: input.publicBaseUrl,
      ...(input.silentWorkingDays ? { silentWorkingDays: input.silentWorkingDays } : {}),
    });
    const key = `digest:${day}:${o._id}:EMAIL:${to}`;
    return outboxRecord(
      {
        key,
        caseCode: `digest:${day}`,
        entrySeq: 0,
        event: 'SUPERVISION_DIGEST',
        audience: 'OFFICIAL',
        channel: 'EMAIL',
        to,
        subject: text.subject,
        body: text.body,
      },
      now,
    );
  });
  const queued = await insertOutboxRecords(records, input.deliveries);
  return { skipped: false, recipients: recipients.length, queued };
}
