/**
 * Every procedure of the domain catalogue renders its application form and its decision from the
 * catalogue's example application: every placeholder of every decision template fills.
 */
import {
  departmentOf,
  EXAMPLE_APPLICATIONS,
  requireProcedure,
  requireUnit,
} from '../../domain/catalogue';
import type { Procedure } from '../../domain/types';
import { createTrace, renderDocument } from '../../templates';
import { pdfText, scratch } from './helpers';

const cases = EXAMPLE_APPLICATIONS.map((example) => ({
  name: requireProcedure(example.procedureCode).name,
  example,
}));

describe.each(cases)('$name', ({ example }) => {
  const tmp = scratch();
  afterAll(() => tmp.cleanup());
  const procedure = structuredClone(requireProcedure(example.procedureCode)) as Procedure;
  const ward = requireUnit(example.wardCode);
  const department = departmentOf(procedure);
  const applicant = { ...example.applicant };
  const form = structuredClone(example.form) as Record<string, unknown>;

  it('renders the application form with every answer', async () => {
    const trace = createTrace();
    const doc = await renderDocument(
      'APPLICATION_FORM',
      {
        applicant,
        procedure,
        ward,
        department,
        form,
        attachedDocumentCodes: procedure.requiredDocuments.map((d) => d.code),
        issuedAt: '2026-12-03T08:00:00+07:00',
      },
      { trace },
    );
    expect(doc.signatureFields.map((f) => f.name)).toEqual(['applicant']);
    const text = (await pdfText(tmp.file('form.pdf', doc.pdf), false)).replace(/\s+/g, ' ');
    expect(text).toContain(applicant.fullName);
    // Every e-form field answered: no dotted blank between "II." and "III.".
    const content = text.slice(text.indexOf('II. NỘI DUNG ĐỀ NGHỊ'), text.indexOf('III. GIẤY TỜ'));
    expect(content.length).toBeGreaterThan(100);
    expect(content).not.toContain('.....');
  });

  it('renders the decision with every placeholder filled', async () => {
    const doc = await renderDocument('DECISION', {
      dossierCode: `${ward.agencyId}-261203-0001`,
      applicant,
      procedure,
      ward,
      department,
      form,
      issuedAt: '2026-12-20T10:00:00+07:00',
      documentNumber: '7',
      signer: { fullName: 'Phạm Thị Thu Hà', position: 'Phó Giám đốc' },
    });
    const text = (await pdfText(tmp.file('decision.pdf', doc.pdf), false)).replace(/\s+/g, ' ');
    expect(text).toContain(`Số: 7/${procedure.decision.symbol}`);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).toContain('QUYẾT ĐỊNH:');
    expect(text).toMatch(/Theo đề nghị của [^.]+\./);
    expect(text).not.toContain('Căn cứ Theo');
    // Issued by the last level of the chain, and signed by its approver.
    const issuer = procedure.chain[procedure.chain.length - 1] === 'WARD' ? ward : department;
    expect(text).toContain(issuer.issuerName);
    expect(doc.signatureFields.map((f) => [f.name, f.role])).toEqual([
      ['approver', issuer.kind === 'WARD' ? 'WARD_APPROVER' : 'DEPARTMENT_APPROVER'],
      ['seal', 'SEAL'],
    ]);
    if (issuer.kind === 'WARD') expect(text).toContain(`CHỦ TỊCH ${issuer.issuerName}`);
  });
});
