// Table columns shared by the breakdown tables and their Excel exports.
import type { TableColumnsType } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { ExportColumn } from '../../components/ExportExcel';
import type { Fmt } from './charts';
import type { BreakdownRow, Rate } from './types';

/** Rows without a figure (no valid callbacks) stay at the bottom in both directions. */
export function nullsLast<T>(get: (r: T) => number | null) {
  return (a: T, b: T, order?: SortOrder) => {
    const x = get(a);
    const y = get(b);
    if (x === y) return 0;
    if (x == null) return order === 'descend' ? -1 : 1;
    if (y == null) return order === 'descend' ? 1 : -1;
    return x - y;
  };
}

export const RATE_KEYS = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;

/** Headers stay on one line; a narrow card scrolls the table sideways instead. */
export const noWrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

export function rateColumns<T extends Record<(typeof RATE_KEYS)[number], Rate>>(f: Fmt): TableColumnsType<T> {
  return RATE_KEYS.map((k) => ({
    key: k, dataIndex: k, title: f.t(`dashboard.col.${k}`), align: 'right' as const, width: 92,
    sorter: nullsLast<T>((r) => r[k]), onHeaderCell: noWrap, render: (v: Rate) => f.fmtNumber(v, 'percent'),
  }));
}

export function breakdownColumns(f: Fmt, nameTitle: string, compareName: (a: BreakdownRow, b: BreakdownRow) => number): TableColumnsType<BreakdownRow> {
  return [
    { key: 'name', dataIndex: 'name', title: nameTitle, sorter: compareName, fixed: 'left', width: 170, onHeaderCell: noWrap },
    { key: 'received', dataIndex: 'received', title: f.t('dashboard.col.received'), align: 'right', width: 90, sorter: (a, b) => a.received - b.received, onHeaderCell: noWrap, render: (v: number) => f.fmtNumber(v) },
    { key: 'solved', dataIndex: 'solved', title: f.t('dashboard.col.solved'), align: 'right', width: 90, sorter: (a, b) => a.solved - b.solved, onHeaderCell: noWrap, render: (v: number) => f.fmtNumber(v) },
    ...rateColumns<BreakdownRow>(f),
  ];
}

export function breakdownExport(f: Fmt, nameTitle: string): ExportColumn<BreakdownRow>[] {
  return [
    { title: nameTitle, value: (r) => r.name },
    { title: f.t('dashboard.col.received'), value: (r) => r.received },
    { title: f.t('dashboard.col.solved'), value: (r) => r.solved },
    ...RATE_KEYS.map((k) => ({ title: f.t(`dashboard.col.${k}`), value: (r: BreakdownRow) => (r[k] == null ? '' : f.fmtNumber(r[k], 'percent')) })),
  ];
}
