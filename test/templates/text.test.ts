/**
 * The Vietnamese text of every kind, as poppler extracts it (with and without -layout), is what
 * the documents must say — in NFC, even for names given decomposed.
 */
import type { DocumentKind } from '../../domain/types';
import { renderDocument } from '../../templates';
import { APPLICANT_NAME, DOSSIER_CODE, KINDS, sampleData } from './fixtures';
import { pdfText, scratch } from './helpers';

const COMMON = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  APPLICANT_NAME,
];

const EXPECTED: Record<DocumentKind, string[]> = {
  APPLICATION_FORM: [
    'ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG',
    'Kính gửi: Ủy ban nhân dân phường Sài Gòn.',
    'Họ và tên: Nguyễn Thị Hồng Nhung',
    'Số định danh cá nhân: 079190001234',
    '1. Thông tin thửa đất',
    '- Diện tích thửa đất (m²): 1.250,5',
    '- Ngày cấp Giấy chứng nhận: 15/08/2019',
    '3. Thông tin công trình',
    '- Loại công trình: công trình dân dụng',
    '- Cấp công trình: cấp II',
    '- Chiều cao công trình (m): 46,5',
    '- Họ và tên chủ nhiệm thiết kế: Trần Quốc Huy',
    'III. GIẤY TỜ KÈM THEO',
    'Đơn đề nghị cấp giấy phép xây dựng',
    'chịu trách nhiệm trước pháp luật.',
    'Thành phố Hồ Chí Minh, ngày 03 tháng 12 năm 2026',
    'NGƯỜI LÀM ĐƠN',
    '(Ký, ghi rõ họ tên)',
  ],
  RECEIPT: [
    'Mẫu số 01',
    'UBND PHƯỜNG SÀI GÒN',
    'BỘ PHẬN MỘT CỬA',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    `Mã hồ sơ: ${DOSSIER_CODE}`,
    'Thành phố Hồ Chí Minh, ngày 03 tháng 12 năm 2026',
    'Thời gian giải quyết hồ sơ theo quy định: 20 ngày làm việc',
    'Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 03/12/2026',
    '14 giờ 00 phút, ngày 24/12/2026',
    'Bản chính',
    'Ký số',
    'Lệ phí: 150.000 đồng',
    `https://dichvucong.hochiminhcity.gov.vn/tra-cuu?MHS=${DOSSIER_CODE}`,
    'NGƯỜI TIẾP NHẬN',
    'Trần Minh Khoa',
  ],
  SUPPLEMENT_REQUEST: [
    'Mẫu số 02',
    'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    `Số: ${DOSSIER_CODE}/HDHS`,
    'Thành phố Hồ Chí Minh, ngày 04 tháng 12 năm 2026',
    'Thành phần hồ sơ',
    'Lý do: Hồ sơ chưa đủ thành phần',
    'trước 17 giờ 00 phút, ngày 18/12/2026',
    'NGƯỜI HƯỚNG DẪN',
  ],
  REFUSAL: [
    'Mẫu số 03',
    'ỦY BAN NHÂN DÂN',
    'PHƯỜNG SÀI GÒN',
    'Số: 215/TB-UBND',
    'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
    'Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng mới đối với công trình',
    'Nơi nhận:',
    '- Lưu: VT.',
    'KT. CHỦ TỊCH',
    'PHÓ CHỦ TỊCH',
    'Lê Văn Phúc',
  ],
  CONTROL_SHEET: [
    'Mẫu số 06',
    'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    'TÊN CƠ QUAN',
    'THỜI GIAN GIAO, NHẬN',
    'GHI CHÚ',
    '1. Giao: Bộ phận Một cửa',
    '2. Nhận: UBND phường Sài',
    '2. Nhận: Sở Xây dựng',
    'Bước 3',
    'Thời gian hẹn trả kết quả: 14 giờ 00 phút, ngày 24/12/2026',
  ],
  APOLOGY: [
    'Mẫu số 04',
    'SỞ XÂY DỰNG',
    'Số: 88/XL-SXD',
    'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
    'Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung',
    'Lý do: Hồ sơ cần lấy ý kiến',
    'Thời gian hẹn trả kết quả lại: 14 giờ 00 phút, ngày 07/01/2027',
    'Thành phố Hồ Chí Minh, ngày 23 tháng 12 năm 2026',
    'KT. GIÁM ĐỐC',
    'PHÓ GIÁM ĐỐC',
    'Phạm Thị Thu Hà',
  ],
  DECISION: [
    'SỞ XÂY DỰNG',
    'Số: 12/QĐ-SXD',
    'Thành phố Hồ Chí Minh, ngày 22 tháng 12 năm 2026',
    'QUYẾT ĐỊNH',
    'Về việc cấp giấy phép xây dựng công trình',
    'GIÁM ĐỐC SỞ XÂY DỰNG',
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;',
    'Căn cứ Nghị định số 118/2025/NĐ-CP',
    'Theo đề nghị của Trưởng phòng Quản lý hoạt động xây dựng.',
    'QUYẾT ĐỊNH:',
    'Điều 1. Cấp giấy phép xây dựng cho Nguyễn Thị Hồng Nhung',
    '(công trình dân dụng, cấp II)',
    '9.360 m²',
    '46,5 m',
    'Điều 3.',
    '000.26.01.H29-261203-0007',
    'Nơi nhận:',
    '- Như Điều 3;',
    '- Thanh tra Sở Xây dựng;',
    '- Lưu: VT.',
    'KT. GIÁM ĐỐC',
    'PHÓ GIÁM ĐỐC',
    'Phạm Thị Thu Hà',
  ],
};

/** Collapse runs of spaces (pdftotext -layout pads columns), keep line structure. */
function squeeze(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

describe.each(KINDS)('%s text', (kind) => {
  const tmp = scratch();
  let raw = '';
  let layout = '';

  beforeAll(async () => {
    const data = sampleData();
    const doc = await renderDocument(kind, data[kind] as never);
    const path = tmp.file(`${kind}.pdf`, doc.pdf);
    raw = await pdfText(path, false);
    layout = await pdfText(path, true);
  });
  afterAll(() => tmp.cleanup());

  it.each([...COMMON.filter((s) => kind !== 'APPLICATION_FORM' || s !== ''), ...EXPECTED[kind]])(
    'contains %j',
    (expected) => {
      expect(squeeze(raw)).toContain(expected);
      // In -layout mode a phrase may sit next to another column; it still reads on one line.
      expect(squeeze(layout)).toContain(expected);
    },
  );

  it('is all NFC (no decomposed diacritics survive)', () => {
    expect(raw).toBe(raw.normalize('NFC'));
    expect(raw).not.toMatch(/[\u0300-\u036f]/);
  });
});
