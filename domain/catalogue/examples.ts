/**
 * One realistic, valid application per procedure (fictitious people), for seeds, demos and
 * tests. Each `form` validates against its procedure's formSchema (checked by the tests).
 */
import type { Applicant } from '../types';

export interface ExampleApplication {
  procedureCode: string;
  wardCode: string;
  applicant: Applicant;
  form: Record<string, unknown>;
}

export const EXAMPLE_APPLICATIONS: readonly ExampleApplication[] = [
  {
    procedureCode: '1.009994.000.00.00.H29',
    wardCode: 'SAIGON',
    applicant: {
      fullName: 'Nguyễn Văn Bình',
      idNumber: '079085001234',
      phone: '0903123456',
      email: 'nguyen.van.binh@example.vn',
      address: '12 Nguyễn Du, Phường Sài Gòn, Thành phố Hồ Chí Minh',
    },
    form: {
      land: {
        parcelNumber: '125',
        mapSheetNumber: '17',
        area: 1250.5,
        certificateNumber: 'DE 123456',
        certificateIssueDate: '2019-08-15',
      },
      site: { address: '8 Tôn Đức Thắng' },
      works: {
        name: 'Tòa nhà văn phòng Bình An',
        kind: 'DAN_DUNG',
        grade: 'II',
        constructionArea: 780,
        totalFloorArea: 9360,
        floors: 12,
        basements: 2,
        height: 46.5,
      },
      designer: {
        organization: 'Công ty Cổ phần Tư vấn Thiết kế Xây dựng Phương Nam',
        leadDesigner: 'Trần Quốc Huy',
        certificateNumber: 'HCM-00012345',
      },
      expectedCompletionMonths: 24,
    },
  },
  {
    procedureCode: '1.001612.000.00.00.H29',
    wardCode: 'BENTHANH',
    applicant: {
      fullName: 'Lê Thị Hồng Nhung',
      idNumber: '079190004567',
      phone: '0912345678',
      address: '45 Lê Thánh Tôn, Phường Bến Thành, Thành phố Hồ Chí Minh',
    },
    form: {
      registrationType: 'CA_NHAN',
      business: {
        name: 'Hộ kinh doanh Cà phê Hồng Nhung',
        address: '45 Lê Thánh Tôn',
        phone: '0912345678',
        email: 'caphehongnhung@example.vn',
        lineOfBusiness: 'Dịch vụ phục vụ đồ uống (quán cà phê, giải khát)',
        vsicCode: '5630',
      },
      capital: 150_000_000,
      employees: 4,
    },
  },
  {
    procedureCode: '1.012790.000.00.00.H29',
    wardCode: 'TANDINH',
    applicant: {
      fullName: 'Phạm Minh Tuấn',
      idNumber: '079078009876',
      phone: '0987654321',
      address: '20 Trần Quang Khải, Phường Tân Định, Thành phố Hồ Chí Minh',
    },
    form: {
      certificate: {
        kind: 'QSDD_QSHNO',
        serialNumber: 'CS 654321',
        registryNumber: 'CH01234',
        issueDate: '2016-03-21',
        issuer: 'Ủy ban nhân dân Quận 1',
      },
      land: {
        parcelNumber: '48',
        mapSheetNumber: '9',
        address: '20 Trần Quang Khải, Phường Tân Định',
      },
      correction: {
        item: 'NGUOI_DUOC_CAP',
        currentContent: 'Phạm Minh Tuân',
        correctContent: 'Phạm Minh Tuấn',
        reason: 'LOI_IN_AN',
        reasonDetail: 'Họ tên trên Giấy chứng nhận bị in sai dấu so với căn cước.',
      },
    },
  },
];
