/** "Căn cứ ..." clauses shared by several decision templates (no trailing semicolon). */

export const LOCAL_GOVERNMENT_LAW =
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025';

export const ONE_STOP_DECREE =
  'Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia';
