/**
 * Đính chính Giấy chứng nhận đã cấp (correction of an issued land-use / ownership certificate):
 * the ward checks the dossier and confirms the facts locally; the Department of Agriculture and
 * Environment (Sở Nông nghiệp và Môi trường, which took over land administration in the 2025
 * merger) corrects the certificate through its Land Registration Office (Luật Đất đai 2024,
 * Art. 152; Decree 101/2024/NĐ-CP).
 *
 * Time limit: 10 working days. No fee when the error is the authority's.
 */
import type { Procedure } from '../../types';
import { choice, date, form, formatted, section, text } from '../form-schema';
import { LOCAL_GOVERNMENT_LAW, ONE_STOP_DECREE } from './legal-grounds';

export const OWNERSHIP_CORRECTION: Procedure = {
  code: '1.012790.000.00.00.H29',
  name: 'Đính chính Giấy chứng nhận đã cấp',
  description:
    'Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất đề nghị đính chính Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất đã cấp có sai sót về thông tin người được cấp, thửa đất hoặc tài sản gắn liền với đất.',
  field: 'Đất đai',
  departmentCode: 'SNNMT',
  chain: ['WARD', 'DEPARTMENT'],
  sla: { verification: 1, ward: 3, department: 6, supplementLimit: 15 },
  totalWorkingDays: 10,
  requiredDocuments: [
    {
      code: 'DON_DE_NGHI',
      name: 'Đơn đề nghị đính chính Giấy chứng nhận đã cấp',
      required: true,
      originals: 1,
    },
    { code: 'GCN_BAN_GOC', name: 'Bản gốc Giấy chứng nhận đã cấp', required: true, originals: 1 },
    {
      code: 'GIAY_TO_CHUNG_MINH',
      name: 'Giấy tờ chứng minh nội dung sai sót (giấy tờ nhân thân, hồ sơ đo đạc, hồ sơ đăng ký đã nộp)',
      required: false,
      copies: 1,
    },
    {
      code: 'VAN_BAN_UY_QUYEN',
      name: 'Văn bản ủy quyền (trường hợp nộp hồ sơ thông qua người được ủy quyền)',
      required: false,
      originals: 1,
    },
  ],
  formSchema: form(
    'Đơn đề nghị đính chính Giấy chứng nhận đã cấp',
    'Thông tin Giấy chứng nhận đã cấp, thửa đất và nội dung đề nghị đính chính.',
    {
      certificate: section(
        'Giấy chứng nhận đã cấp',
        {
          kind: choice('Loại Giấy chứng nhận', [
            ['QSDD', 'Giấy chứng nhận quyền sử dụng đất'],
            [
              'QSDD_QSHNO',
              'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất',
            ],
            [
              'QSDD_QSHTS',
              'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
            ],
          ]),
          serialNumber: formatted('Số phát hành (số seri)', 11, 'certificateSerial'),
          registryNumber: formatted('Số vào sổ cấp Giấy chứng nhận', 17, 'certificateRegistry'),
          issueDate: date('Ngày cấp'),
          issuer: text('Cơ quan cấp', 200, { minLength: 3 }),
        },
        ['kind', 'serialNumber', 'registryNumber', 'issueDate', 'issuer'],
      ),
      land: section(
        'Thửa đất',
        {
          parcelNumber: formatted('Thửa đất số', 6, 'parcelNumber'),
          mapSheetNumber: formatted('Tờ bản đồ số', 4, 'mapSheetNumber'),
          address: text('Địa chỉ thửa đất', 200, { minLength: 5 }),
        },
        ['parcelNumber', 'mapSheetNumber', 'address'],
      ),
      correction: section(
        'Nội dung đề nghị đính chính',
        {
          item: choice('Thông tin có sai sót', [
            ['NGUOI_DUOC_CAP', 'thông tin về người được cấp Giấy chứng nhận'],
            ['GIAY_TO_NHAN_THAN', 'số giấy tờ nhân thân của người được cấp'],
            ['THUA_DAT', 'thông tin về thửa đất'],
            ['TAI_SAN', 'thông tin về tài sản gắn liền với đất'],
            ['KHAC', 'nội dung khác'],
          ]),
          currentContent: text('Nội dung đang ghi trên Giấy chứng nhận', 500),
          correctContent: text('Nội dung đề nghị đính chính lại', 500),
          reason: choice('Lý do sai sót', [
            ['LOI_IN_AN', 'sai sót do lỗi đánh máy, in ấn khi cấp Giấy chứng nhận'],
            ['KHAC_HO_SO', 'thông tin ghi không đúng với hồ sơ đăng ký đã nộp'],
            ['DO_DAC', 'sai sót trong đo đạc, lập bản đồ địa chính'],
          ]),
          reasonDetail: text('Giải thích thêm', 1000),
        },
        ['item', 'currentContent', 'correctContent', 'reason'],
      ),
    },
    ['certificate', 'land', 'correction'],
  ),
  decision: {
    id: 'ownership-correction',
    summary:
      'Về việc đính chính Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất đã cấp',
    symbol: 'QĐ-SNNMT',
    authority: 'GIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG',
    legalGrounds: [
      LOCAL_GOVERNMENT_LAW,
      'Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024',
      'Căn cứ Nghị định số 101/2024/NĐ-CP ngày 29 tháng 7 năm 2024 của Chính phủ quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất và Hệ thống thông tin đất đai',
      ONE_STOP_DECREE,
      'Theo đề nghị của Giám đốc Văn phòng Đăng ký đất đai',
    ],
    articles: [
      'Điều 1. Đính chính Giấy chứng nhận số phát hành {{form.certificate.serialNumber}}, số vào sổ cấp Giấy chứng nhận {{form.certificate.registryNumber}}, do {{form.certificate.issuer}} cấp ngày {{form.certificate.issueDate}} cho {{applicant.fullName}}, đối với thửa đất số {{form.land.parcelNumber}}, tờ bản đồ số {{form.land.mapSheetNumber}}, tại {{form.land.address}}, {{ward.name}}: {{form.correction.item}} đang ghi “{{form.correction.currentContent}}” nay đính chính thành “{{form.correction.correctContent}}”.',
      'Điều 2. Lý do đính chính: {{form.correction.reason}}. Văn phòng Đăng ký đất đai có trách nhiệm ghi nội dung đính chính vào Giấy chứng nhận đã cấp, chỉnh lý hồ sơ địa chính và cập nhật cơ sở dữ liệu đất đai.',
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký (hồ sơ số {{case.code}}). Chánh Văn phòng Sở, Giám đốc Văn phòng Đăng ký đất đai, Chủ tịch Ủy ban nhân dân {{ward.name}} và {{applicant.fullName}} chịu trách nhiệm thi hành Quyết định này./.',
    ],
    recipients: [
      'Như Điều 3',
      'Giám đốc Sở (để báo cáo)',
      'Thuế Thành phố Hồ Chí Minh (để phối hợp)',
    ],
    signerPrefix: 'KT. GIÁM ĐỐC',
  },
  feeVnd: 0,
};
