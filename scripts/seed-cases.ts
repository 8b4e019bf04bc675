/**
 * Demo cases: about a month of dossiers across every ward, department and procedure, at every
 * stage — new, waiting for a supplement, supplement rounds, in each approval, at risk, overdue
 * with the apology letter, result ready, handed over on time and late, refused, rejected,
 * withdrawn, expired — plus one stuck on a failing step, one whose workflow was terminated in
 * Temporal and one assigned to an official who has left. `npm start` runs it once on an empty
 * database (with the worker running); `npm run seed -- --cases N` adds N more.
 *
 * Nothing is written into the read model: every case is a real workflow, started with a backdated
 * `submittedAt` and a clock offset (workflows/case-clock.ts), driven by the officials' real
 * actions (Updates, PIN-signed approvals through one-time grants) each at its backdated moment
 * (the `caseClock` signal moves the case's time), and finally caught up with the real time, when
 * the deadlines that fell in between fire as they would have (at risk, overdue, the apology
 * letter, an expired supplement). Two faults are made by hand, as an operator would meet them: a
 * control sheet's stored file removed (its next signature keeps failing) and a workflow terminated.
 */
import { Client, Connection, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { storeDocument } from '../services/applications/submit';
import { authorizeSigning } from '../activities/signing-grants';
import { addWorkingHours, nextWorkingStart, subtractWorkingHours } from '../domain/calendar';
import { EXAMPLE_APPLICATIONS, getProcedure, getUnit, listUnits } from '../domain/catalogue';
import { dossierSerialKey, formatDossierCode } from '../domain/dossier-code';
import type { Actor, Applicant } from '../domain/types';
import { CaseModel } from '../models/case';
import { nextSequence } from '../models/counter';
import { DocumentFileModel, DocumentModel } from '../models/document';
import { OfficialModel, toActor } from '../models/official';
import { loadConfig } from '../runtime/config';
import { parseKek } from '../signing';
import { loadFontBytes } from '../templates/fonts';
import { caseClockSignal } from '../workflows/case-clock';
import {
  actUpdate,
  openedUpdate,
  provideSupplementUpdate,
  reassignUpdate,
  resultCollectedSignal,
  withdrawUpdate,
  type ActionRequest,
} from '../workflows/messages';
import type { CaseInput, DocumentRef } from '../workflows/state';
import { Progress } from './bench/stats';

const HOUR = 3_600_000;
const CONSTRUCTION = '1.009994.000.00.00.H29';
const HOUSEHOLD = '1.001612.000.00.00.H29';
const CORRECTION = '1.012790.000.00.00.H29';
const WARDS = listUnits('WARD').map((u) => u.code);
const DEPARTMENT_APPROVER: Record<string, string> = { SXD: 'dept.sxd', SNNMT: 'dept.snnmt' };

/** What happens to a case, and how long ago (working hours before now) it was received. */
export type Scenario =
  | 'new'
  | 'verification-overdue'
  | 'supplement-waiting'
  | 'supplement-expired'
  | 'supplement-round'
  | 'refused'
  | 'withdrawn'
  | 'rejected'
  | 'ward-on-time'
  | 'ward-at-risk'
  | 'ward-overdue'
  | 'department-on-time'
  | 'department-silent'
  | 'department-overdue'
  | 'result-ready'
  | 'completed'
  | 'completed-late'
  | 'failing-step'
  | 'terminated'
  | 'assignee-left';

interface Plan {
  scenario: Scenario;
  procedureCode: string;
  wardCode: string;
  online: boolean;
}

/** The default month: every scenario, the procedures and wards in turn. */
export function defaultPlans(): Plan[] {
  const list: Array<[Scenario, string]> = [
    ['completed', HOUSEHOLD],
    ['completed', CONSTRUCTION],
    ['completed', CORRECTION],
    ['completed', HOUSEHOLD],
    ['completed-late', CORRECTION],
    ['completed-late', HOUSEHOLD],
    ['result-ready', CONSTRUCTION],
    ['result-ready', HOUSEHOLD],
    ['department-on-time', CONSTRUCTION],
    ['department-on-time', CORRECTION],
    ['department-silent', CONSTRUCTION],
    ['department-overdue', CORRECTION],
    ['ward-on-time', CONSTRUCTION],
    ['ward-on-time', HOUSEHOLD],
    ['ward-at-risk', CORRECTION],
    ['ward-overdue', HOUSEHOLD],
    ['ward-overdue', CONSTRUCTION],
    ['supplement-round', CONSTRUCTION],
    ['supplement-waiting', HOUSEHOLD],
    ['supplement-expired', HOUSEHOLD],
    ['refused', CORRECTION],
    ['rejected', HOUSEHOLD],
    ['withdrawn', CONSTRUCTION],
    ['new', HOUSEHOLD],
    ['new', CONSTRUCTION],
    ['new', CORRECTION],
    ['verification-overdue', HOUSEHOLD],
    ['failing-step', HOUSEHOLD],
    ['terminated', CORRECTION],
    ['assignee-left', HOUSEHOLD],
  ];
  return list.map(([scenario, procedureCode], i) => ({
    scenario,
    procedureCode,
    wardCode: WARDS[i % WARDS.length] as string,
    online: i % 4 !== 3,
  }));
}

/** More cases (`--cases N`): the scenarios that cost little, in turn. */
export function extraPlans(n: number, start: number): Plan[] {
  const cheap: Scenario[] = [
    'new',
    'ward-on-time',
    'refused',
    'supplement-waiting',
    'ward-overdue',
    'withdrawn',
    'verification-overdue',
    'ward-at-risk',
  ];
  const procedures = [HOUSEHOLD, CONSTRUCTION, CORRECTION];
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    return {
      scenario: cheap[i % cheap.length] as Scenario,
      procedureCode: procedures[i % 3] as string,
      wardCode: WARDS[(i + 1) % WARDS.length] as string,
      online: i % 3 !== 0,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Demo applicants

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Huỳnh'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Quốc', 'Thanh', 'Hữu', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hạnh', 'Khôi', 'Lan', 'Mai', 'Nam', 'Phúc'];
const STREETS = ['Lê Lợi', 'Nguyễn Huệ', 'Pasteur', 'Hai Bà Trưng', 'Lý Tự Trọng', 'Đồng Khởi'];

function applicantOf(i: number, wardCode: string): Applicant {
  const pick = <T>(xs: readonly T[], k: number): T => xs[k % xs.length] as T;
  const ward = getUnit(wardCode)?.name ?? wardCode;
  return {
    fullName: `${pick(FAMILY, i * 7)} ${pick(MIDDLE, i * 3)} ${pick(GIVEN, i * 5 + 1)}`,
    idNumber: `0791${String(90_000_000 + i * 7919).padStart(8, '0')}`,
    phone: `090${String(1_000_000 + ((i * 104_729) % 8_999_999)).padStart(7, '0')}`,
    address: `${10 + ((i * 13) % 180)} ${pick(STREETS, i)}, ${ward}, Thành phố Hồ Chí Minh`,
  };
}

let fontBytes: Uint8Array | null = null;

/** A one-page PDF standing for a scanned paper or the e-form of the demo. */
async function demoPdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont((fontBytes ??= loadFontBytes('regular')), { subset: true });
  const page = pdf.addPage([595, 842]);
  lines.forEach((l, i) =>
    page.drawText(l.normalize('NFC'), { x: 56, y: 780 - i * 22, size: 12, font }),
  );
  return Buffer.from(await pdf.save());
}

async function demoDocuments(code: string, plan: Plan, a: Applicant): Promise<DocumentRef[]> {
  const procedure = getProcedure(plan.procedureCode);
  const refs: DocumentRef[] = [];
  if (plan.online) {
    refs.push(
      await storeDocument(code, {
        key: 'application-form',
        kind: 'APPLICATION_FORM',
        title: `Tờ khai điện tử: ${procedure?.name ?? plan.procedureCode}`,
        contentType: 'application/pdf',
        fileName: `application-form-${code}.pdf`,
        bytes: await demoPdf([
          'TỜ KHAI ĐIỆN TỬ (dữ liệu mẫu)',
          procedure?.name ?? plan.procedureCode,
          `Người nộp: ${a.fullName}`,
          `Mã hồ sơ: ${code}`,
        ]),
        signatures: [],
      }),
    );
  }
  refs.push(
    await storeDocument(code, {
      key: 'attachment-1',
      kind: 'ATTACHMENT',
      title: 'Tệp đính kèm 1: bản chụp giấy tờ tùy thân',
      contentType: 'application/pdf',
      fileName: 'giay-to-tuy-than.pdf',
      bytes: await demoPdf([
        'BẢN CHỤP GIẤY TỜ (dữ liệu mẫu)',
        a.fullName,
        `Số định danh: ${a.idNumber}`,
      ]),
      signatures: [],
    }),
  );
  return refs;
}

// ---------------------------------------------------------------------------------------------
// Driving one case

export interface SeedCasesOptions {
  client: Client;
  taskQueue: string;
  kek: Buffer;
  pin: string;
  /** Cases at once (default 3). */
  concurrency?: number;
  onCase?: (code: string, scenario: Scenario) => void;
  now?: Date;
}

class Driver {
  private actors = new Map<string, Actor>();
  constructor(private readonly opts: SeedCasesOptions) {}

  async actor(username: string): Promise<Actor> {
    let a = this.actors.get(username);
    if (!a) {
      const o = await OfficialModel.findById(username).lean();
      if (!o) throw new Error(`no official ${username}: run the seed of officials first`);
      a = toActor(o);
      this.actors.set(username, a);
    }
    return a;
  }

  /** Moves the case's time to `at` (a backdated instant). */
  async at(h: WorkflowHandle, at: Date): Promise<void> {
    await h.signal(caseClockSignal, { offsetMs: Math.min(0, at.getTime() - Date.now()) });
    // The timers that fell due fire before the next action is taken.
    await new Promise((r) => setTimeout(r, 150));
  }

  async act(
    h: WorkflowHandle,
    at: Date,
    username: string,
    req: Omit<ActionRequest, 'actor' | 'signingGrant'> & { signed?: boolean },
  ): Promise<void> {
    await this.at(h, at);
    const actor = await this.actor(username);
    const { signed, ...rest } = req;
    const signingGrant = signed
      ? await authorizeSigning({
          officialId: actor.id,
          caseCode: h.workflowId,
          pin: this.opts.pin,
          kek: this.opts.kek,
        })
      : undefined;
    await h.executeUpdate(actUpdate, {
      args: [{ ...rest, actor, ...(signingGrant ? { signingGrant } : {}) }],
    });
  }

  async run(plan: Plan, index: number): Promise<string> {
    const { client, taskQueue } = this.opts;
    const now = this.opts.now ?? new Date();
    const procedure = getProcedure(plan.procedureCode);
    const ward = getUnit(plan.wardCode);
    if (!procedure || !ward) throw new Error(`unknown ${plan.procedureCode} or ${plan.wardCode}`);
    const sla = procedure.sla;
    const day = 8; // working hours
    const wardDays = sla.ward ?? 1;
    const deptDays = sla.department ?? 1;
    // How far back it was received, in working hours, per scenario (a month is ~ 22 working days).
    const back: Record<Scenario, number> = {
      new: 2 + (index % 3),
      'verification-overdue': 2.5 * day,
      'supplement-waiting': 4 * day,
      'supplement-expired': (sla.supplementLimit + 3) * day,
      'supplement-round': 9 * day,
      refused: (3 + (index % 15)) * day,
      withdrawn: 6 * day,
      rejected: 8 * day,
      'ward-on-time': 0.5 * day + 3,
      // Accepted 2 h in; the ward's deadline falls half a working day from now.
      'ward-at-risk': wardDays * day - 2,
      'ward-overdue': (wardDays + 3) * day,
      'department-on-time': (wardDays + 2) * day,
      'department-silent': (2 + 7) * day,
      'department-overdue': (2 + deptDays + 2) * day,
      'result-ready': (wardDays + deptDays) * day,
      completed: (10 + (index % 12)) * day,
      'completed-late': (procedure.totalWorkingDays + 4) * day,
      'failing-step': 6 * day,
      terminated: 3 * day,
      'assignee-left': 2 * day,
    };
    const submittedAt = nextWorkingStart(subtractWorkingHours(now, back[plan.scenario]));
    const t = (hours: number): Date => addWorkingHours(submittedAt, hours);
    const agency = ward.agencyId;
    const code = formatDossierCode(
      agency,
      submittedAt,
      await nextSequence(dossierSerialKey(agency, submittedAt)),
    );
    const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === plan.procedureCode);
    const applicant = applicantOf(index + 1, plan.wardCode);
    const input: CaseInput = {
      code,
      procedureCode: plan.procedureCode,
      wardCode: plan.wardCode,
      applicant,
      form: example?.form ?? {},
      submittedAt: submittedAt.toISOString(),
      channel: plan.online ? 'ONLINE' : 'COUNTER',
      documents: await demoDocuments(code, plan, applicant),
      clock: { offsetMs: submittedAt.getTime() - Date.now() },
    };
    const h = await client.workflow.start('caseWorkflow', {
      taskQueue,
      workflowId: code,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    await h.executeUpdate(openedUpdate);
    const receiver = `receiver.${plan.wardCode.toLowerCase()}`;
    const approver = `ward.${plan.wardCode.toLowerCase()}`;
    const dept = DEPARTMENT_APPROVER[procedure.departmentCode];
    const twoLevels = procedure.chain.length > 1;
    const accept = (at: Date) =>
      this.act(h, at, receiver, { action: 'accept', note: 'Hồ sơ đầy đủ, hợp lệ.' });
    const approveWard = (at: Date) =>
      this.act(h, at, approver, { action: 'approve', note: 'Đồng ý.', signed: true });
    const approveDept = (at: Date) =>
      this.act(h, at, dept ?? approver, { action: 'approve', note: 'Đồng ý cấp.', signed: true });
    /** Approvals through the chain, the ward's after `wardAfter` working hours from `from`. */
    const approveAll = async (
      from: number,
      wardAfter: number,
      deptAfter: number,
    ): Promise<number> => {
      await approveWard(t(from + wardAfter));
      if (!twoLevels) return from + wardAfter;
      await approveDept(t(from + wardAfter + deptAfter));
      return from + wardAfter + deptAfter;
    };
    const handover = (at: Date) =>
      this.act(h, at, receiver, {
        action: 'handover',
        note: 'Đã trả kết quả tại Bộ phận Một cửa.',
      });

    switch (plan.scenario) {
      case 'new':
      case 'verification-overdue':
        break;
      case 'supplement-waiting':
      case 'supplement-expired':
        await this.act(h, t(3), receiver, {
          action: 'request_supplement',
          missingDocuments: [procedure.requiredDocuments[0]?.name ?? 'Giấy tờ còn thiếu'],
          note: 'Bản chụp chưa rõ, đề nghị bổ sung bản rõ nét.',
        });
        break;
      case 'supplement-round':
        await this.act(h, t(3), receiver, {
          action: 'request_supplement',
          missingDocuments: [procedure.requiredDocuments[0]?.name ?? 'Giấy tờ còn thiếu'],
          note: 'Thiếu bản vẽ có chữ ký của đơn vị thiết kế.',
        });
        await this.at(h, t(day + 2));
        await h.executeUpdate(provideSupplementUpdate, {
          args: [{ note: 'Đã bổ sung bản vẽ theo yêu cầu.' }],
        });
        await accept(t(day + 5));
        await approveWard(t(3 * day));
        break;
      case 'refused':
        await this.act(h, t(2), receiver, {
          action: 'refuse',
          reason: 'Thủ tục không thuộc thẩm quyền giải quyết của phường.',
        });
        break;
      case 'withdrawn':
        await accept(t(2));
        await this.at(h, t(day + 4));
        await h.executeUpdate(withdrawUpdate, {
          args: [{ reason: 'Gia đình thay đổi kế hoạch.' }],
        });
        break;
      case 'rejected':
        await accept(t(2));
        await this.act(h, t(day + 3), approver, {
          action: 'reject',
          reason: 'Địa điểm kinh doanh không phù hợp quy hoạch.',
          signed: true,
        });
        break;
      case 'ward-on-time':
      case 'ward-at-risk':
      case 'ward-overdue':
      case 'assignee-left':
        await accept(t(2));
        break;
      case 'department-on-time':
        await accept(t(2));
        await approveWard(t(day + 2));
        break;
      case 'department-silent':
      case 'department-overdue':
        await accept(t(2));
        await approveWard(t(2 * day));
        break;
      case 'result-ready':
      case 'failing-step':
        await accept(t(2));
        await approveAll(2, day, day);
        break;
      case 'completed': {
        await accept(t(2));
        const done = await approveAll(2, day, 2 * day);
        await handover(t(done + 3));
        break;
      }
      case 'completed-late': {
        await accept(t(2));
        // The ward approves a day after the appointment: overdue, apology, resolved late.
        const done = await approveAll(2, (procedure.totalWorkingDays + 1) * day, day);
        await handover(t(done + 3));
        break;
      }
      case 'terminated':
        break;
    }
    // Catch up with the real time: the deadlines in between fire now. A case that ended (handed
    // over, refused, withdrawn, rejected) has no deadline left, and its workflow takes no signal.
    try {
      await h.signal(caseClockSignal, { offsetMs: 0 });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }

    if (plan.scenario === 'assignee-left') await this.assigneeLeft(h, plan.wardCode);
    if (plan.scenario === 'terminated') {
      await new Promise((r) => setTimeout(r, 500));
      await h.terminate('Dữ liệu mẫu: quy trình bị dừng bởi quản trị viên.');
    }
    if (plan.scenario === 'failing-step') await this.breakControlSheet(h);
    return code;
  }

  /** The case is assigned to an official who then leaves (deactivated): nobody may act on it. */
  private async assigneeLeft(h: WorkflowHandle, wardCode: string): Promise<void> {
    const id = `ward2.${wardCode.toLowerCase()}`;
    const ward = getUnit(wardCode);
    await OfficialModel.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          username: id,
          fullName: 'Đỗ Văn Hậu',
          title: `Phó Chủ tịch UBND ${ward?.name ?? wardCode} (đã chuyển công tác)`,
          position: 'Phó Chủ tịch',
          authorityPrefix: 'KT. CHỦ TỊCH',
          unitCode: wardCode,
          roles: ['WARD_APPROVER'],
          email: `${id}@motcua.example.gov.vn`,
          phone: null,
          passwordHash:
            'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
          signingRevision: 0,
        },
        $set: { active: true },
      },
      { upsert: true },
    );
    const to = toActor((await OfficialModel.findById(id).lean())!);
    await h.executeUpdate(reassignUpdate, {
      args: [
        {
          actor: await this.actor('supervisor'),
          to,
          note: 'Giao cho đồng chí phụ trách lĩnh vực.',
        },
      ],
    });
    await OfficialModel.updateOne({ _id: id }, { $set: { active: false } });
  }

  /**
   * The stored file of the case's control sheet goes missing (a storage fault), then the applicant
   * collects the result online: the desk's last signature on the sheet fails at every attempt.
   */
  private async breakControlSheet(h: WorkflowHandle): Promise<void> {
    const sheet = await DocumentModel.findOne({
      caseCode: h.workflowId,
      kind: 'CONTROL_SHEET',
    }).lean();
    if (sheet) await DocumentFileModel.deleteOne({ _id: sheet.fileId.toHexString() });
    await h.signal(resultCollectedSignal, { by: 'APPLICANT_DOWNLOAD' });
  }
}

/** Seeds `plans` with a few cases at once; returns the codes made, in order of completion. */
export async function seedCases(
  plans: Plan[],
  opts: SeedCasesOptions,
  offset = 0,
): Promise<string[]> {
  const driver = new Driver(opts);
  const codes: string[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const plan = plans[i];
      if (!plan) return;
      try {
        const code = await driver.run(plan, offset + i);
        codes.push(code);
        opts.onCase?.(code, plan.scenario);
      } catch (err) {
        failures.push(`${plan.scenario}: ${err instanceof Error ? err.message : String(err)}`);
        opts.onCase?.('', plan.scenario);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 3 }, worker));
  if (failures.length)
    throw new Error(`${failures.length} demo case(s) failed: ${failures.join(' | ')}`);
  return codes;
}

/** `npm run seed -- --cases N` (and `npm start` on an empty database): with the worker running. */
export async function seedCasesMain(extra: number | null): Promise<string> {
  const config = loadConfig();
  if (!config.demo.enabled) throw new Error('The demo seed runs only in development mode.');
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const existing = await CaseModel.estimatedDocumentCount();
    const plans =
      extra === null ? (existing > 0 ? [] : defaultPlans()) : extraPlans(extra, existing);
    if (plans.length === 0) return `Demo cases: ${existing} case(s) already there, none added.`;
    const bar = new Progress('Seeding demo cases', plans.length);
    const started = Date.now();
    const codes = await seedCases(
      plans,
      {
        client,
        taskQueue: config.temporal.taskQueue,
        kek: parseKek(config.keyEncryptionKey),
        pin: config.demo.pin,
        onCase: () => bar.tick(),
      },
      existing,
    );
    bar.finish();
    return `Seeded ${codes.length} demo case(s) in ${Math.round((Date.now() - started) / 1000)} s.`;
  } finally {
    await connection.close();
  }
}

export const DEMO_HOUR_MS = HOUR;
