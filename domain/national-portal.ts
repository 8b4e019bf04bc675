/**
 * Mapping of stages onto the dossier statuses a provincial system synchronises with the
 * National Public Service Portal (Cổng Dịch vụ công quốc gia, DVCQG) — see
 * /work/shared/reference/vn-one-stop.md §1.5 (local codes 1–10 and the DVCQG status strings).
 * A later sync is then a table lookup.
 */
import type { Outcome, Stage } from './types';

export interface PortalStatus {
  /** Local status code 1–10. */
  code: number;
  /** Vietnamese status name. */
  label: string;
  /** The status string DVCQG uses. */
  dvcqg: string;
}

export const PORTAL_STATUSES: readonly PortalStatus[] = [
  { code: 1, label: 'Mới đăng ký', dvcqg: 'receiving' },
  { code: 2, label: 'Được tiếp nhận', dvcqg: 'new' },
  { code: 3, label: 'Không được tiếp nhận', dvcqg: 'denied' },
  { code: 4, label: 'Đang xử lý', dvcqg: 'processing' },
  { code: 5, label: 'Yêu cầu bổ sung giấy tờ', dvcqg: 'waiting' },
  { code: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính', dvcqg: 'paying' },
  { code: 7, label: 'Công dân yêu cầu rút hồ sơ', dvcqg: 'cancelled' },
  { code: 8, label: 'Dừng xử lý', dvcqg: 'unresolved' },
  { code: 9, label: 'Đã xử lý xong', dvcqg: 'releasing' },
  { code: 10, label: 'Đã trả kết quả', dvcqg: 'done' },
] as const;

function status(code: number): PortalStatus {
  const found = PORTAL_STATUSES.find((s) => s.code === code);
  if (!found) throw new RangeError(`no portal status ${code}`);
  return found;
}

/**
 * The portal status of a case in `stage` (with its outcome once CLOSED):
 * VERIFICATION → 1 receiving (submitted, not yet accepted); SUPPLEMENT_REQUESTED → 5 waiting;
 * WARD_APPROVAL / DEPARTMENT_APPROVAL → 4 processing; RESULT_READY → 9 releasing;
 * COMPLETED → 10 done; CLOSED: REFUSED → 3 denied, WITHDRAWN → 7 cancelled, EXPIRED and
 * REJECTED → 8 unresolved (processing stopped without a result; the refusal letter is sent).
 * The acceptance itself is reported as the event status 2 "new" ({@link PORTAL_STATUS_ACCEPTED}).
 */
export function portalStatusFor(stage: Stage, outcome: Outcome | null = null): PortalStatus {
  switch (stage) {
    case 'VERIFICATION':
      return status(1);
    case 'SUPPLEMENT_REQUESTED':
      return status(5);
    case 'WARD_APPROVAL':
    case 'DEPARTMENT_APPROVAL':
      return status(4);
    case 'RESULT_READY':
      return status(9);
    case 'COMPLETED':
      return status(10);
    case 'CLOSED':
      switch (outcome) {
        case 'REFUSED':
          return status(3);
        case 'WITHDRAWN':
          return status(7);
        case 'EXPIRED':
        case 'REJECTED':
          return status(8);
        default:
          throw new RangeError(`a CLOSED case needs an outcome other than ${String(outcome)}`);
      }
  }
}

/** The status reported at the moment a dossier is accepted at verification. */
export const PORTAL_STATUS_ACCEPTED: PortalStatus = status(2);
