// Chinese first, English as the second language. Each part of the app keeps its own dictionary
// (common, citizen, staff, dashboard); a key missing in English falls back to Chinese.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { common } from './common';
import { citizen } from './citizen';
import { staff } from './staff';
import { dashboard } from './dashboard';

export type Lang = 'zh' | 'en';
type Dict = Record<string, { zh: string; en: string }>;
const ALL: Dict = { ...common, ...citizen, ...staff, ...dashboard };

export function translate(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const entry = ALL[key];
  let s = entry ? (entry[lang] || entry.zh) : key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

interface I18n { lang: Lang; setLang(l: Lang): void; t(key: string, params?: Record<string, string | number>): string; fmtDate(d: string | Date | null | undefined, withTime?: boolean): string; fmtNumber(n: number | null | undefined, style?: 'percent' | 'decimal'): string }
const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('jsjb.lang') as Lang) || 'zh');
  const value = useMemo<I18n>(() => {
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    return {
      lang,
      setLang: (l) => { localStorage.setItem('jsjb.lang', l); document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'; setLangState(l); },
      t: (key, params) => translate(lang, key, params),
      // Times are shown in China Standard Time, whatever the browser's zone.
      fmtDate: (d, withTime = true) => (d ? new Intl.DateTimeFormat(locale, {
        timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
        ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
      }).format(new Date(d)) : '—'),
      fmtNumber: (n, style = 'decimal') => (n == null ? '—' : new Intl.NumberFormat(locale, style === 'percent' ? { style: 'percent', maximumFractionDigits: 1 } : {}).format(n)),
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Chinese collation (pinyin order) for sorting names. */
export const zhCollator = new Intl.Collator('zh-CN');
