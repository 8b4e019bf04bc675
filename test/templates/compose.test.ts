/**
 * The pieces the documents are composed from: Vietnamese dates, placeholders of decision
 * templates, form values, signer headings, recipients, wrapping.
 */
import {
  fillPlaceholders,
  formatLongDate,
  formatPlaceDate,
  formatTimeDate,
  PlaceholderError,
  renderDocument,
  deriveSteps,
} from '../../templates';
import { formEntries, formatValue } from '../../templates/form-schema';
import { numberLine, signerHeadings, superiorName } from '../../templates/kinds/common';
import { articleRuns, groundLine } from '../../templates/kinds/decision';
import { bodyName } from '../../templates/layout/header';
import { recipientLines } from '../../templates/layout/signer';
import { cleanText, wrapText, type Measure } from '../../templates/layout/text';
import {
  APPLICANT,
  constructionPermit,
  DEPARTMENT,
  FORM_ANSWERS,
  FORM_SCHEMA,
  sampleData,
  WARD,
} from './fixtures';

describe('dates', () => {
  it('pads days below 10 and the months January and February (Decree 30)', () => {
    expect(formatLongDate('2026-03-05T10:00:00+07:00')).toBe('ngày 05 tháng 3 năm 2026');
    expect(formatLongDate('2026-02-09T10:00:00+07:00')).toBe('ngày 09 tháng 02 năm 2026');
    expect(formatLongDate('2026-12-03T10:00:00+07:00')).toBe('ngày 03 tháng 12 năm 2026');
    expect(
      formatPlaceDate('Thành phố Hồ Chí Minh'.normalize('NFD'), new Date('2026-01-20T03:00:00Z')),
    ).toBe('Thành phố Hồ Chí Minh, ngày 20 tháng 01 năm 2026');
  });

  it('prints times in Vietnam time whatever the input offset', () => {
    expect(formatTimeDate('2026-12-03T01:30:00Z')).toBe('08 giờ 30 phút, ngày 03/12/2026');
    // 23:10 UTC is already the next morning in Vietnam.
    expect(formatTimeDate('2026-12-31T23:10:00Z')).toBe('06 giờ 10 phút, ngày 01/01/2027');
    expect(formatLongDate('2026-07-04')).toBe('ngày 04 tháng 7 năm 2026');
  });

  it('rejects invalid dates instead of printing "NaN"', async () => {
    expect(() => formatTimeDate('không phải ngày')).toThrow(/not a valid date/);
    const data = { ...sampleData().RECEIPT, issuedAt: 'hôm nay' };
    await expect(renderDocument('RECEIPT', data)).rejects.toThrow(/not a valid date/);
  });
});

describe('decision placeholders', () => {
  const ctx = {
    applicant: APPLICANT,
    form: FORM_ANSWERS,
    formSchema: FORM_SCHEMA,
    caseCode: 'X-1',
    unit: DEPARTMENT,
    ward: WARD,
  };

  it('fills applicant, case, unit, ward and form fields, formatted and NFC', () => {
    const text = fillPlaceholders(
      '{{applicant.fullName}} | {{ applicant.address }} | {{case.code}} | {{unit.name}} | {{ward.name}} | {{form.land.area}} | {{form.works.kind}} | {{form.works.totalFloorArea}} | {{form.land.certificateIssueDate}}',
      ctx,
    );
    expect(text).toBe(
      'Nguyễn Thị Hồng Nhung | 12 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh | X-1 | Sở Xây dựng | Phường Sài Gòn | 1.250,5 | công trình dân dụng | 9.360 | 15/08/2019',
    );
    expect(text).toBe(text.normalize('NFC'));
  });

  it('throws on an unknown placeholder, never prints a blank', () => {
    expect(() => fillPlaceholders('{{applicant.birthday}}', ctx)).toThrow(PlaceholderError);
    expect(() => fillPlaceholders('{{decision.number}}', ctx)).toThrow(/unknown placeholder/);
    expect(() => fillPlaceholders('{{form.khongCo}}', ctx)).toThrow(/no such field/);
    const unanswered = { ...ctx, form: { ...FORM_ANSWERS, expectedCompletionMonths: undefined } };
    expect(() => fillPlaceholders('{{form.expectedCompletionMonths}}', unanswered)).toThrow(
      /has no value/,
    );
    expect(() => fillPlaceholders('{{form.works}}', ctx)).toThrow(/cannot print object/);
    expect(() => fillPlaceholders('{{applicant.fullName}', ctx)).toThrow(/malformed/);
    expect(() => fillPlaceholders('{{}}', ctx)).toThrow(/unknown placeholder/);
  });

  it('keeps braces that arrive inside a value', () => {
    const odd = { ...ctx, applicant: { ...APPLICANT, fullName: 'Tên {{lạ}}' } };
    expect(fillPlaceholders('Bà {{applicant.fullName}}', odd)).toBe('Bà Tên {{lạ}}');
  });

  it('fails the rendering of a decision whose template has an unknown placeholder', async () => {
    const data = sampleData().DECISION;
    data.procedure.decision.articles = ['Điều 1. Cấp cho {{applicant.nickname}}.'];
    await expect(renderDocument('DECISION', data)).rejects.toThrow(PlaceholderError);
  });
});

describe('decision composition', () => {
  it('bolds the article head, numbering entries that have none', () => {
    expect(articleRuns('Điều 2. Nội dung.', 1)).toEqual([
      { text: 'Điều 2. ', style: 'bold' },
      { text: 'Nội dung.', style: 'regular' },
    ]);
    expect(articleRuns('Nội dung.', 3)[0]).toEqual({ text: 'Điều 4. ', style: 'bold' });
  });

  it('writes each ground as "Căn cứ ...;"', () => {
    expect(groundLine('Căn cứ Luật Xây dựng')).toBe('Căn cứ Luật Xây dựng;');
    expect(groundLine('căn cứ Luật Xây dựng;')).toBe('Căn cứ Luật Xây dựng;');
    expect(groundLine('Luật Xây dựng.')).toBe('Căn cứ Luật Xây dựng;');
  });

  it('prints the authority prefix unless it repeats the position', () => {
    expect(signerHeadings({ fullName: 'A', position: 'Phó Giám đốc' }, 'KT. GIÁM ĐỐC')).toEqual([
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
    ]);
    expect(signerHeadings({ fullName: 'A', position: 'Giám đốc' }, 'KT. GIÁM ĐỐC')).toEqual([
      'GIÁM ĐỐC',
    ]);
    expect(
      signerHeadings({
        fullName: 'A',
        position: 'Chủ tịch',
        authorityPrefix: 'TM. ỦY BAN NHÂN DÂN',
      }),
    ).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
  });

  it('numbers with the symbol, and abbreviates "Ủy ban nhân dân" only in the superior body', () => {
    expect(numberLine('12', 'QĐ-SXD')).toBe('Số: 12/QĐ-SXD');
    expect(numberLine('12/QĐ-SXD', 'QĐ-SXD')).toBe('Số: 12/QĐ-SXD');
    expect(superiorName('Ủy ban nhân dân phường Sài Gòn')).toBe('UBND PHƯỜNG SÀI GÒN');
    expect(superiorName('UBND THÀNH PHỐ HỒ CHÍ MINH')).toBe('UBND THÀNH PHỐ HỒ CHÍ MINH');
  });

  it('ends the recipients with "- Lưu: VT."', () => {
    expect(recipientLines(['Như Điều 3', '- Giám đốc Sở (để b/c);', 'Lưu: VT, QLXD'])).toEqual([
      '- Như Điều 3;',
      '- Giám đốc Sở (để b/c);',
      '- Lưu: VT.',
    ]);
  });
});

describe('control sheet steps', () => {
  it('go from the desk through each level, back with the result, and to the applicant', () => {
    const steps = deriveSteps(constructionPermit(), WARD, DEPARTMENT);
    expect(steps.map((s) => `${s.from} → ${s.to}`)).toEqual([
      'Bộ phận Một cửa phường Sài Gòn → UBND phường Sài Gòn',
      'UBND phường Sài Gòn → Sở Xây dựng',
      'Sở Xây dựng → Bộ phận Một cửa phường Sài Gòn',
      'Bộ phận Một cửa phường Sài Gòn → Người nộp hồ sơ',
    ]);
    expect(steps[0]?.note).toBe('Thời hạn giải quyết: 5 ngày làm việc');
    expect(steps[1]?.note).toBe('Thời hạn giải quyết: 14 ngày làm việc');
  });
});

describe('form values', () => {
  it('lists sections and fields in schema order with Vietnamese values', () => {
    const nested = {
      type: 'object',
      properties: {
        a: {
          type: 'object',
          title: 'Phần A',
          properties: {
            b: {
              type: 'object',
              title: 'Mục B',
              properties: { c: { type: 'number', title: 'C (m²)' } },
            },
          },
        },
        d: { type: 'string', title: 'Ghi chú' },
      },
    };
    expect(formEntries(nested, { a: { b: { c: 12.5 } } })).toEqual([
      { kind: 'section', title: 'Phần A', number: '1.', depth: 0 },
      { kind: 'section', title: 'Mục B', number: '1.1.', depth: 1 },
      { kind: 'field', title: 'C (m²)', value: '12,5', depth: 2 },
      { kind: 'field', title: 'Ghi chú', value: undefined, depth: 0 },
    ]);
    const entries = formEntries(FORM_SCHEMA, FORM_ANSWERS);
    expect(
      entries
        .filter((e) => e.kind === 'section')
        .map((e) => e.kind === 'section' && `${e.number} ${e.title}`),
    ).toEqual([
      '1. Thông tin thửa đất',
      '2. Địa điểm xây dựng',
      '3. Thông tin công trình',
      '4. Đơn vị, cá nhân thiết kế',
    ]);
    expect(entries).toContainEqual({
      kind: 'field',
      title: 'Cấp công trình',
      value: 'cấp II',
      depth: 1,
    });
    expect(formatValue(1250000)).toBe('1.250.000');
    expect(formatValue(['a', 'b'])).toBe('a; b');
    expect(formatValue(true)).toBe('Có');
  });
});

describe('wrapping', () => {
  // A monospace measure: every character is 1 unit wide.
  const measure: Measure = (text) => Array.from(text).length;
  const lines = (text: string, width: number, first = 0, rest = 0) =>
    wrapText([{ text, style: 'regular' }], width, measure, first, rest).map((l) =>
      l.segments.map((s) => s.text).join(''),
    );

  it('breaks at spaces, never wider than allowed', () => {
    expect(lines('Cộng hòa xã hội chủ nghĩa Việt Nam', 12)).toEqual([
      'Cộng hòa xã',
      'hội chủ',
      'nghĩa Việt',
      'Nam',
    ]);
  });

  it('splits a word longer than a line between graphemes, NFD input included', () => {
    const word = 'Nguyễn'.normalize('NFD').repeat(3);
    const out = lines(word, 5);
    expect(out.join('')).toBe('Nguyễn'.repeat(3));
    for (const line of out) expect(Array.from(line).length).toBeLessThanOrEqual(5);
  });

  it('keeps hard line breaks and glued words', () => {
    expect(lines('a b\nc', 10)).toEqual(['a b', 'c']);
    expect(lines(`xx ${bodyName('THÀNH PHỐ HỒ CHÍ MINH')}`, 12)).toEqual([
      'xx THÀNH PHỐ',
      'HỒ CHÍ MINH',
    ]);
  });

  it('honours the first-line and hanging indents', () => {
    const out = wrapText([{ text: 'một hai ba bốn năm sáu', style: 'regular' }], 10, measure, 4, 2);
    expect(out[0]?.width).toBeLessThanOrEqual(6);
    for (const line of out.slice(1)) expect(line.width).toBeLessThanOrEqual(8);
  });

  it('cleans input: NFC, no control or invisible characters', () => {
    expect(cleanText('Nguye\u0302\u0303n\u200b\u0007\tA\r\nB')).toBe('Nguyễn A\nB');
    // Bidirectional controls never reach a page: an override would make it read otherwise.
    expect(
      cleanText('Đồng ý \u202eỞ LẠI\u202c \u2066x\u2069\u200f\u200e\u061c\u202a\u202b\u202d'),
    ).toBe('Đồng ý Ở LẠI x');
  });
});
