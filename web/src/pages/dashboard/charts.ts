// Chart options built from the API rows: pure functions of the data and the language, so a
// language switch rebuilds every axis and series name.
import type { ChartOption } from './EChart';
import type { BreakdownRow, Granularity } from './types';

export interface Fmt {
  t(key: string, params?: Record<string, string | number>): string;
  fmtNumber(n: number | null | undefined, style?: 'percent' | 'decimal'): string;
}

// Every colour keeps at least 3:1 against white (WCAG non-text contrast); text stays dark grey.
export const PALETTE = ['#0b4ea2', '#1a7f37', '#c2410c', '#7c3aed', '#a16207', '#0e7490', '#be123c', '#4d7c0f', '#6b7280'];
const TEXT = '#262626';
const AXIS = '#595959';
const FONT = { fontSize: 13, color: AXIS };

const tooltipBase = (f: Fmt) => ({
  confine: true,
  valueFormatter: (v: unknown) => f.fmtNumber(typeof v === 'number' ? v : Number(v)),
  textStyle: { color: TEXT },
});

const volumeSeries = (f: Fmt) => [
  { key: 'received' as const, name: f.t('dashboard.series.received'), color: PALETTE[0] },
  { key: 'solved' as const, name: f.t('dashboard.series.solved'), color: PALETTE[1] },
];

export function trendOption(rows: BreakdownRow[], gran: Granularity, f: Fmt): ChartOption {
  const categories = rows.map((r) => (gran === 'week' ? f.t('dashboard.trend.weekOf', { date: r.key ?? '' }) : r.key ?? ''));
  return {
    color: PALETTE,
    tooltip: { ...tooltipBase(f), trigger: 'axis' },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: 13 } },
    grid: { left: 8, right: 24, top: 40, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category', data: categories, boundaryGap: false,
      name: f.t(gran === 'week' ? 'dashboard.axis.week' : 'dashboard.axis.date'), nameLocation: 'middle', nameGap: 28, nameTextStyle: FONT,
      axisLabel: { ...FONT, formatter: (_v: string, i: number) => (rows[i]?.key ?? '').slice(5) },
    },
    yAxis: {
      type: 'value', minInterval: 1, name: f.t('dashboard.axis.cases'), nameTextStyle: { ...FONT, align: 'left' },
      axisLabel: { ...FONT, formatter: (v: number) => f.fmtNumber(v) },
    },
    series: volumeSeries(f).map((s) => ({
      type: 'line' as const, name: s.name, data: rows.map((r) => r[s.key]),
      itemStyle: { color: s.color }, lineStyle: { width: 2, type: s.key === 'solved' ? 'dashed' as const : 'solid' as const },
      showSymbol: rows.length <= 31, symbolSize: 6,
    })),
  };
}

/** Shortens a name to about `units` half-width characters (a Chinese character counts two). */
function clip(name: string, units: number): string {
  let w = 0;
  for (let i = 0; i < name.length; i++) {
    w += name.charCodeAt(i) > 0xff ? 2 : 1;
    if (w > units) return `${name.slice(0, i)}…`;
  }
  return name;
}

export function pieOption(rows: BreakdownRow[], f: Fmt): ChartOption {
  const data = rows.filter((r) => r.received > 0).map((r) => ({ name: r.name, value: r.received }));
  const total = data.reduce((s, d) => s + d.value, 0);
  const share = new Map(data.map((d) => [d.name, total ? d.value / total : 0]));
  return {
    color: PALETTE,
    tooltip: {
      ...tooltipBase(f), trigger: 'item',
      formatter: (p: any) => `${p.marker}${p.name}<br/>${f.fmtNumber(p.value)} ${f.t('dashboard.unit.cases')}（${f.fmtNumber(p.percent / 100, 'percent')}）`,
    },
    // Names sit in a legend beside the ring: channel names are long and small slices would hide them.
    legend: {
      orient: 'vertical', right: 4, top: 'middle', itemGap: 10, icon: 'circle', tooltip: { show: true },
      formatter: (name: string) => `{n|${clip(name, 18)}}{p|${f.fmtNumber(share.get(name), 'percent')}}`,
      textStyle: { color: TEXT, rich: { n: { width: 124, fontSize: 13, color: TEXT }, p: { width: 48, align: 'right', fontSize: 13, color: TEXT } } },
    },
    series: [{
      type: 'pie', name: f.t('dashboard.series.received'), radius: ['36%', '62%'], center: ['25%', '50%'],
      data, label: { show: false }, labelLine: { show: false },
      itemStyle: { borderColor: '#fff', borderWidth: 2 },
      emphasis: { label: { show: false } },
    }],
  };
}

/** Received and solved per group; horizontal when names are long (categories, units). */
export function barOption(rows: BreakdownRow[], f: Fmt, horizontal: boolean): ChartOption {
  const names = rows.map((r) => r.name);
  const categoryAxis = {
    type: 'category' as const, data: names,
    axisLabel: { ...FONT, ...(horizontal ? { width: 130, overflow: 'truncate' as const } : { interval: 0, rotate: names.length > 8 ? 30 : 0 }) },
    axisTick: { alignWithLabel: true }, inverse: horizontal,
  };
  const valueAxis = {
    type: 'value' as const, minInterval: 1, name: f.t('dashboard.axis.cases'), nameTextStyle: FONT,
    axisLabel: { ...FONT, formatter: (v: number) => f.fmtNumber(v) },
  };
  return {
    tooltip: { ...tooltipBase(f), trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: 13 } },
    grid: { left: 8, right: horizontal ? 48 : 16, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: volumeSeries(f).map((s) => ({
      type: 'bar' as const, name: s.name, data: rows.map((r) => r[s.key]),
      itemStyle: { color: s.color }, barMaxWidth: 18, barGap: '15%',
      label: { show: true, position: horizontal ? 'right' as const : 'top' as const, fontSize: 11, color: TEXT, formatter: (p: any) => f.fmtNumber(p.value) },
    })),
  };
}
