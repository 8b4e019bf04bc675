import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  CONSTRUCTION_PERMIT,
  DEMO_OFFICIALS,
  departmentOf,
  EXAMPLE_APPLICATIONS,
  FIXED_PLACEHOLDERS,
  getDemoOfficial,
  getProcedure,
  getUnit,
  HOUSEHOLD_BUSINESS,
  listProcedures,
  listUnits,
  OWNERSHIP_CORRECTION,
  placeholdersIn,
  requireProcedure,
  UNITS,
  validateBuiltInCatalogue,
  validateCatalogue,
} from '../../domain/catalogue';
import type { Procedure } from '../../domain/types';

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // The English hint beside `description` (domain/catalogue/form-schema.ts): an annotation.
  ajv.addKeyword({ keyword: 'x-hint-en', schemaType: 'string' });
  return ajv;
}

/** A mutable deep copy of a frozen catalogue object. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('catalogue integrity', () => {
  test('validateCatalogue finds no problem in the built-in catalogue', () => {
    expect(validateBuiltInCatalogue()).toEqual([]);
  });

  test('validateCatalogue catches broken data', () => {
    const p = copy(CONSTRUCTION_PERMIT);
    p.departmentCode = 'SAIGON'; // a ward, not a department
    p.chain = [];
    p.sla = { verification: 1, supplementLimit: 10, ward: 3 };
    p.decision.articles = [
      'Điều 1. Cấp cho {{form.nope}} và {{applicant.email}} {{form.works}}./.',
    ];
    (p.formSchema.properties as Record<string, Record<string, unknown>>).extra = {
      type: 'string',
      title: 'Không giới hạn',
    };
    const dupe = copy(HOUSEHOLD_BUSINESS);
    dupe.code = p.code;
    const problems = validateCatalogue(UNITS, [p, dupe], DEMO_OFFICIALS).join('\n');
    expect(problems).toMatch(/duplicate procedure code/);
    expect(problems).toMatch(/departmentCode SAIGON is not a DEPARTMENT unit/);
    expect(problems).toMatch(/chain \[\] is not one of/);
    expect(problems).toMatch(/SLA for WARD, which is not in the chain/);
    expect(problems).toMatch(/\{\{form\.nope\}\}: no such form field/);
    expect(problems).toMatch(/unknown placeholder \{\{applicant\.email\}\}/);
    expect(problems).toMatch(/\{\{form\.works\}\}: not a printable value/);
    expect(problems).toMatch(/formSchema\.extra: string without maxLength/);
  });

  test('validateCatalogue catches units and officials that do not fit', () => {
    const units = copy(UNITS).map((u) =>
      u.code === 'TANDINH' ? { ...u, agencyId: '000.26.01.H29' } : u,
    );
    const officials = copy(DEMO_OFFICIALS).filter((o) => o.username !== 'ward.tandinh');
    officials.push({ ...copy(DEMO_OFFICIALS[0]!), username: 'x.sxd', unitCode: 'SXD' });
    officials.push({ ...copy(DEMO_OFFICIALS[0]!), username: 'x.nowhere', unitCode: 'HANOI' });
    const problems = validateCatalogue(units, listProcedures(), officials).join('\n');
    expect(problems).toMatch(/duplicate agencyId 000\.26\.01\.H29/);
    expect(problems).toMatch(/ward TANDINH has no WARD_APPROVER/);
    expect(problems).toMatch(/official x\.sxd: RECEIVER needs a WARD unit/);
    expect(problems).toMatch(/official x\.nowhere: unknown unit HANOI/);
  });

  test('every form schema compiles with Ajv (draft 2020-12, strict) and accepts its example', () => {
    const ajv = newAjv();
    for (const p of listProcedures()) {
      expect(p.formSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const validate = ajv.compile(p.formSchema);
      const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === p.code);
      expect(example).toBeDefined();
      const ok = validate(example!.form);
      expect([p.code, ok, validate.errors ?? []]).toEqual([p.code, true, []]);
    }
  });

  test('form schemas reject bad answers (missing, extra, malformed, too long, not in the enum)', () => {
    const ajv = newAjv();
    const validate = ajv.compile(CONSTRUCTION_PERMIT.formSchema);
    const good = EXAMPLE_APPLICATIONS[0]!.form as {
      land: Record<string, unknown>;
      works: Record<string, unknown>;
    };
    const bad = (mutate: (f: typeof good & Record<string, unknown>) => void): boolean => {
      const f = copy(good) as typeof good & Record<string, unknown>;
      mutate(f);
      return validate(f);
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((f) => delete f.land.parcelNumber)).toBe(false);
    expect(bad((f) => (f.land.parcelNumber = '12a'))).toBe(false);
    expect(bad((f) => (f.land.certificateIssueDate = '2019-02-30'))).toBe(false);
    expect(bad((f) => (f.works.grade = 'III'))).toBe(false);
    expect(bad((f) => (f.works.floors = 2.5))).toBe(false);
    expect(bad((f) => (f.works.name = 'x'.repeat(201)))).toBe(false);
    expect(bad((f) => (f.unexpected = 'field'))).toBe(false);

    const hkd = ajv.compile(HOUSEHOLD_BUSINESS.formSchema);
    const form = copy(EXAMPLE_APPLICATIONS[1]!.form) as { business: Record<string, unknown> };
    form.business.name = 'Cà phê không có tiền tố';
    expect(hkd(form)).toBe(false);
    form.business.name = 'Hộ kinh doanh Cà phê';
    form.business.email = 'không phải email';
    expect(hkd(form)).toBe(false);
  });

  test('every string field of every form has a maxLength, every field a Vietnamese title', () => {
    const walk = (node: Record<string, unknown>, path: string, out: string[]): void => {
      if (typeof node.title !== 'string' || node.title.length === 0) out.push(`${path}: no title`);
      if (node.type === 'string' && typeof node.maxLength !== 'number')
        out.push(`${path}: no maxLength`);
      for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
        walk(v as Record<string, unknown>, `${path}.${k}`, out);
      }
    };
    for (const p of listProcedures()) {
      const out: string[] = [];
      walk(p.formSchema, p.code, out);
      expect(out).toEqual([]);
    }
  });

  test('every placeholder of every decision resolves with the example application', () => {
    for (const p of listProcedures()) {
      const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === p.code)!;
      for (const text of [p.decision.authority, ...p.decision.articles]) {
        for (const name of placeholdersIn(text)) {
          if (name.startsWith('form.')) {
            let v: unknown = example.form;
            for (const k of name.slice(5).split('.')) v = (v as Record<string, unknown>)[k];
            expect([name, typeof v === 'string' || typeof v === 'number']).toEqual([name, true]);
          } else {
            expect(FIXED_PLACEHOLDERS).toContain(name);
          }
        }
      }
    }
  });
});

describe('catalogue content', () => {
  test('three procedures with national codes of Hồ Chí Minh City (H29)', () => {
    expect(listProcedures().map((p) => p.code)).toEqual([
      '1.009994.000.00.00.H29',
      '1.001612.000.00.00.H29',
      '1.012790.000.00.00.H29',
    ]);
    expect(getProcedure('1.009994.000.00.00.H29')).toBe(CONSTRUCTION_PERMIT);
    expect(getProcedure('9.999999.000.00.00.H29')).toBeUndefined();
    expect(() => requireProcedure('nope')).toThrow(RangeError);
  });

  test('the API seed procedure runs ward → SXD; household business is ward-only', () => {
    expect(CONSTRUCTION_PERMIT.chain).toEqual(['WARD', 'DEPARTMENT']);
    expect(departmentOf(CONSTRUCTION_PERMIT).code).toBe('SXD');
    expect(HOUSEHOLD_BUSINESS.chain).toEqual(['WARD']);
    expect(HOUSEHOLD_BUSINESS.totalWorkingDays).toBe(3);
    expect(OWNERSHIP_CORRECTION.chain).toEqual(['WARD', 'DEPARTMENT']);
    expect(departmentOf(OWNERSHIP_CORRECTION).name).toBe('Sở Nông nghiệp và Môi trường');
  });

  test('decisions cite the laws of their field', () => {
    const grounds = (p: Procedure): string => p.decision.legalGrounds.join('\n');
    expect(grounds(CONSTRUCTION_PERMIT)).toMatch(/Luật Xây dựng ngày 18 tháng 6 năm 2014/);
    expect(grounds(CONSTRUCTION_PERMIT)).toMatch(/Nghị định số 175\/2024\/NĐ-CP/);
    expect(grounds(HOUSEHOLD_BUSINESS)).toMatch(/Nghị định số 168\/2025\/NĐ-CP/);
    expect(grounds(HOUSEHOLD_BUSINESS)).toMatch(/Luật Doanh nghiệp/);
    expect(grounds(OWNERSHIP_CORRECTION)).toMatch(/Luật Đất đai ngày 18 tháng 01 năm 2024/);
    for (const p of listProcedures()) expect(grounds(p)).toMatch(/Nghị định số 118\/2025\/NĐ-CP/);
  });

  test('the API seed units exist with their Vietnamese names', () => {
    expect(getUnit('SAIGON')).toMatchObject({ name: 'Phường Sài Gòn', kind: 'WARD' });
    expect(getUnit('BENTHANH')).toMatchObject({ name: 'Phường Bến Thành', kind: 'WARD' });
    expect(getUnit('SXD')).toMatchObject({
      name: 'Sở Xây dựng',
      kind: 'DEPARTMENT',
      issuerName: 'SỞ XÂY DỰNG',
      parentName: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
    });
    expect(getUnit('SAIGON')?.issuerName).toBe('ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN');
    expect(listUnits('WARD').length).toBeGreaterThanOrEqual(3);
    expect(listUnits('DEPARTMENT').map((u) => u.code)).toEqual(
      expect.arrayContaining(['SXD', 'STC', 'SNNMT']),
    );
    expect(getUnit('NOWHERE')).toBeUndefined();
  });

  test('the API seed accounts exist with their roles and units', () => {
    const seed: Array<[string, string, string | null]> = [
      ['receiver.saigon', 'RECEIVER', 'SAIGON'],
      ['ward.saigon', 'WARD_APPROVER', 'SAIGON'],
      ['receiver.benthanh', 'RECEIVER', 'BENTHANH'],
      ['ward.benthanh', 'WARD_APPROVER', 'BENTHANH'],
      ['dept.sxd', 'DEPARTMENT_APPROVER', 'SXD'],
      ['supervisor', 'SUPERVISOR', null],
    ];
    for (const [username, role, unitCode] of seed) {
      expect(getDemoOfficial(username)).toMatchObject({ roles: [role], unitCode });
    }
    expect(JSON.stringify(DEMO_OFFICIALS)).not.toMatch(/password|pin/i);
  });

  test('catalogue objects are frozen', () => {
    expect(Object.isFrozen(CONSTRUCTION_PERMIT.decision.articles)).toBe(true);
    expect(() => {
      (CONSTRUCTION_PERMIT as { feeVnd: number }).feeVnd = 1;
    }).toThrow(TypeError);
  });
});
