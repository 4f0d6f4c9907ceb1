// The bureau's organisation as data: districts, units, categories and their routes.
// Routes like "{district}-traffic" are resolved here, so no city rule is a branch in code.

export interface District { code: string; name: string }
export interface Unit { code: string; name: string; kind: string; district?: string | null }
export interface Category { code: string; name: string; examples: string; routeTo: string; confidential: boolean }

export interface OrganisationFile {
  districts: District[];
  units: (Unit & { note?: string })[];
  appealTypes: { code: string; name: string }[];
  categories: (Omit<Category, 'confidential'> & { confidential?: boolean })[];
  channels: { code: string; name: string }[];
}

/** Expands the unit templates ("{district}-branch") into one unit per district. */
export function expandUnits(org: Pick<OrganisationFile, 'districts' | 'units'>): Unit[] {
  const out: Unit[] = [];
  for (const u of org.units) {
    if (u.code.includes('{district}')) {
      for (const d of org.districts) {
        out.push({
          code: u.code.replaceAll('{district}', d.code),
          name: u.name.replaceAll('{districtName}', d.name),
          kind: u.kind,
          district: d.code,
        });
      }
    } else {
      out.push({ code: u.code, name: u.name, kind: u.kind, district: null });
    }
  }
  return out;
}

/** The unit a category's route gives for a district; null when the route needs a district we do not know. */
export function routeUnit(routeTo: string, district: string | null | undefined): string | null {
  if (!routeTo.includes('{district}')) return routeTo;
  if (!district) return null;
  return routeTo.replaceAll('{district}', district);
}

/**
 * Reads the district from an address or a text: the full name ("龙华区") first, then the short
 * name ("龙华") — the form people write. Longest match wins so "大鹏新区" beats a shorter name.
 */
export function districtFromText(text: string | null | undefined, districts: District[]): string | null {
  if (!text) return null;
  let best: { code: string; len: number; pos: number } | null = null;
  for (const d of districts) {
    const short = d.name.replace(/(新区|区|县|市)$/, '');
    for (const name of [d.name, short]) {
      if (name.length < 2) continue;
      const pos = text.indexOf(name);
      if (pos >= 0 && (!best || name.length > best.len || (name.length === best.len && pos < best.pos))) {
        best = { code: d.code, len: name.length, pos };
      }
    }
  }
  return best?.code ?? null;
}
