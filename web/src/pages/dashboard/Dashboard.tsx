// 数据看板: the leaders' view of the mailbox — headline figures, time limits met, trend, breakdowns
// by channel, category, district and unit, and (for the center and viewers) the monthly unit
// ranking. Unit staff get their own unit's figures: the server scopes them.
import { useMemo, useState } from 'react';
import { Alert, Button, Col, DatePicker, Radio, Row, Space, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n, zhCollator } from '../../i18n';
import { useStaff, CENTER } from '../../session';
import { ServerExportButton } from '../../components/ExportExcel';
import { useRefreshTick, useStaffQuery } from './useDashboardData';
import { fillTimeline, lastDays, rangeQuery, todayCST, type Range } from './dates';
import { barOption, pieOption, trendOption, type Fmt } from './charts';
import { HeadlineCards } from './HeadlineCards';
import { SlaPanel } from './SlaPanel';
import { BreakdownCard } from './BreakdownCard';
import { UnitRanking } from './UnitRanking';
import type { BreakdownRow, Granularity, Overview, UnitRankRow } from './types';
import './dashboard.css';

const RANKING_ROLES = [...CENTER, 'viewer'];
const byReceived = (rows: BreakdownRow[]) => [...rows].sort((a, b) => b.received - a.received || zhCollator.compare(a.name, b.name));
const byName = (a: BreakdownRow, b: BreakdownRow) => zhCollator.compare(a.name, b.name);
const byKey = (a: BreakdownRow, b: BreakdownRow) => (a.key ?? '').localeCompare(b.key ?? '');

export default function Dashboard() {
  const i18n = useI18n();
  const { t, fmtDate } = i18n;
  const { user, has } = useStaff();
  const cityWide = has(...RANKING_ROLES);

  const [range, setRange] = useState<Range>(() => lastDays(90));
  const [gran, setGran] = useState<Granularity>('day');
  const [month, setMonth] = useState<Dayjs>(() => todayCST().startOf('month'));
  const { tick, refresh } = useRefreshTick();

  const q = rangeQuery(range);
  const overview = useStaffQuery<Overview>(`/api/stats/overview?${q}`, tick);
  const trend = useStaffQuery<BreakdownRow[]>(`/api/stats/breakdown?by=${gran}&${q}`, tick);
  const channel = useStaffQuery<BreakdownRow[]>(`/api/stats/breakdown?by=channel&${q}`, tick);
  const category = useStaffQuery<BreakdownRow[]>(`/api/stats/breakdown?by=category&${q}`, tick);
  const district = useStaffQuery<BreakdownRow[]>(`/api/stats/breakdown?by=district&${q}`, tick);
  const unit = useStaffQuery<BreakdownRow[]>(`/api/stats/breakdown?by=unit&${q}`, tick);
  const ranking = useStaffQuery<UnitRankRow[]>(cityWide ? `/api/stats/units?month=${month.format('YYYY-MM')}` : null, tick);

  // The server names groups without a value in Chinese; name them in the screen's language.
  const named = (rows: BreakdownRow[] | undefined) => (rows ?? []).map((r) => (r.key == null ? { ...r, name: t('dashboard.unclassified') } : r));
  const f: Fmt = i18n;
  const rows = useMemo(() => ({
    trend: fillTimeline(trend.data ?? [], gran, range),
    channel: byReceived(named(channel.data)),
    category: byReceived(named(category.data)),
    district: byReceived(named(district.data)),
    unit: byReceived(named(unit.data)),
  }), [trend.data, channel.data, category.data, district.data, unit.data, gran, range, t]);
  const options = useMemo(() => ({
    trend: trendOption(rows.trend, gran, f),
    channel: pieOption(rows.channel, f),
    category: barOption(rows.category, f, true),
    district: barOption(rows.district, f, false),
    unit: barOption(rows.unit.slice(0, 15), f, true),
  }), [rows, i18n]);

  const period = `${range[0].format('YYYY-MM-DD')}_${range[1].format('YYYY-MM-DD')}`;
  const error = [overview, trend, channel, category, district, unit, ranking].find((x) => x.error)?.error;
  const updatedAt = Math.max(overview.at, trend.at, channel.at);
  const scope = cityWide ? t('dashboard.scope.city') : t('dashboard.scope.unit', { name: unit.data?.[0]?.name ?? user?.unitCode ?? '' });
  const today = todayCST();
  const presets = [
    { label: t('dashboard.preset.7'), value: lastDays(7) },
    { label: t('dashboard.preset.30'), value: lastDays(30) },
    { label: t('dashboard.preset.90'), value: lastDays(90) },
    { label: t('dashboard.preset.month'), value: [today.startOf('month'), today] as Range },
    { label: t('dashboard.preset.year'), value: [today.startOf('year'), today] as Range },
  ];
  const card = (id: 'channel' | 'category' | 'district' | 'unit', title: string, nameKey: string, height: number, exportTitle = title) => {
    const nameTitle = t(nameKey);
    const query = { channel, category, district, unit }[id];
    return (
      <BreakdownCard id={id} title={title} nameTitle={nameTitle} rows={rows[id]} option={options[id]} height={height}
        loading={query.loading && !query.data} exportName={`${exportTitle}_${period}`} compareName={byName} />
    );
  };

  return (
    <div className="dash" data-testid="dashboard">
      <div className="dash-head">
        <Space size={12} align="center" wrap>
          <Typography.Title level={1} className="dash-title">{t('dashboard.title')}</Typography.Title>
          <Tag color="blue" className="dash-scope" data-testid="dashboard-scope">{scope}</Tag>
        </Space>
        <Space size={12} align="center" wrap>
          <label htmlFor="dash-range" className="dash-label">{t('dashboard.period')}</label>
          <DatePicker.RangePicker id={{ start: 'dash-range', end: 'dash-range-end' }} value={range} allowClear={false} presets={presets}
            placeholder={[t('dashboard.period.start'), t('dashboard.period.end')]} format="YYYY-MM-DD"
            disabledDate={(d) => d.isAfter(today, 'day')}
            onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0], v[1]]); }} data-testid="dashboard-range" />
          <Button icon={<ReloadOutlined />} onClick={refresh}>{t('dashboard.refresh')}</Button>
          <ServerExportButton path={`/api/stats/export.xlsx?month=${month.format('YYYY-MM')}&${q}`} hint={t('dashboard.exportHint')} testId="export-figures" />
          <Typography.Text type="secondary" className="dash-updated" title={t('dashboard.autoRefresh')} aria-live="polite">
            {updatedAt ? t('dashboard.updatedAt', { time: fmtDate(new Date(updatedAt)) }) : ''}
          </Typography.Text>
        </Space>
      </div>

      {error && <Alert type="error" showIcon title={t('dashboard.loadError', { message: error })} style={{ marginBottom: 16 }} />}

      <section aria-label={t('dashboard.title')}>
        <HeadlineCards data={overview.data} loading={overview.loading} />
      </section>

      <Row gutter={[16, 16]} className="dash-row">
        <Col xs={24} xl={9}><SlaPanel data={overview.data} loading={overview.loading} /></Col>
        <Col xs={24} xl={15}>
          <BreakdownCard id="trend" title={t('dashboard.trend.title')} nameTitle={t(gran === 'week' ? 'dashboard.col.week' : 'dashboard.col.date')}
            rows={rows.trend} option={options.trend} height={300} loading={trend.loading && !trend.data}
            exportName={`${t('dashboard.trend.title')}_${period}`} compareName={byKey}
            controls={
              <Radio.Group optionType="button" size="small" value={gran} onChange={(e) => setGran(e.target.value)} aria-label={t('dashboard.trend.granularity')}
                options={[{ value: 'day', label: t('dashboard.trend.day') }, { value: 'week', label: t('dashboard.trend.week') }]} />
            } />
        </Col>
      </Row>

      <Row gutter={[16, 16]} className="dash-row">
        <Col xs={24} lg={12} xl={8}>{card('channel', t('dashboard.channel.title'), 'dashboard.col.channel', 320)}</Col>
        <Col xs={24} lg={12} xl={8}>{card('category', t('dashboard.category.title'), 'dashboard.col.category', 320)}</Col>
        <Col xs={24} lg={24} xl={8}>{card('district', t('dashboard.district.title'), 'dashboard.col.district', 320)}</Col>
      </Row>

      {cityWide && (
        <Row gutter={[16, 16]} className="dash-row">
          <Col xs={24} xl={8}>{card('unit', t('dashboard.unitBar.title'), 'dashboard.col.unit', 520, t('dashboard.unitBar.exportName'))}</Col>
          <Col xs={24} xl={16}>
            <UnitRanking rows={ranking.data ?? []} loading={ranking.loading} month={month} onMonth={setMonth} />
          </Col>
        </Row>
      )}
    </div>
  );
}
