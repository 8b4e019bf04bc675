/**
 * Who can act where, as the stuck rules ask it (domain/supervision.ts `Coverage`): which roles in
 * which units an active official holds, and who is active. Read from the officials at most every
 * 10 s per process (the API's lists and the daily digest share it).
 */
import type { Coverage } from '../../domain/supervision';
import type { Role } from '../../domain/types';
import { OfficialModel, type OfficialDoc } from '../../models/official';

/** Which roles in which units have an active official, and who is active (10 s). */
let coverageCache: { at: number; value: Promise<Coverage> } | null = null;
export function coverage(): Promise<Coverage> {
  if (coverageCache && Date.now() - coverageCache.at < 10_000) return coverageCache.value;
  const value = OfficialModel.find({}, { roles: 1, unitCode: 1, active: 1 })
    .lean<Array<Pick<OfficialDoc, '_id' | 'roles' | 'unitCode' | 'active'>>>()
    .then((all) => {
      // Units by role: asked once per open case, so no key is built per question.
      const held = new Map<Role, Set<string>>();
      const active = new Set<string>();
      for (const o of all) {
        if (!o.active) continue;
        active.add(o._id);
        for (const r of o.roles) {
          if (o.unitCode === null) continue;
          let units = held.get(r);
          if (!units) held.set(r, (units = new Set()));
          units.add(o.unitCode);
        }
      }
      return {
        covered: (role: Role, unit: string) => held.get(role)?.has(unit) ?? false,
        active: (id: string) => active.has(id),
      };
    });
  coverageCache = { at: Date.now(), value };
  value.catch(() => (coverageCache = null));
  return value;
}
