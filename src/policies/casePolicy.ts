// Who may do what to a case, in one place. Seeing a case at all is decided by caseScope in the
// store; these rules decide the actions on a case the actor can already see.
import type { Actor } from './actor.js';
import { hasRole, isCenter } from './actor.js';
import type { CaseAction } from '../domain/caseMachine.js';
import type { CaseRow } from '../store/cases.js';
import type { Catalog } from '../store/catalog.js';

/** What the unit rules look at: the main and co-handling units, and whether the letter is confidential. */
type UnitFacts = Pick<CaseRow, 'unit_code' | 'co_unit_codes' | 'confidential'>;

const isMainUnit = (a: Actor, c: UnitFacts) => hasRole(a, 'officer', 'unit_leader') && !!a.unitCode && a.unitCode === c.unit_code;
const isCoUnit = (a: Actor, c: UnitFacts) => hasRole(a, 'officer', 'unit_leader') && !!a.unitCode && c.co_unit_codes.includes(a.unitCode);

export function mayAct(a: Actor, c: CaseRow, action: CaseAction): boolean {
  switch (action) {
    case 'dispatch':
    case 'decideExtension':
    case 'merge':
      return hasRole(a, 'dispatcher');
    case 'review':
    case 'callback':
      return hasRole(a, 'reviewer');
    case 'sign':
    case 'return':
    case 'requestExtension':
    case 'report':
      return isMainUnit(a, c);
    case 'contact':
    case 'feedback':
      // Co-handling units (协办) contribute contacts and feedback; the main unit (主办) owns the case.
      return isMainUnit(a, c) || isCoUnit(a, c);
    case 'rate':
    case 'thank':
      return a.kind === 'citizen' && a.citizenId === c.citizen_id;
  }
}

/** The unit that handles confidential letters (the route of the confidential category), which may see the writer. */
function confidentialHandlers(catalog: Catalog): Set<string> {
  return new Set([...catalog.categories.values()].filter((k) => k.confidential && !k.routeTo.includes('{')).map((k) => k.routeTo));
}

/**
 * May this actor see who wrote? Center roles and the handling units may; for a confidential
 * letter (police conduct, 12389) only the center and the inspection unit — never the unit the
 * letter is about, even when a dispatcher added it by mistake.
 */
export function maySeeWriter(a: Actor, c: UnitFacts, catalog: Catalog): boolean {
  if (isCenter(a)) return true;
  if (!(isMainUnit(a, c) || isCoUnit(a, c))) return false;
  if (c.confidential) return a.kind === 'staff' && confidentialHandlers(catalog).has(a.unitCode ?? '');
  return true;
}
