/**
 * The Vietnamese text of every notification: an e-mail (subject and plain-text body) and an SMS
 * (at most SMS_MAX_LENGTH characters), for the applicant or for officials. Pure: everything comes
 * from the case state and the timeline entry; all text is NFC.
 */
import { getProcedure, getUnit } from '../../domain/catalogue';
import { formatVnDateTimeShort } from '../../domain/calendar/format';
import { OUTCOME_LABELS, STAGE_LABELS } from '../../domain/stages';
import type { OutboxAudience } from '../../models/outbox';
import type { CaseState, TimelineEntry } from '../../workflows/state';
import type { NotificationEvent } from '../types';

export const SMS_MAX_LENGTH = 320;

export interface ComposeInput {
  event: NotificationEvent;
  audience: OutboxAudience;
  caseState: CaseState;
  entry: TimelineEntry;
  /** e.g. "https://motcua.example.gov.vn" (no trailing slash needed). */
  publicBaseUrl: string;
  /** The official's name for the greeting of an e-mail to an official. */
  recipientName?: string | null;
}

export interface ComposedNotification {
  subject: string;
  /** Plain-text e-mail body. */
  body: string;
  sms: string;
}

/** Where the applicant follows the case: `${base}/tra-cuu?MHS=<code>`. */
export function trackingLink(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/tra-cuu?MHS=${encodeURIComponent(code)}`;
}

/** "17 giờ 00 phút, ngày 05/12/2026" */
export function vnDeadline(iso: string): string {
  return formatVnDateTimeShort(new Date(iso));
}

const unitName = (code: string): string => getUnit(code)?.name ?? code;

/** Names of the missing documents (codes of the procedure's list become its names). */
function documentNames(state: CaseState, missing: readonly string[]): string[] {
  const known = getProcedure(state.procedureCode)?.requiredDocuments ?? [];
  return missing.map((m) => known.find((d) => d.code === m)?.name ?? m);
}

/** Shortens `text` so that `text` + `suffix` fits in an SMS. */
function fitSms(text: string, suffix = ''): string {
  const room = SMS_MAX_LENGTH - suffix.length;
  const t = text.length > room ? `${text.slice(0, Math.max(0, room - 1)).trimEnd()}…` : text;
  return (t + suffix).slice(0, SMS_MAX_LENGTH);
}

interface Draft {
  subject: string;
  paragraphs: string[];
  /** SMS text before the tracking link. */
  sms: string;
}

/** The e-mail and SMS for one event and audience. */
export function composeNotification(input: ComposeInput): ComposedNotification {
  const { caseState: s, entry, audience } = input;
  const applicant = audience === 'APPLICANT';
  const draft = applicant ? forApplicant(input) : forOfficial(input);
  const link = trackingLink(input.publicBaseUrl, s.code);
  const greeting = applicant
    ? `Kính gửi Ông/Bà ${s.applicant.fullName},`
    : input.recipientName
      ? `Kính gửi đồng chí ${input.recipientName},`
      : 'Kính gửi Quý cán bộ,';
  const body = [
    greeting,
    '',
    ...draft.paragraphs.flatMap((p, i) => (i === 0 ? [p] : ['', p])),
    '',
    ...(applicant ? [`Tra cứu tình trạng hồ sơ: ${link}`, ''] : []),
    `Thời điểm: ${vnDeadline(entry.at)}.`,
    '',
    '--',
    'Hệ thống thông tin giải quyết thủ tục hành chính',
    'Thư này được gửi tự động, vui lòng không trả lời.',
  ].join('\n');
  const sms = applicant ? fitSms(draft.sms, ` Tra cứu: ${link}`) : fitSms(draft.sms);
  return {
    subject: draft.subject.normalize('NFC'),
    body: body.normalize('NFC'),
    sms: sms.normalize('NFC'),
  };
}

function describe(s: CaseState): string {
  return `Hồ sơ số ${s.code} (thủ tục: ${s.procedureName})`;
}

function deadlineClause(s: CaseState): string {
  return s.stageDueAt ? `; hạn xử lý: ${vnDeadline(s.stageDueAt)}` : '';
}

function forApplicant(input: ComposeInput): Draft {
  const { caseState: s, entry } = input;
  const code = s.code;
  const ward = unitName(s.wardCode);
  const reason = entry.note ? ` Lý do: ${entry.note}.` : '';
  switch (input.event) {
    case 'RECEIVED':
      return {
        subject: `Hồ sơ ${code} đã được tiếp nhận`,
        paragraphs: [
          `${describe(s)} của Ông/Bà đã được Bộ phận Một cửa ${ward} tiếp nhận lúc ` +
            `${vnDeadline(entry.at)} và đang được kiểm tra. Kết quả kiểm tra sẽ được thông báo ` +
            'đến Ông/Bà.',
        ],
        sms: `Hồ sơ ${code} đã được tiếp nhận lúc ${vnDeadline(entry.at)}, đang được kiểm tra.`,
      };
    case 'ACCEPTED':
      return {
        subject: `Hồ sơ ${code} đã được tiếp nhận giải quyết`,
        paragraphs: [
          `${describe(s)} đầy đủ, hợp lệ và đã được tiếp nhận giải quyết lúc ` +
            `${vnDeadline(s.acceptedAt ?? entry.at)}.`,
          `Ngày hẹn trả kết quả: ${vnDeadline(s.dueAt)}.`,
          'Giấy tiếp nhận hồ sơ và hẹn trả kết quả có trong hồ sơ trực tuyến của Ông/Bà.',
        ],
        sms: `Hồ sơ ${code} đã được tiếp nhận giải quyết, hẹn trả kết quả: ${vnDeadline(s.dueAt)}.`,
      };
    case 'SUPPLEMENT_REQUESTED':
    case 'SUPPLEMENT_REMINDER': {
      const sup = s.supplement;
      const names = documentNames(s, sup?.missingDocuments ?? []);
      const by = sup ? vnDeadline(sup.dueAt) : null;
      const reminder = input.event === 'SUPPLEMENT_REMINDER';
      return {
        subject: reminder
          ? `Nhắc bổ sung, hoàn thiện hồ sơ ${code}`
          : `Hồ sơ ${code} cần bổ sung, hoàn thiện`,
        paragraphs: [
          `${describe(s)} ${reminder ? 'vẫn đang chờ Ông/Bà bổ sung' : 'cần được bổ sung'}, ` +
            'hoàn thiện các giấy tờ sau:' +
            (names.length ? `\n${names.map((n) => `- ${n}`).join('\n')}` : ''),
          ...(sup?.note ? [`Ghi chú của cán bộ tiếp nhận: ${sup.note}`] : []),
          ...(by
            ? [
                `Đề nghị Ông/Bà bổ sung trước ${by}; quá thời hạn này hồ sơ sẽ kết thúc ` +
                  'mà không được giải quyết.',
              ]
            : []),
          ...(reminder
            ? []
            : ['Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ có trong hồ sơ trực tuyến của Ông/Bà.']),
        ],
        sms:
          `${reminder ? 'Nhắc: hồ sơ' : 'Hồ sơ'} ${code} cần bổ sung ` +
          `${names.length ? `${names.length} giấy tờ` : 'giấy tờ'}${by ? ` trước ${by}` : ''}.`,
      };
    }
    case 'REAPPOINTED': {
      const unit = unitName(s.stageUnitCode);
      return {
        subject: `Hồ sơ ${code}: xin lỗi và hẹn lại ngày trả kết quả`,
        paragraphs: [
          `${unit} thành thật xin lỗi Ông/Bà vì ${describe(s).replace('Hồ sơ', 'hồ sơ')} ` +
            `không thể trả kết quả đúng hẹn.${reason}`,
          `Ngày hẹn trả kết quả mới: ${vnDeadline(s.dueAt)} ` +
            `(ngày hẹn trước đây: ${vnDeadline(s.originalDueAt)}).`,
          'Phiếu xin lỗi và hẹn lại ngày trả kết quả có trong hồ sơ trực tuyến của Ông/Bà.',
        ],
        sms: `Xin lỗi Ông/Bà: hồ sơ ${code} được hẹn lại ngày trả kết quả: ${vnDeadline(s.dueAt)}.`,
      };
    }
    case 'RESULT_READY':
      return {
        subject: `Hồ sơ ${code} đã có kết quả`,
        paragraphs: [
          `${describe(s)} đã có kết quả giải quyết. Ông/Bà có thể tải kết quả (bản điện tử có ` +
            `chữ ký số) theo đường dẫn dưới đây hoặc nhận trực tiếp tại Bộ phận Một cửa ${ward}.`,
        ],
        sms: `Hồ sơ ${code} đã có kết quả. Nhận tại Bộ phận Một cửa ${ward} hoặc tải trực tuyến.`,
      };
    case 'CLOSED': {
      const outcome = s.outcome ? OUTCOME_LABELS[s.outcome] : 'Đã kết thúc';
      return {
        subject: `Hồ sơ ${code} đã kết thúc: ${outcome}`,
        paragraphs: [
          `${describe(s)} đã kết thúc lúc ${vnDeadline(s.completedAt ?? entry.at)} ` +
            `với kết quả: ${outcome}.${reason}`,
          ...(s.outcome === 'REFUSED' || s.outcome === 'REJECTED'
            ? ['Phiếu từ chối tiếp nhận, giải quyết hồ sơ có trong hồ sơ trực tuyến của Ông/Bà.']
            : []),
        ],
        sms: `Hồ sơ ${code} đã kết thúc: ${outcome}.${reason}`,
      };
    }
    case 'COMPLETED':
      return {
        subject: `Hồ sơ ${code} đã được trả kết quả`,
        paragraphs: [
          `${describe(s)} đã được trả kết quả lúc ${vnDeadline(s.completedAt ?? entry.at)}. ` +
            'Cảm ơn Ông/Bà đã sử dụng dịch vụ công.',
        ],
        sms: `Hồ sơ ${code} đã được trả kết quả lúc ${vnDeadline(s.completedAt ?? entry.at)}.`,
      };
    case 'STAGE_AT_RISK':
    case 'STAGE_OVERDUE':
    case 'ASSIGNED':
    case 'ESCALATED':
      return {
        subject: `Hồ sơ ${code}: cập nhật tình trạng`,
        paragraphs: [`${describe(s)} đang ở bước: ${STAGE_LABELS[s.stage]}.`],
        sms: `Hồ sơ ${code} đang ở bước: ${STAGE_LABELS[s.stage]}.`,
      };
  }
}

function forOfficial(input: ComposeInput): Draft {
  const { caseState: s, entry } = input;
  const code = s.code;
  const stage = STAGE_LABELS[s.stage];
  const unit = unitName(s.stageUnitCode);
  const who = `${describe(s)}, người nộp: ${s.applicant.fullName}`;
  const due = deadlineClause(s);
  switch (input.event) {
    case 'RECEIVED': {
      const again = entry.action === 'provide_supplement';
      return {
        subject: again
          ? `Hồ sơ ${code} đã được bổ sung, chờ kiểm tra`
          : `Hồ sơ mới ${code} chờ kiểm tra`,
        paragraphs: [
          `${who}, ${again ? 'đã được bổ sung' : 'đã được nộp'} lúc ${vnDeadline(entry.at)} ` +
            `và chờ Bộ phận Một cửa ${unitName(s.wardCode)} kiểm tra${due}.`,
        ],
        sms: `Hồ sơ ${code} ${again ? 'đã được bổ sung' : 'mới'}, chờ kiểm tra${due}.`,
      };
    }
    case 'ACCEPTED':
      return {
        subject: `Hồ sơ ${code} chờ xem xét, phê duyệt`,
        paragraphs: [`${who}, đã được chuyển đến bước "${stage}" tại ${unit}${due}.`],
        sms: `Hồ sơ ${code} chờ ${unit} xem xét, phê duyệt${due}.`,
      };
    case 'STAGE_AT_RISK':
      return {
        subject: `Hồ sơ ${code} sắp đến hạn xử lý`,
        paragraphs: [
          `${who}, đang ở bước "${stage}" tại ${unit}${due}.`,
          'Thời gian còn lại dưới một ngày làm việc; đề nghị khẩn trương xử lý.',
        ],
        sms: `Hồ sơ ${code} sắp đến hạn ở bước ${stage} (${unit})${due}.`,
      };
    case 'STAGE_OVERDUE':
      return {
        subject: `Hồ sơ ${code} đã quá hạn xử lý`,
        paragraphs: [
          `${who}, đã quá hạn ở bước "${stage}" tại ${unit}${due}.`,
          'Đề nghị xử lý ngay; đơn vị để quá hạn thực hiện xin lỗi và hẹn lại ngày trả kết quả ' +
            'theo quy định.',
        ],
        sms: `Hồ sơ ${code} đã quá hạn ở bước ${stage} (${unit})${due}.`,
      };
    case 'REAPPOINTED':
      return {
        subject: `Hồ sơ ${code} được hẹn lại ngày trả kết quả`,
        paragraphs: [
          `${who}, được hẹn lại ngày trả kết quả: ${vnDeadline(s.dueAt)} ` +
            `(ngày hẹn trước đây: ${vnDeadline(s.originalDueAt)}); bước hiện tại: "${stage}" ` +
            `tại ${unit}.` +
            (entry.note ? ` Lý do: ${entry.note}` : ''),
        ],
        sms: `Hồ sơ ${code} được hẹn lại ngày trả kết quả: ${vnDeadline(s.dueAt)}.`,
      };
    case 'ESCALATED':
      return {
        subject: `Đôn đốc xử lý hồ sơ ${code}`,
        paragraphs: [
          `${who}, đang ở bước "${stage}" tại ${unit}${due}, được đề nghị khẩn trương xử lý.`,
          ...(entry.actor ? [`Người đôn đốc: ${entry.actor.name}, ${entry.actor.title}.`] : []),
          ...(entry.note ? [`Nội dung: ${entry.note}`] : []),
        ],
        sms: `Đôn đốc: hồ sơ ${code} ở bước ${stage} (${unit})${due} cần xử lý gấp.`,
      };
    case 'ASSIGNED': {
      const to = s.assignee ? `${s.assignee.name} (${s.assignee.title})` : 'cán bộ được chỉ định';
      return {
        subject: `Hồ sơ ${code} được phân công xử lý`,
        paragraphs: [
          `${who}, ở bước "${stage}" tại ${unit} được phân công cho ${to}${due}.`,
          ...(entry.actor ? [`Người phân công: ${entry.actor.name}, ${entry.actor.title}.`] : []),
          ...(entry.note ? [`Ghi chú: ${entry.note}`] : []),
        ],
        sms: `Hồ sơ ${code} được phân công cho ${to}${due}.`,
      };
    }
    case 'RESULT_READY':
      return {
        subject: `Hồ sơ ${code} đã có kết quả, chờ trả cho người nộp`,
        paragraphs: [
          `${who}, đã có kết quả giải quyết. Đề nghị Bộ phận Một cửa ${unitName(s.wardCode)} ` +
            'trả kết quả cho người nộp.',
        ],
        sms: `Hồ sơ ${code} đã có kết quả, chờ trả cho người nộp.`,
      };
    case 'CLOSED': {
      const outcome = s.outcome ? OUTCOME_LABELS[s.outcome] : 'Đã kết thúc';
      return {
        subject: `Hồ sơ ${code} đã kết thúc: ${outcome}`,
        paragraphs: [`${who}, đã kết thúc với kết quả: ${outcome}.`],
        sms: `Hồ sơ ${code} đã kết thúc: ${outcome}.`,
      };
    }
    case 'COMPLETED':
      return {
        subject: `Hồ sơ ${code} đã được trả kết quả`,
        paragraphs: [`${who}, đã được trả kết quả.`],
        sms: `Hồ sơ ${code} đã được trả kết quả.`,
      };
    case 'SUPPLEMENT_REQUESTED':
    case 'SUPPLEMENT_REMINDER':
      return {
        subject: `Hồ sơ ${code} chờ người nộp bổ sung`,
        paragraphs: [
          `${who}, đang chờ người nộp bổ sung, hoàn thiện` +
            (s.supplement ? ` (hạn bổ sung: ${vnDeadline(s.supplement.dueAt)}).` : '.'),
        ],
        sms: `Hồ sơ ${code} chờ người nộp bổ sung.`,
      };
  }
}
