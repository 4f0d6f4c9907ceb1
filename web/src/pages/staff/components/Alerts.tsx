// 未诉先办预警: a district × category (or a hotspot) receiving clearly more letters than its own
// history would expect. The evidence is the weekly history the server judged it against.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Segmented, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { useNames } from './names';
import { useHotspots } from './Hotspots';
import { Muted, errorText } from './ui';

export interface EarlyAlert {
  id: string; district: string | null; category: string | null; hotspotId?: string;
  current: number; baseline: number; ratio: number; since: string | null;
  evidence: { expected: number; pValue: number; history: { weekStart: string; count: number }[] };
}

const DAYS = [7, 14, 30];
/** Expected counts can be tiny (0.04): keep two decimals below 1, one above. */
const roundExpected = (n: number) => (n < 1 ? Math.round(n * 100) / 100 : Math.round(n * 10) / 10);

function History({ history }: { history: EarlyAlert['evidence']['history'] }) {
  const { t, fmtDate } = useI18n();
  const max = Math.max(1, ...history.map((h) => h.count));
  if (!history.length) return <Muted>{t('staff.alert.noHistory')}</Muted>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxWidth: 560 }} aria-label={t('staff.alert.history')}>
      {history.map((h, i) => {
        const last = i === history.length - 1;
        return (
          <li key={h.weekStart} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 2, fontSize: 13 }}>
            <span style={{ width: 120, flex: 'none', fontVariantNumeric: 'tabular-nums' }}>{t('staff.alert.weekOf', { date: fmtDate(h.weekStart, false) })}</span>
            <span style={{ flex: 1, background: '#f5f5f5', height: 12, borderRadius: 2 }} aria-hidden>
              <span style={{ display: 'block', height: '100%', width: `${(h.count / max) * 100}%`, minWidth: h.count ? 2 : 0, background: last ? '#a8071a' : '#0b4ea2', borderRadius: 2 }} />
            </span>
            <span style={{ width: 36, flex: 'none', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{h.count}</span>
          </li>
        );
      })}
    </ul>
  );
}

export function Alerts() {
  const { t, fmtDate, fmtNumber } = useI18n();
  const names = useNames();
  const [days, setDays] = useState(7);
  const [items, setItems] = useState<EarlyAlert[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [gen, setGen] = useState(0);
  const hotspots = useHotspots(Math.max(days, 7), gen);
  const labels = useMemo(() => new Map(hotspots.items.map((h) => [h.id, h.label])), [hotspots.items]);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    staffApi.get<EarlyAlert[]>(`/api/alerts?days=${days}`)
      .then((r) => { if (alive) { setItems(r); setError(null); } })
      .catch((e) => { if (alive) setError(errorText(e)); })
      .finally(() => { if (alive) setLoading(false); });
    return () => { alive = false; };
  }, [days, gen]);

  const columns: ColumnsType<EarlyAlert> = [
    { title: t('staff.col.district'), dataIndex: 'district', width: 120, render: (v: string | null) => names.districtName(v) },
    {
      title: t('staff.alert.subject'),
      render: (_, r) => r.hotspotId
        ? <span><Muted>{t('staff.alert.hotspot')}{t('staff.common.colon')}</Muted><span style={{ overflowWrap: 'anywhere' }}>{labels.get(r.hotspotId) ?? names.categoryName(r.category)}</span></span>
        : names.categoryName(r.category),
    },
    { title: t('staff.alert.current'), dataIndex: 'current', width: 100, align: 'right', render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
    { title: t('staff.alert.expected'), key: 'expected', width: 100, align: 'right', render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fmtNumber(roundExpected(r.evidence.expected))}</span> },
    {
      title: t('staff.alert.ratio'), dataIndex: 'ratio', width: 100, align: 'right',
      render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums', color: '#a8071a', fontWeight: 600 }}>{t('staff.alert.times', { n: v })}</span>,
    },
    { title: t('staff.alert.since'), dataIndex: 'since', width: 150, render: (v: string | null) => fmtDate(v) },
  ];

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Muted>{t('staff.console.help.alerts')}</Muted>
        <Space wrap>
          <span id="alert-days-label"><Muted>{t('staff.alert.days')}</Muted></span>
          <Segmented aria-labelledby="alert-days-label" value={days} onChange={(v) => setDays(Number(v))} data-testid="alert-days"
            options={DAYS.map((d) => ({ value: d, label: t('staff.hotspot.lastDays', { n: d }) }))} />
          <Button icon={<ReloadOutlined aria-hidden />} onClick={() => setGen((g) => g + 1)}>{t('staff.common.refresh')}</Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Table<EarlyAlert> rowKey="id" size="middle" columns={columns} dataSource={items} loading={loading}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('staff.console.empty.alerts') }}
        onRow={(r) => ({ 'data-testid': `alert-row-${r.id}` } as React.HTMLAttributes<HTMLElement>)}
        expandable={{
          expandedRowRender: (r) => (
            <div>
              <div style={{ marginBottom: 8 }}>
                <Muted>{t('staff.alert.evidence', { current: r.current, expected: fmtNumber(roundExpected(r.evidence.expected)), baseline: fmtNumber(r.baseline), p: r.evidence.pValue < 0.001 ? 'p < 0.001' : `p = ${fmtNumber(Math.round(r.evidence.pValue * 1000) / 1000)}` })}</Muted>
              </div>
              <History history={r.evidence.history} />
            </div>
          ),
        }} />
    </div>
  );
}
