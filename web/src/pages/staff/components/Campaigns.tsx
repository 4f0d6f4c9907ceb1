// 专项: the special actions started from hot issues — how many letters each holds, when it last
// answered them — and, for dispatchers, closing one (no more letters join, no more feedback goes out).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { useStaff } from '../../../session';
import { useNames } from './names';
import { LINK, Muted, StatusTag, errorText } from './ui';

export interface Campaign {
  id: number; title: string; unitCode: string; status: 'open' | 'closed' | string; createdAt: string | null;
  size: number; lastFeedbackAt: string | null; closedAt: string | null;
}
interface CampaignCase { id: number; number: string; title: string | null; status: string }

function CampaignCases({ id }: { id: number }) {
  const { t } = useI18n();
  const [cases, setCases] = useState<CampaignCase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    staffApi.get<{ cases: CampaignCase[] }>(`/api/campaigns/${id}`)
      .then((r) => { if (alive) setCases(r.cases); })
      .catch((e) => { if (alive) setError(errorText(e)); });
    return () => { alive = false; };
  }, [id]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!cases) return <Muted>{t('common.loading')}</Muted>;
  return (
    <div data-testid={`campaign-cases-${id}`}>
      <Typography.Text strong>{t('staff.hotspot.cases', { n: cases.length })}</Typography.Text>
      <ul style={{ listStyle: 'none', margin: '6px 0 0', padding: 0 }}>
        {cases.map((c) => (
          <li key={c.id} style={{ display: 'flex', gap: 12, alignItems: 'center', padding: '2px 0' }}>
            <Link to={`/staff/cases/${c.id}`} style={{ color: LINK, fontVariantNumeric: 'tabular-nums' }}>{c.number}</Link>
            <span style={{ overflowWrap: 'anywhere' }}>{c.title ?? t('staff.campaigns.titleHidden')}</span>
            <StatusTag status={c.status} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Campaigns() {
  const { t, fmtDate } = useI18n();
  const { message } = App.useApp();
  const { has } = useStaff();
  const names = useNames();
  const dispatcher = has('dispatcher');
  const [items, setItems] = useState<Campaign[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try { setItems(await staffApi.get<Campaign[]>('/api/campaigns')); setError(null); }
    catch (e) { setError(errorText(e)); }
    finally { setLoading(false); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const close = async (c: Campaign) => {
    setBusy(c.id);
    try {
      const r = await staffApi.post<Campaign>(`/api/campaigns/${c.id}/close`);
      setItems((xs) => xs.map((x) => (x.id === r.id ? r : x)));
      message.success(t('staff.campaigns.closed', { title: c.title }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<Campaign> = [
    { title: t('staff.campaign.name'), dataIndex: 'title', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
    { title: t('staff.campaign.unit'), dataIndex: 'unitCode', width: 200, render: (v: string) => names.unitName(v) },
    { title: t('staff.hotspot.size'), dataIndex: 'size', width: 90, align: 'right', render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
    {
      title: t('staff.campaigns.status'), dataIndex: 'status', width: 100,
      render: (v: string) => v === 'open'
        ? <Tag color="blue">{t('staff.campaigns.status.open')}</Tag>
        : <Tag>{t('staff.campaigns.status.closed')}</Tag>,
    },
    { title: t('staff.campaigns.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string | null) => fmtDate(v) },
    { title: t('staff.campaigns.lastFeedbackAt'), dataIndex: 'lastFeedbackAt', width: 150, render: (v: string | null) => (v ? fmtDate(v) : <Muted>{t('staff.campaigns.noFeedback')}</Muted>) },
    ...(dispatcher ? [{
      title: t('staff.console.quickAction'), key: 'act', width: 110,
      render: (_: unknown, r: Campaign) => r.status === 'open' ? (
        <span onClick={(e) => e.stopPropagation()}>
          <Popconfirm title={t('staff.campaigns.closeConfirm', { title: r.title })} okText={t('staff.campaigns.close')} cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'campaign-close-confirm' } as any} onConfirm={() => close(r)}>
            <Button size="small" danger loading={busy === r.id} data-testid={`campaign-close-${r.id}`}>{t('staff.campaigns.close')}</Button>
          </Popconfirm>
        </span>
      ) : <Muted>{fmtDate(r.closedAt)}</Muted>,
    }] : []),
  ];

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Muted>{t('staff.console.help.campaigns')}</Muted>
        <Space wrap>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void load()}>{t('staff.common.refresh')}</Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Table<Campaign> rowKey="id" size="middle" columns={columns} dataSource={items} loading={loading}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('staff.console.empty.campaigns') }}
        onRow={(r) => ({ 'data-testid': `campaign-row-${r.id}` } as React.HTMLAttributes<HTMLElement>)}
        expandable={{ expandedRowRender: (r) => <CampaignCases id={r.id} /> }} />
    </div>
  );
}
