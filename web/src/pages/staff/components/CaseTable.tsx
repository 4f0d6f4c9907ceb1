// The case queue shared by the workbench and the console: most urgent first (the server's
// order), a live countdown to the next running limit, the level as tag text, click to open.
import { useCallback, useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { staffApi } from '../../../api';
import { useLive } from '../../../live';
import { useI18n } from '../../../i18n';
import type { ExportColumn } from '../../../components/ExportExcel';
import { Countdown, LevelTag, PriorityTag, StatusTag, alignClock, noteServerTime, errorText, Muted, LINK } from './ui';
import { useNames } from './names';

export const STATUSES = ['received', 'dispatched', 'signed', 'reported', 'reviewed', 'closed', 'merged'];

export interface ExtensionRequest { days: number; reason: string; requestedBy?: string; at?: string }
export interface CaseItem {
  id: number; number: string; title: string; channel: string; type: string; category: string | null; categoryName: string | null;
  district: string | null; priority: string; status: string; statusName: string; unitCode: string | null; unitName: string | null;
  coUnitCodes: string[]; receivedAt: string; level?: string; nextDue: string | null; extensionPending: ExtensionRequest | null;
}
export interface CaseQuery {
  status?: string[]; unit?: string; category?: string; q?: string; phone?: string; overdue?: boolean; extension?: 'pending'; page?: number; pageSize?: number;
}

export function caseQueryString(q: CaseQuery): string {
  const p = new URLSearchParams();
  if (q.status?.length) p.set('status', q.status.join(','));
  if (q.unit) p.set('unit', q.unit);
  if (q.category) p.set('category', q.category);
  if (q.q?.trim()) p.set('q', q.q.trim());
  if (q.phone) p.set('phone', q.phone);
  if (q.overdue) p.set('overdue', '1');
  if (q.extension) p.set('extension', q.extension);
  p.set('page', String(q.page ?? 1));
  p.set('pageSize', String(q.pageSize ?? 20));
  return p.toString();
}

/** A counter that moves (at most every `ms`) when a visible case changes: lists re-fetch on it. */
export function useLiveTick(ms = 700): number {
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLive('staff', () => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; setTick((n) => n + 1); }, ms);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  return tick;
}

export function useCaseList(query: CaseQuery, liveTick: number) {
  const [data, setData] = useState<{ items: CaseItem[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const qs = caseQueryString(query);
  const seq = useRef(0);
  const load = useCallback(async (quiet = false) => {
    const mine = ++seq.current;
    if (!quiet) setLoading(true);
    try {
      const r = await staffApi.get<{ items: CaseItem[]; total: number; now?: string }>(`/api/cases?${qs}`);
      if (mine !== seq.current) return;
      alignClock(r.now);
      for (const it of r.items) { noteServerTime(it.receivedAt); noteServerTime((it as { updatedAt?: string }).updatedAt); }
      setData({ items: r.items, total: r.total });
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [qs]);
  useEffect(() => { void load(); }, [load]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    void load(true);
  }, [liveTick]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ...data, loading, error, reload: load };
}

export function useCaseExportColumns(): ExportColumn<CaseItem>[] {
  const { t, fmtDate } = useI18n();
  const n = useNames();
  return [
    { title: t('staff.col.number'), value: (r) => r.number },
    { title: t('staff.col.title'), value: (r) => r.title },
    { title: t('staff.col.category'), value: (r) => n.categoryName(r.category, r.categoryName) },
    { title: t('staff.col.district'), value: (r) => n.districtName(r.district) },
    { title: t('staff.col.unit'), value: (r) => n.unitName(r.unitCode, r.unitName) },
    { title: t('staff.col.status'), value: (r) => t(`status.${r.status}`) },
    { title: t('staff.col.level'), value: (r) => (r.level ? t(`level.${r.level}`) : '') },
    { title: t('staff.col.nextDue'), value: (r) => (r.nextDue ? fmtDate(r.nextDue) : '') },
    { title: t('staff.col.receivedAt'), value: (r) => fmtDate(r.receivedAt) },
  ];
}

export type CaseColumnKey = 'number' | 'title' | 'category' | 'district' | 'unit' | 'status' | 'level' | 'nextDue' | 'receivedAt';

export function CaseTable({ items, total, loading, page, pageSize, onPage, extraColumns, emptyText, caption, hide }: {
  items: CaseItem[]; total: number; loading: boolean; page: number; pageSize: number;
  onPage(page: number, pageSize: number): void; extraColumns?: ColumnsType<CaseItem>; emptyText?: string; caption?: string;
  hide?: CaseColumnKey[];
}) {
  const { t, fmtDate } = useI18n();
  const n = useNames();
  const navigate = useNavigate();
  const all: (ColumnsType<CaseItem>[number] & { key: CaseColumnKey; width: number })[] = [
    {
      key: 'number', title: t('staff.col.number'), width: 165,
      render: (_, r) => <Link to={`/staff/cases/${r.id}`} onClick={(e) => e.stopPropagation()} style={{ color: LINK, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{r.number}</Link>,
    },
    {
      key: 'title', title: t('staff.col.title'), width: 200, ellipsis: true,
      render: (_, r) => <span title={r.title}>{r.title}</span>,
    },
    { key: 'category', title: t('staff.col.category'), width: 120, ellipsis: true, render: (_, r) => n.categoryName(r.category, r.categoryName) },
    { key: 'district', title: t('staff.col.district'), width: 90, ellipsis: true, render: (_, r) => n.districtName(r.district) },
    { key: 'unit', title: t('staff.col.unit'), width: 150, ellipsis: true, render: (_, r) => n.unitName(r.unitCode, r.unitName) },
    {
      key: 'status', title: t('staff.col.status'), width: 130,
      render: (_, r) => (
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
          <StatusTag status={r.status} />
          {r.extensionPending && <Tag style={{ color: '#5c3200', background: '#fffbe6', borderColor: '#f0b400' }}>{t('staff.tag.extensionPending')}</Tag>}
        </span>
      ),
    },
    {
      key: 'level', title: t('staff.col.level'), width: 120,
      render: (_, r) => <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}><LevelTag level={r.level} /><PriorityTag priority={r.priority} /></span>,
    },
    {
      key: 'nextDue', title: t('staff.col.nextDue'), width: 175,
      render: (_, r) => r.nextDue
        ? <div><Countdown due={r.nextDue} breached={r.level === 'red'} /><div style={{ fontSize: 13 }}><Muted>{fmtDate(r.nextDue)}</Muted></div></div>
        : <Muted>{t('staff.col.noRunningLimit')}</Muted>,
    },
    { key: 'receivedAt', title: t('staff.col.receivedAt'), width: 150, render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{fmtDate(r.receivedAt)}</span> },
  ];
  const columns: ColumnsType<CaseItem> = [...all.filter((c) => !hide?.includes(c.key)), ...(extraColumns ?? [])];
  const width = columns.reduce((w, c) => w + (typeof c.width === 'number' ? c.width : 150), 0);
  return (
    <Table<CaseItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      tableLayout="fixed"
      scroll={{ x: width }}
      locale={{ emptyText: emptyText ?? t('common.none') }}
      title={caption ? () => <Typography.Text strong>{caption}</Typography.Text> : undefined}
      onRow={(r) => ({
        onClick: () => navigate(`/staff/cases/${r.id}`),
        style: { cursor: 'pointer' },
        'data-testid': `case-row-${r.id}`,
      }) as HTMLAttributes<HTMLElement>}
      pagination={{
        current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100],
        showTotal: (n) => t('staff.list.total', { n }),
        onChange: onPage,
      }}
    />
  );
}

