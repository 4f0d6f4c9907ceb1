// Names of the organisation's codes in the chosen language. The server keeps Chinese names (the
// bureau's own data); the English screen translates the default organisation's codes and falls
// back to the Chinese name for anything an administrator added later.
import { useCallback } from 'react';
import { useI18n } from '../../../i18n';
import { useOrganisation, useUnits } from './data';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const CITY_UNITS_EN: Record<string, string> = {
  center: 'Municipal Response Center',
  household: 'Household Registration Division',
  'exit-entry': 'Exit and Entry Administration',
  'vehicle-admin': 'Vehicle Administration Office',
  'anti-fraud': 'Anti-Fraud Center',
  inspection: 'Police Inspection Detachment',
};

export function useNames() {
  const { lang, t } = useI18n();
  const units = useUnits();
  const org = useOrganisation();

  const districtName = useCallback((code: string | null | undefined) => {
    if (!code) return '—';
    if (lang === 'en') return `${cap(code)}`;
    return org.districts.find((d) => d.code === code)?.name ?? code;
  }, [lang, org]);

  const unitName = useCallback((code: string | null | undefined, fallback?: string | null) => {
    if (!code) return fallback || '—';
    if (lang === 'en') {
      if (CITY_UNITS_EN[code]) return CITY_UNITS_EN[code];
      const m = /^([a-z]+)-(branch|traffic)$/.exec(code);
      if (m) return `${cap(m[1])} ${m[2] === 'branch' ? 'Branch' : 'Traffic Police Brigade'}`;
    }
    return units.find((u) => u.code === code)?.name ?? fallback ?? code;
  }, [lang, units]);

  const categoryName = useCallback((code: string | null | undefined, fallback?: string | null) => {
    if (!code) return fallback || t('staff.common.uncategorised');
    const key = `staff.category.${code}`;
    const tr = t(key);
    if (lang === 'en' && tr !== key) return tr;
    return org.categories.find((c) => c.code === code)?.name ?? fallback ?? code;
  }, [lang, org, t]);

  const channelName = useCallback((code: string | null | undefined) => {
    if (!code) return '—';
    const key = `staff.channel.${code}`;
    const tr = t(key);
    return tr === key ? code : tr;
  }, [t]);

  const typeName = useCallback((code: string | null | undefined) => {
    if (!code) return '—';
    const key = `staff.type.${code}`;
    const tr = t(key);
    return tr === key ? org.appealTypes.find((a) => a.code === code)?.name ?? code : tr;
  }, [t, org]);

  return { units, org, unitName, districtName, categoryName, channelName, typeName };
}
