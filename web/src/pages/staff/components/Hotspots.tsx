// 热点类案: letters about the same problem at the same place, grouped by the server. A dispatcher
// can start a campaign (专项) on a group and send its feedback to every writer.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Result, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { useStaff } from '../../../session';
import { useNames } from './names';
import { LINK, Muted, errorText } from './ui';

export interface Hotspot {
  id: string; label: string; keywords: string[]; category: string | null; district: string | null;
  size: number; caseIds: number[]; trend: number; firstAt: string | null; lastAt: string | null;
}

/** The hotspot groups of the last `days` days (also used by the alerts tab for labels). */
export function useHotspots(days: number, tick = 0) {
  const [items, setItems] = useState<Hotspot[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [gen, setGen] = useState(0);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    staffApi.get<Hotspot[]>(`/api/hotspots?days=${days}`)
      .then((r) => { if (alive) { setItems(r); setError(null); } })
      .catch((e) => { if (alive) setError(errorText(e)); })
      .finally(() => { if (alive) setLoading(false); });
    return () => { alive = false; };
  }, [days, tick, gen]);
  const reload = useCallback(() => setGen((g) => g + 1), []);
  return { items, loading, error, reload };
}

export function TrendMark({ trend }: { trend: number }) {
  const { t } = useI18n();
  const up = trend > 1, down = trend < 1;
  const arrow = up ? '↑' : down ? '↓' : '→';
  const label = t(up ? 'staff.hotspot.trendUp' : down ? 'staff.hotspot.trendDown' : 'staff.hotspot.trendFlat', { n: trend });
  return (
    <span title={label} aria-label={label} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', color: up ? '#a8071a' : '#3a3a3a', fontWeight: up ? 600 : 400 }}>
      <span aria-hidden>{arrow} {trend}</span>
    </span>
  );
}

const DAYS = [7, 30, 90];

export function Hotspots() {
  const { t, fmtDate } = useI18n();
  const { has } = useStaff();
  const names = useNames();
  const [days, setDays] = useState(30);
  const list = useHotspots(days);
  const [campaignFor, setCampaignFor] = useState<Hotspot | null>(null);
  const dispatcher = has('dispatcher');

  const columns: ColumnsType<Hotspot> = [
    { title: t('staff.hotspot.label'), dataIndex: 'label', render: (v: string) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span> },
    {
      title: t('staff.hotspot.keywords'), dataIndex: 'keywords', width: 240,
      render: (v: string[]) => <Space size={[0, 4]} wrap>{v.map((k) => <Tag key={k}>{k}</Tag>)}</Space>,
    },
    { title: t('staff.col.category'), dataIndex: 'category', width: 130, render: (v: string | null) => names.categoryName(v) },
    { title: t('staff.col.district'), dataIndex: 'district', width: 110, render: (v: string | null) => names.districtName(v) },
    { title: t('staff.hotspot.size'), dataIndex: 'size', width: 90, align: 'right', render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
    { title: t('staff.hotspot.trend'), dataIndex: 'trend', width: 90, render: (v: number) => <TrendMark trend={v} /> },
    { title: t('staff.hotspot.lastAt'), dataIndex: 'lastAt', width: 150, render: (v: string | null) => fmtDate(v) },
    ...(dispatcher ? [{
      title: t('staff.console.quickAction'), key: 'act', width: 120,
      render: (_: unknown, r: Hotspot) => (
        <Button size="small" type="primary" data-testid="start-campaign" onClick={() => setCampaignFor(r)}>{t('staff.campaign.start')}</Button>
      ),
    }] : []),
  ];

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Muted>{t('staff.console.help.hotspots')}</Muted>
        <Space wrap>
          <span id="hotspot-days-label"><Muted>{t('staff.hotspot.days')}</Muted></span>
          <Segmented aria-labelledby="hotspot-days-label" value={days} onChange={(v) => setDays(Number(v))} data-testid="hotspot-days"
            options={DAYS.map((d) => ({ value: d, label: t('staff.hotspot.lastDays', { n: d }) }))} />
          <Button icon={<ReloadOutlined aria-hidden />} onClick={list.reload}>{t('staff.common.refresh')}</Button>
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <Table<Hotspot> rowKey="id" size="middle" columns={columns} dataSource={list.items} loading={list.loading}
        pagination={list.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('staff.console.empty.hotspots') }}
        onRow={(r) => ({ 'data-testid': `hotspot-row-${r.id}` } as React.HTMLAttributes<HTMLElement>)}
        expandable={{
          expandedRowRender: (r) => (
            <div>
              <Typography.Text strong>{t('staff.hotspot.cases', { n: r.caseIds.length })}</Typography.Text>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginTop: 6 }}>
                {r.caseIds.map((id) => (
                  <Link key={id} to={`/staff/cases/${id}`} style={{ color: LINK }}>{t('staff.case.openCase', { id })}</Link>
                ))}
              </div>
              <div style={{ marginTop: 6 }}><Muted>{t('staff.hotspot.span', { from: fmtDate(r.firstAt), to: fmtDate(r.lastAt) })}</Muted></div>
            </div>
          ),
        }} />
      <CampaignDialog hotspot={campaignFor} onClose={() => setCampaignFor(null)} />
    </div>
  );
}

function CampaignDialog({ hotspot, onClose }: { hotspot: Hotspot | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [form] = Form.useForm<{ title: string; unitCode: string }>();
  const [fbForm] = Form.useForm<{ content: string }>();
  const [busy, setBusy] = useState(false);
  const [campaignId, setCampaignId] = useState<number | null>(null);
  const [reached, setReached] = useState<number | null>(null);

  useEffect(() => {
    if (!hotspot) return;
    setCampaignId(null);
    setReached(null);
    form.setFieldsValue({ title: hotspot.label.slice(0, 100), unitCode: undefined });
    // The feedback form mounts only after the campaign exists; it starts empty by itself then.
  }, [hotspot, form]);

  const unitOptions = names.units.map((u) => ({ value: u.code, label: `${names.unitName(u.code, u.name)} (${u.code})` }));

  const create = async () => {
    if (!hotspot) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await staffApi.post<{ id: number }>('/api/campaigns', { title: v.title.trim(), unitCode: v.unitCode, caseIds: hotspot.caseIds, hotspotId: hotspot.id });
      setCampaignId(r.id);
      message.success(t('staff.campaign.created', { id: r.id }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const feedback = async () => {
    if (campaignId == null) return;
    const v = await fbForm.validateFields();
    setBusy(true);
    try {
      const r = await staffApi.post<{ reached: number }>(`/api/campaigns/${campaignId}/feedback`, { content: v.content.trim() });
      setReached(r.reached);
      message.success(t('staff.campaign.feedbackSent', { n: r.reached }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('staff.form.required', { field }) }];
  const min2 = (field: string) => [...required(field), { min: 2, message: t('staff.form.min2', { field }) }];

  return (
    <Modal open={!!hotspot} onCancel={onClose} title={t('staff.campaign.title')} destroyOnHidden mask={{ closable: !busy }}
      footer={campaignId == null
        ? [<Button key="c" onClick={onClose}>{t('common.cancel')}</Button>, <Button key="ok" type="primary" loading={busy} onClick={() => void create()} data-testid="campaign-submit">{t('staff.campaign.submit')}</Button>]
        : reached == null
          ? [<Button key="c" onClick={onClose}>{t('staff.campaign.close')}</Button>, <Button key="ok" type="primary" loading={busy} onClick={() => void feedback()} data-testid="campaign-feedback-submit">{t('staff.campaign.sendFeedback')}</Button>]
          : [<Button key="c" type="primary" onClick={onClose}>{t('staff.campaign.close')}</Button>]}>
      {hotspot && campaignId == null && (
        <Form form={form} layout="vertical" requiredMark>
          <Typography.Paragraph><Muted>{t('staff.campaign.help', { n: hotspot.caseIds.length })}</Muted></Typography.Paragraph>
          <Form.Item name="title" label={t('staff.campaign.name')} rules={min2(t('staff.campaign.name'))}>
            <Input maxLength={100} data-testid="campaign-title" />
          </Form.Item>
          <Form.Item name="unitCode" label={t('staff.campaign.unit')} rules={required(t('staff.campaign.unit'))}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={t('staff.dispatch.unitPlaceholder')} data-testid="campaign-unit" />
          </Form.Item>
        </Form>
      )}
      {campaignId != null && (
        <div>
          <Alert type="success" showIcon style={{ marginBottom: 16 }} data-testid="campaign-created" title={t('staff.campaign.created', { id: campaignId })} />
          {reached == null ? (
            <Form form={fbForm} layout="vertical" requiredMark>
              <Typography.Paragraph><Muted>{t('staff.campaign.feedbackHelp')}</Muted></Typography.Paragraph>
              <Form.Item name="content" label={t('staff.campaign.feedback')} rules={min2(t('staff.campaign.feedback'))}>
                <Input.TextArea rows={4} maxLength={2000} showCount data-testid="campaign-feedback" />
              </Form.Item>
            </Form>
          ) : (
            <Result status="success" style={{ padding: 8 }} title={t('staff.campaign.feedbackSent', { n: reached })} data-testid="campaign-reached" />
          )}
        </div>
      )}
    </Modal>
  );
}
