/**
 * Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II (công trình không
 * theo tuyến) — issued by the city's Department of Construction (Sở Xây dựng); since 1/7/2025
 * works of grade III–IV and individual houses are licensed at the commune level instead.
 *
 * Time limit: 20 days from a complete dossier (Luật Xây dựng 2014, Art. 102, amended 2020);
 * here 1 working day at the ward's one-stop desk, 5 for the ward's opinion on the site, 14 for
 * the department's appraisal and decision. Fee: 150,000 VND per permit for works other than
 * individual houses (HCMC People's Council resolution on construction-permit fees).
 */
import type { Procedure } from '../../types';
import { choice, date, decimal, form, formatted, integer, section, text } from '../form-schema';
import { LOCAL_GOVERNMENT_LAW, ONE_STOP_DECREE } from './legal-grounds';

export const CONSTRUCTION_PERMIT: Procedure = {
  code: '1.009994.000.00.00.H29',
  name: 'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II (công trình không theo tuyến)',
  description:
    'Chủ đầu tư đề nghị cấp giấy phép xây dựng mới cho công trình cấp đặc biệt, cấp I, cấp II không theo tuyến trên địa bàn Thành phố Hồ Chí Minh. Hồ sơ nộp trực tuyến hoặc tại Bộ phận Một cửa của phường nơi có công trình; Ủy ban nhân dân phường có ý kiến về địa điểm xây dựng, Sở Xây dựng thẩm định và cấp giấy phép.',
  field: 'Hoạt động xây dựng',
  departmentCode: 'SXD',
  chain: ['WARD', 'DEPARTMENT'],
  sla: { verification: 1, ward: 5, department: 14, supplementLimit: 20 },
  totalWorkingDays: 20,
  requiredDocuments: [
    {
      code: 'DON_DE_NGHI',
      name: 'Đơn đề nghị cấp giấy phép xây dựng',
      required: true,
      originals: 1,
    },
    {
      code: 'GIAY_TO_DAT',
      name: 'Bản sao một trong những giấy tờ chứng minh quyền sử dụng đất theo quy định của pháp luật về đất đai',
      required: true,
      copies: 1,
    },
    {
      code: 'QD_PHE_DUYET_DU_AN',
      name: 'Bản sao quyết định phê duyệt dự án; văn bản thông báo kết quả thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng của cơ quan chuyên môn về xây dựng',
      required: true,
      copies: 1,
    },
    {
      code: 'BAN_VE_THIET_KE',
      name: 'Bản vẽ thiết kế xây dựng: mặt bằng vị trí công trình trên lô đất, mặt bằng, mặt đứng, mặt cắt chủ yếu, mặt bằng móng và sơ đồ đấu nối hệ thống hạ tầng kỹ thuật',
      required: true,
      copies: 2,
    },
    {
      code: 'CHUNG_CHI_THIET_KE',
      name: 'Bản sao chứng chỉ hành nghề của chủ nhiệm, chủ trì thiết kế và chứng chỉ năng lực của tổ chức thiết kế',
      required: true,
      copies: 1,
    },
    {
      code: 'THAM_DUYET_PCCC',
      name: 'Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy (đối với công trình thuộc diện phải thẩm duyệt)',
      required: false,
      copies: 1,
    },
    {
      code: 'MOI_TRUONG',
      name: 'Văn bản của cơ quan có thẩm quyền về bảo vệ môi trường (đối với công trình thuộc diện phải đánh giá tác động môi trường hoặc có giấy phép môi trường)',
      required: false,
      copies: 1,
    },
    {
      code: 'CAM_KET_AN_TOAN',
      name: 'Bản cam kết bảo đảm an toàn đối với công trình liền kề (đối với công trình có tầng hầm hoặc xây chen)',
      required: false,
      originals: 1,
    },
  ],
  formSchema: form(
    'Đơn đề nghị cấp giấy phép xây dựng',
    'Thông tin về thửa đất, địa điểm, quy mô công trình và đơn vị thiết kế.',
    {
      land: section(
        'Thông tin thửa đất',
        {
          parcelNumber: formatted('Thửa đất số', 6, 'parcelNumber'),
          mapSheetNumber: formatted('Tờ bản đồ số', 4, 'mapSheetNumber'),
          area: decimal('Diện tích thửa đất (m²)', 1_000_000),
          certificateNumber: formatted(
            'Số phát hành Giấy chứng nhận quyền sử dụng đất',
            11,
            'certificateSerial',
          ),
          certificateIssueDate: date('Ngày cấp Giấy chứng nhận'),
        },
        ['parcelNumber', 'mapSheetNumber', 'area', 'certificateNumber', 'certificateIssueDate'],
      ),
      site: section(
        'Địa điểm xây dựng',
        {
          address: text('Số nhà, tên đường (trong phường nơi nộp hồ sơ)', 200, { minLength: 5 }),
        },
        ['address'],
      ),
      works: section(
        'Thông tin công trình',
        {
          name: text('Tên công trình', 200, { minLength: 3 }),
          kind: choice('Loại công trình', [
            ['DAN_DUNG', 'công trình dân dụng'],
            ['CONG_NGHIEP', 'công trình công nghiệp'],
            ['HA_TANG_KY_THUAT', 'công trình hạ tầng kỹ thuật'],
          ]),
          grade: choice('Cấp công trình', [
            ['DAC_BIET', 'cấp đặc biệt'],
            ['I', 'cấp I'],
            ['II', 'cấp II'],
          ]),
          constructionArea: decimal('Diện tích xây dựng tầng 1 (m²)', 1_000_000),
          totalFloorArea: decimal('Tổng diện tích sàn (m²)', 10_000_000),
          floors: integer('Số tầng trên mặt đất', 1, 120),
          basements: integer('Số tầng hầm', 0, 10),
          height: decimal('Chiều cao công trình (m)', 600),
        },
        [
          'name',
          'kind',
          'grade',
          'constructionArea',
          'totalFloorArea',
          'floors',
          'basements',
          'height',
        ],
      ),
      designer: section(
        'Đơn vị, cá nhân thiết kế',
        {
          organization: text('Tên tổ chức thiết kế', 200, { minLength: 3 }),
          leadDesigner: text('Họ và tên chủ nhiệm thiết kế', 100, { minLength: 3 }),
          certificateNumber: formatted(
            'Mã số chứng chỉ hành nghề của chủ nhiệm thiết kế',
            13,
            'practisingCertificate',
          ),
        },
        ['organization', 'leadDesigner', 'certificateNumber'],
      ),
      expectedCompletionMonths: integer('Dự kiến thời gian hoàn thành công trình (tháng)', 1, 120),
    },
    ['land', 'site', 'works', 'designer', 'expectedCompletionMonths'],
  ),
  decision: {
    id: 'construction-permit',
    summary: 'Về việc cấp giấy phép xây dựng công trình',
    symbol: 'QĐ-SXD',
    authority: 'GIÁM ĐỐC SỞ XÂY DỰNG',
    legalGrounds: [
      LOCAL_GOVERNMENT_LAW,
      'Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014; Luật sửa đổi, bổ sung một số điều của Luật Xây dựng ngày 17 tháng 6 năm 2020',
      'Căn cứ Nghị định số 175/2024/NĐ-CP ngày 30 tháng 12 năm 2024 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng',
      ONE_STOP_DECREE,
      'Theo đề nghị của Trưởng phòng Quản lý hoạt động xây dựng',
    ],
    articles: [
      'Điều 1. Cấp giấy phép xây dựng cho {{applicant.fullName}}, địa chỉ: {{applicant.address}}, được xây dựng công trình {{form.works.name}} ({{form.works.kind}}, {{form.works.grade}}) tại {{form.site.address}}, {{ward.name}}, Thành phố Hồ Chí Minh; trên thửa đất số {{form.land.parcelNumber}}, tờ bản đồ số {{form.land.mapSheetNumber}}, diện tích {{form.land.area}} m², Giấy chứng nhận số phát hành {{form.land.certificateNumber}}. Quy mô công trình: diện tích xây dựng tầng 1 {{form.works.constructionArea}} m²; tổng diện tích sàn {{form.works.totalFloorArea}} m²; số tầng {{form.works.floors}} tầng và {{form.works.basements}} tầng hầm; chiều cao {{form.works.height}} m; tổ chức thiết kế: {{form.designer.organization}}, chủ nhiệm thiết kế {{form.designer.leadDesigner}}.',
      'Điều 2. Chủ đầu tư có trách nhiệm xây dựng đúng giấy phép và hồ sơ thiết kế đã được phê duyệt; thông báo ngày khởi công bằng văn bản cho Sở Xây dựng và {{ward.name}} trước khi khởi công; bảo đảm an toàn cho người, công trình lân cận và vệ sinh môi trường. Giấy phép hết hiệu lực nếu sau 12 tháng kể từ ngày cấp công trình chưa được khởi công.',
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký (hồ sơ số {{case.code}}). Chánh Văn phòng Sở, Trưởng phòng Quản lý hoạt động xây dựng, Chủ tịch Ủy ban nhân dân {{ward.name}} và {{applicant.fullName}} chịu trách nhiệm thi hành Quyết định này./.',
    ],
    recipients: ['Như Điều 3', 'Giám đốc Sở (để báo cáo)', 'Thanh tra Sở Xây dựng'],
    signerPrefix: 'KT. GIÁM ĐỐC',
  },
  feeVnd: 150_000,
};
