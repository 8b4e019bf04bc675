/** The public catalogue: procedures with their chain, deadlines, documents and e-form; units. */
import { Router } from 'express';
import { OPERATIONS } from '../../contract/operations';
import { mount } from '../route';
import { getUnit, listProcedures, listUnits } from '../../domain/catalogue';
import type { Procedure } from '../../domain/types';

/** A procedure as API.md shows it. */
export function procedureView(p: Procedure): Record<string, unknown> {
  const department = getUnit(p.departmentCode);
  return {
    code: p.code,
    name: p.name,
    description: p.description,
    field: p.field,
    chain: p.chain,
    department: { code: p.departmentCode, name: department?.name ?? p.departmentCode },
    slaWorkingDays: p.sla,
    totalWorkingDays: p.totalWorkingDays,
    feeVnd: p.feeVnd,
    requiredDocuments: p.requiredDocuments.map((d) => ({
      code: d.code,
      name: d.name,
      required: d.required,
    })),
    formSchema: p.formSchema,
  };
}

export function catalogueRoutes(): Router {
  const router = Router();
  mount(router, OPERATIONS.procedures, (_input, _req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(listProcedures().map(procedureView));
  });
  mount(router, OPERATIONS.units, (_input, _req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(listUnits().map((u) => ({ code: u.code, name: u.name, kind: u.kind })));
  });
  return router;
}
