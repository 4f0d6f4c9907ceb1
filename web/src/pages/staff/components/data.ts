// Reference data the staff screens share (units, categories, districts): fetched once per
// session and kept in memory; an administrator's change drops the cache.
import { useEffect, useState } from 'react';
import { publicApi, staffApi } from '../../../api';

export interface Unit { code: string; name: string; kind: string; district: string | null }
export interface Organisation {
  categories: { code: string; name: string; examples?: string }[];
  appealTypes: { code: string; name: string }[];
  districts: { code: string; name: string }[];
}

let unitsP: Promise<Unit[]> | null = null;
let orgP: Promise<Organisation> | null = null;
const listeners = new Set<() => void>();

export function invalidateReference() {
  unitsP = null;
  orgP = null;
  for (const l of listeners) l();
}

function useCached<T>(get: () => Promise<T>, empty: T): T {
  const [value, setValue] = useState<T>(empty);
  const [gen, setGen] = useState(0);
  useEffect(() => {
    const l = () => setGen((g) => g + 1);
    listeners.add(l);
    return () => { listeners.delete(l); };
  }, []);
  useEffect(() => {
    let alive = true;
    get().then((v) => { if (alive) setValue(v); }).catch(() => { /* shown empty; the page reports its own errors */ });
    return () => { alive = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gen]);
  return value;
}

const EMPTY_UNITS: Unit[] = [];
const EMPTY_ORG: Organisation = { categories: [], appealTypes: [], districts: [] };

export function useUnits(): Unit[] {
  return useCached(() => {
    unitsP ??= staffApi.get<Unit[]>('/api/admin/units').catch((e) => { unitsP = null; throw e; });
    return unitsP;
  }, EMPTY_UNITS);
}

export function useOrganisation(): Organisation {
  return useCached(() => {
    orgP ??= publicApi.get<Organisation>('/api/public/organisation').catch((e) => { orgP = null; throw e; });
    return orgP;
  }, EMPTY_ORG);
}
