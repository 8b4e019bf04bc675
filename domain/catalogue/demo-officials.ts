/**
 * Demo officials seeded in development mode (API.md "Development seed", plus one RECEIVER and
 * one WARD_APPROVER for every ward and one DEPARTMENT_APPROVER for every department of units.ts).
 * Each unit also gets an organisation seal certificate at seed time. No passwords or PINs here:
 * they come from $DEMO_PASSWORD / $DEMO_PIN when the seed runs.
 */
import type { Role } from '../types';

export interface DemoOfficial {
  username: string;
  fullName: string;
  /** Title shown in the UI and the timeline, e.g. "Phó Giám đốc Sở Xây dựng". */
  title: string;
  /** Position printed (in capitals) in a signer block, e.g. "Phó Giám đốc", "Chuyên viên". */
  position: string;
  roles: Role[];
  /** Unit code, or null for city-wide roles (SUPERVISOR). */
  unitCode: string | null;
}

export const DEMO_OFFICIALS: readonly DemoOfficial[] = [
  {
    username: 'receiver.saigon',
    fullName: 'Nguyễn Thị Thu Hà',
    title: 'Chuyên viên Bộ phận Một cửa phường Sài Gòn',
    position: 'Chuyên viên',
    roles: ['RECEIVER'],
    unitCode: 'SAIGON',
  },
  {
    username: 'ward.saigon',
    fullName: 'Trần Minh Khoa',
    title: 'Phó Chủ tịch UBND phường Sài Gòn',
    position: 'Phó Chủ tịch',
    roles: ['WARD_APPROVER'],
    unitCode: 'SAIGON',
  },
  {
    username: 'receiver.benthanh',
    fullName: 'Lê Thị Ngọc Ánh',
    title: 'Chuyên viên Bộ phận Một cửa phường Bến Thành',
    position: 'Chuyên viên',
    roles: ['RECEIVER'],
    unitCode: 'BENTHANH',
  },
  {
    username: 'ward.benthanh',
    fullName: 'Phạm Quốc Dũng',
    title: 'Phó Chủ tịch UBND phường Bến Thành',
    position: 'Phó Chủ tịch',
    roles: ['WARD_APPROVER'],
    unitCode: 'BENTHANH',
  },
  {
    username: 'receiver.tandinh',
    fullName: 'Võ Thị Kim Ngân',
    title: 'Chuyên viên Bộ phận Một cửa phường Tân Định',
    position: 'Chuyên viên',
    roles: ['RECEIVER'],
    unitCode: 'TANDINH',
  },
  {
    username: 'ward.tandinh',
    fullName: 'Huỳnh Văn Lộc',
    title: 'Phó Chủ tịch UBND phường Tân Định',
    position: 'Phó Chủ tịch',
    roles: ['WARD_APPROVER'],
    unitCode: 'TANDINH',
  },
  {
    username: 'dept.sxd',
    fullName: 'Đặng Hoàng Sơn',
    title: 'Phó Giám đốc Sở Xây dựng',
    position: 'Phó Giám đốc',
    roles: ['DEPARTMENT_APPROVER'],
    unitCode: 'SXD',
  },
  {
    username: 'dept.stc',
    fullName: 'Bùi Thị Thanh Thủy',
    title: 'Phó Giám đốc Sở Tài chính',
    position: 'Phó Giám đốc',
    roles: ['DEPARTMENT_APPROVER'],
    unitCode: 'STC',
  },
  {
    username: 'dept.sct',
    fullName: 'Ngô Đức Thắng',
    title: 'Phó Giám đốc Sở Công Thương',
    position: 'Phó Giám đốc',
    roles: ['DEPARTMENT_APPROVER'],
    unitCode: 'SCT',
  },
  {
    username: 'dept.snnmt',
    fullName: 'Trịnh Thị Mỹ Linh',
    title: 'Phó Giám đốc Sở Nông nghiệp và Môi trường',
    position: 'Phó Giám đốc',
    roles: ['DEPARTMENT_APPROVER'],
    unitCode: 'SNNMT',
  },
  {
    username: 'supervisor',
    fullName: 'Hoàng Anh Tuấn',
    title: 'Phó Chánh Văn phòng UBND Thành phố Hồ Chí Minh',
    position: 'Phó Chánh Văn phòng',
    roles: ['SUPERVISOR'],
    unitCode: null,
  },
];
