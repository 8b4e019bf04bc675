/** Small, self-contained fixtures for workflow tests that stub the activities. */
import type { Actor, Applicant, Procedure, Role, Unit } from '../../domain/types';
import { calendarDataOf, HOLIDAY_TABLE } from '../../domain/calendar';
import type { CaseContext } from '../../workflows/state';

export function unit(code: string, kind: Unit['kind'], name: string): Unit {
  return {
    code,
    name,
    kind,
    agencyId: `000.00.${code.length}.H29`,
    parentName: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
    issuerName: name.toUpperCase(),
    documentSymbol: code,
    place: 'Thành phố Hồ Chí Minh',
    address: '86 Lê Thánh Tôn, Phường Sài Gòn',
  };
}

export const WARD = unit('SAIGON', 'WARD', 'Phường Sài Gòn');
export const OTHER_WARD = unit('BENTHANH', 'WARD', 'Phường Bến Thành');
export const DEPARTMENT = unit('SXD', 'DEPARTMENT', 'Sở Xây dựng');

export function procedure(overrides: Partial<Procedure> = {}): Procedure {
  return {
    code: '1.009994.000.00.00.H29',
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    description: 'Thử nghiệm',
    field: 'Hoạt động xây dựng',
    departmentCode: 'SXD',
    chain: ['WARD', 'DEPARTMENT'],
    sla: { verification: 1, ward: 3, department: 5, supplementLimit: 10 },
    totalWorkingDays: 15,
    requiredDocuments: [{ code: 'DON', name: 'Đơn đề nghị', required: true }],
    formSchema: { type: 'object', properties: {} },
    decision: {
      id: 'gpxd',
      summary: 'Về việc cấp giấy phép xây dựng',
      symbol: 'QĐ-SXD',
      authority: 'GIÁM ĐỐC SỞ XÂY DỰNG',
      legalGrounds: ['Căn cứ Luật Xây dựng năm 2014'],
      articles: ['Điều 1. Cấp phép cho {{applicant.fullName}}.'],
      recipients: ['Như Điều 1'],
    },
    feeVnd: 75000,
    ...overrides,
  };
}

export function context(p: Procedure = procedure()): CaseContext {
  return {
    procedure: p,
    ward: WARD,
    department: DEPARTMENT,
    calendar: calendarDataOf(HOLIDAY_TABLE),
  };
}

let actorSeq = 0;
export function actor(
  role: Role,
  unitCode: string | null,
  fullName = `Cán bộ ${++actorSeq}`,
): Actor {
  return {
    id: `${role.toLowerCase()}-${unitCode ?? 'city'}-${fullName}`,
    username: `${role.toLowerCase()}.${unitCode ?? 'city'}`,
    fullName,
    title: 'Chuyên viên',
    unitCode,
    roles: [role],
  };
}

export const applicant: Applicant = {
  fullName: 'Nguyễn Thị Hồng Nhung',
  idNumber: '079190000123',
  phone: '0909123456',
  email: 'nhung@example.vn',
  address: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh',
};

/** An official's record as the tests store it (no signing identity; inactive when asked). */
export function officialDoc(
  id: string,
  roles: Role[],
  unitCode: string | null,
  contact: { email?: string | null; phone?: string | null; active?: boolean } = {},
) {
  return {
    _id: id,
    username: id,
    fullName: `Cán bộ ${id}`,
    title: 'Chuyên viên',
    position: 'Chuyên viên',
    unitCode,
    roles,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    active: contact.active ?? true,
    passwordHash: 'x',
  };
}
