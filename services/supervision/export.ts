/**
 * Every table of the supervisors' page as a file with Vietnamese headers: CSV (UTF-8 with a byte
 * order mark, so that spreadsheet programs read the diacritics, and RFC 4180 quoting; a cell that
 * would start a formula is prefixed with an apostrophe) or XLSX (exceljs).
 */
import ExcelJS from 'exceljs';
import { formatVnDateTimeShort } from '../../domain/calendar';
import { PROGRESS_LABELS, STUCK_REASON_LABELS } from '../../domain/supervision';
import type { ListItem, StageRow, UnitRow, WeekRow } from './queries';

export interface Column<R> {
  header: string;
  value: (row: R) => string | number | null;
  width?: number;
}

export interface Table<R = unknown> {
  name: string;
  title: string;
  columns: Array<Column<R>>;
  rows: R[];
}

const when = (iso: string | null): string => (iso ? formatVnDateTimeShort(new Date(iso)) : '');
const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

export function casesTable(items: ListItem[]): Table<ListItem> {
  return {
    name: 'ho-so',
    title: 'Danh sách hồ sơ',
    rows: items,
    columns: [
      { header: 'Mã hồ sơ', value: (r) => r.code, width: 30 },
      { header: 'Thủ tục', value: (r) => r.procedureName, width: 40 },
      { header: 'Người nộp', value: (r) => r.applicantName, width: 24 },
      { header: 'Bước hiện tại', value: (r) => r.stageLabel, width: 30 },
      { header: 'Đơn vị đang xử lý', value: (r) => r.unitCode },
      { header: 'Cán bộ được phân công', value: (r) => r.assignee?.name ?? '' },
      { header: 'Ngày tiếp nhận', value: (r) => when(r.submittedAt), width: 18 },
      { header: 'Hạn bước hiện tại', value: (r) => when(r.stageDueAt), width: 18 },
      { header: 'Ngày hẹn trả', value: (r) => when(r.dueAt), width: 18 },
      { header: 'Quá hạn (ngày làm việc)', value: (r) => r.overdueBy?.workingDays ?? null },
      { header: 'Tình trạng (QĐ 766)', value: (r) => PROGRESS_LABELS[r.progress], width: 26 },
      {
        header: 'Lý do vướng mắc',
        value: (r) => r.reasons.map((x) => STUCK_REASON_LABELS[x.reason]).join('; '),
        width: 30,
      },
      { header: 'Chi tiết', value: (r) => r.reasons.map((x) => x.detail).join(' '), width: 60 },
    ],
  };
}

export function unitsTable(rows: UnitRow[]): Table<UnitRow> {
  return {
    name: 'bao-cao-don-vi',
    title: 'Báo cáo tình hình giải quyết hồ sơ theo đơn vị',
    rows,
    columns: [
      { header: 'Mã đơn vị', value: (r) => r.unitCode },
      { header: 'Đơn vị', value: (r) => r.unitName, width: 30 },
      { header: 'Tổng số hồ sơ tiếp nhận', value: (r) => r.received },
      { header: 'Đã giải quyết trước hạn', value: (r) => r.resolvedEarly },
      { header: 'Đã giải quyết đúng hạn', value: (r) => r.resolvedOnTime },
      { header: 'Đã giải quyết quá hạn', value: (r) => r.resolvedLate },
      { header: 'Đang giải quyết trong hạn', value: (r) => r.inProgressOnTime },
      { header: 'Đang giải quyết quá hạn', value: (r) => r.inProgressLate },
      { header: 'Từ chối tiếp nhận', value: (r) => r.refused },
      { header: 'Rút hồ sơ', value: (r) => r.withdrawn },
      { header: 'Quá hạn bổ sung', value: (r) => r.expired },
      { header: 'Tỷ lệ đúng hạn (%)', value: (r) => pct(r.onTimeRate) },
      { header: 'Tỷ lệ nộp trực tuyến (%)', value: (r) => pct(r.onlineRate) },
      { header: 'Tỷ lệ có thành phần số hóa (%)', value: (r) => pct(r.digitisedRate) },
      { header: 'Sắp đến hạn', value: (r) => r.atRisk },
      { header: 'Quá hạn bước xử lý', value: (r) => r.overdue },
      { header: 'Vướng mắc', value: (r) => r.stuck },
    ],
  };
}

export function stagesTable(rows: StageRow[]): Table<StageRow> {
  return {
    name: 'theo-buoc',
    title: 'Hồ sơ theo bước xử lý',
    rows,
    columns: [
      { header: 'Bước', value: (r) => r.stageLabel, width: 40 },
      { header: 'Đang ở bước này', value: (r) => r.open },
      { header: 'Quá hạn', value: (r) => r.overdue },
      { header: 'Sắp đến hạn', value: (r) => r.atRisk },
      { header: 'Thời gian trung bình (ngày làm việc)', value: (r) => r.meanWorkingDays },
      { header: 'Số lượt', value: (r) => r.visits },
    ],
  };
}

export function weeksTable(rows: WeekRow[]): Table<WeekRow> {
  return {
    name: 'theo-tuan',
    title: 'Xu hướng theo tuần tiếp nhận',
    rows,
    columns: [
      { header: 'Tuần bắt đầu từ', value: (r) => r.week },
      { header: 'Tiếp nhận', value: (r) => r.received },
      { header: 'Giải quyết đúng hạn', value: (r) => r.resolvedOnTime },
      { header: 'Giải quyết quá hạn', value: (r) => r.resolvedLate },
      { header: 'Tỷ lệ đúng hạn (%)', value: (r) => pct(r.onTimeRate) },
    ],
  };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<R>(table: Table<R>): Buffer {
  const lines = [
    table.columns.map((c) => csvCell(c.header)).join(','),
    ...table.rows.map((r) => table.columns.map((c) => csvCell(c.value(r))).join(',')),
  ];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`.normalize('NFC'), 'utf8');
}

export async function toXlsx<R>(table: Table<R>, subtitle: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Một cửa điện tử';
  const sheet = book.addWorksheet(table.title.slice(0, 31));
  sheet.addRow([table.title]).font = { bold: true, size: 13 };
  sheet.addRow([subtitle]).font = { italic: true };
  sheet.addRow([]);
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of table.rows) sheet.addRow(table.columns.map((c) => c.value(r)));
  table.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width ?? 16;
  });
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
