/**
 * Đăng ký thành lập hộ kinh doanh — decided by the ward alone: since 1/7/2025 the business
 * registration body for household businesses is the commune-level People's Committee (Decree
 * 168/2025/NĐ-CP). The Department of Finance (Sở Tài chính), which absorbed the Department of
 * Planning and Investment in 2025, owns the procedure in the catalogue (state management of
 * business registration) but is not a level of the chain.
 *
 * Time limit: 3 working days from a valid dossier. Fee: 100,000 VND (HCMC People's Council fee
 * resolution; online filings may be exempt by a later resolution — check before production).
 */
import type { Procedure } from '../../types';
import { choice, email, form, formatted, integer, section, text } from '../form-schema';
import { LOCAL_GOVERNMENT_LAW, ONE_STOP_DECREE } from './legal-grounds';

export const HOUSEHOLD_BUSINESS: Procedure = {
  code: '1.001612.000.00.00.H29',
  name: 'Đăng ký thành lập hộ kinh doanh',
  description:
    'Cá nhân hoặc các thành viên hộ gia đình đăng ký thành lập hộ kinh doanh tại Ủy ban nhân dân phường nơi đặt trụ sở hộ kinh doanh. Kết quả là Giấy chứng nhận đăng ký hộ kinh doanh.',
  field: 'Thành lập và hoạt động của hộ kinh doanh',
  departmentCode: 'STC',
  chain: ['WARD'],
  sla: { verification: 1, ward: 2, supplementLimit: 15 },
  totalWorkingDays: 3,
  requiredDocuments: [
    {
      code: 'GIAY_DE_NGHI',
      name: 'Giấy đề nghị đăng ký hộ kinh doanh',
      required: true,
      originals: 1,
    },
    {
      code: 'BIEN_BAN_HOP_HO_GIA_DINH',
      name: 'Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (trường hợp các thành viên hộ gia đình đăng ký hộ kinh doanh)',
      required: false,
      copies: 1,
    },
    {
      code: 'VAN_BAN_UY_QUYEN',
      name: 'Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh (trường hợp các thành viên hộ gia đình đăng ký hộ kinh doanh)',
      required: false,
      copies: 1,
    },
    {
      code: 'GIAY_TO_DIA_DIEM',
      name: 'Bản sao hợp đồng thuê, mượn địa điểm kinh doanh hoặc giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh',
      required: false,
      copies: 1,
    },
  ],
  formSchema: form(
    'Giấy đề nghị đăng ký hộ kinh doanh',
    'Thông tin về hộ kinh doanh, ngành nghề, vốn và lao động.',
    {
      registrationType: choice('Hình thức đăng ký', [
        ['CA_NHAN', 'Cá nhân thành lập hộ kinh doanh'],
        ['HO_GIA_DINH', 'Các thành viên hộ gia đình thành lập hộ kinh doanh'],
      ]),
      business: section(
        'Thông tin hộ kinh doanh',
        {
          name: formatted('Tên hộ kinh doanh', 100, 'householdBusinessName'),
          address: text('Địa chỉ trụ sở hộ kinh doanh (số nhà, tên đường)', 200, { minLength: 5 }),
          phone: formatted('Điện thoại', 10, 'phone'),
          email: email('Thư điện tử', 100),
          lineOfBusiness: text('Ngành, nghề kinh doanh', 500, { minLength: 3 }),
          vsicCode: formatted('Mã ngành kinh tế cấp 4 (VSIC)', 4, 'vsic4'),
        },
        ['name', 'address', 'phone', 'lineOfBusiness', 'vsicCode'],
      ),
      capital: integer('Tổng số vốn kinh doanh (đồng)', 1_000_000, 100_000_000_000),
      employees: integer('Số lượng lao động (người)', 0, 1000),
    },
    ['registrationType', 'business', 'capital', 'employees'],
  ),
  decision: {
    id: 'household-business',
    summary: 'Về việc cấp Giấy chứng nhận đăng ký hộ kinh doanh',
    symbol: 'QĐ-UBND',
    // The issuing unit is the ward (last level of the chain): "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG …".
    authority: 'CHỦ TỊCH {{unit.issuerName}}',
    legalGrounds: [
      LOCAL_GOVERNMENT_LAW,
      'Căn cứ Luật Doanh nghiệp ngày 17 tháng 6 năm 2020; Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp ngày 17 tháng 6 năm 2025',
      'Căn cứ Nghị định số 168/2025/NĐ-CP ngày 30 tháng 6 năm 2025 của Chính phủ về đăng ký doanh nghiệp',
      ONE_STOP_DECREE,
      'Theo đề nghị của Trưởng phòng Kinh tế, Hạ tầng và Đô thị',
    ],
    articles: [
      'Điều 1. Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho {{form.business.name}}; địa chỉ trụ sở: {{form.business.address}}, {{ward.name}}, Thành phố Hồ Chí Minh; điện thoại: {{form.business.phone}}; chủ hộ kinh doanh: {{applicant.fullName}}, số định danh cá nhân {{applicant.idNumber}}; ngành, nghề kinh doanh: {{form.business.lineOfBusiness}} (mã ngành {{form.business.vsicCode}}); vốn kinh doanh: {{form.capital}} đồng; số lượng lao động: {{form.employees}} người.',
      'Điều 2. Hộ kinh doanh có trách nhiệm kinh doanh đúng ngành, nghề đã đăng ký, thực hiện nghĩa vụ thuế và thông báo thay đổi nội dung đăng ký hộ kinh doanh theo quy định của pháp luật.',
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký (hồ sơ số {{case.code}}). Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường, Trưởng phòng Kinh tế, Hạ tầng và Đô thị và {{applicant.fullName}} chịu trách nhiệm thi hành Quyết định này./.',
    ],
    recipients: [
      'Như Điều 3',
      'Thuế cơ sở quản lý địa bàn (để phối hợp)',
      'Sở Tài chính (để theo dõi)',
    ],
    signerPrefix: 'KT. CHỦ TỊCH',
  },
  feeVnd: 100_000,
};
