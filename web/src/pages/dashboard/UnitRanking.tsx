// 单位月度三率排名: each unit's three rates and weighted score for one month, with its rank.
import { Card, DatePicker, Space, Table, Tooltip, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n, zhCollator } from '../../i18n';
import { ExportExcelButton, type ExportColumn } from '../../components/ExportExcel';
import { noWrap, nullsLast, rateColumns, RATE_KEYS } from './tables';
import { todayCST } from './dates';
import type { UnitRankRow } from './types';

interface Props { rows: UnitRankRow[]; loading: boolean; month: Dayjs; onMonth(m: Dayjs): void }

export function UnitRanking({ rows, loading, month, onMonth }: Props) {
  const f = useI18n();
  const { t, fmtNumber } = f;
  const columns: TableColumnsType<UnitRankRow> = [
    {
      key: 'rank', dataIndex: 'rank', title: t('dashboard.col.rank'), width: 68, onHeaderCell: noWrap, align: 'center', defaultSortOrder: 'ascend',
      sorter: nullsLast<UnitRankRow>((r) => r.rank),
      render: (v: number | null) => (v == null
        ? <Tooltip title={t('dashboard.ranking.unranked')}><span tabIndex={0} aria-label={t('dashboard.ranking.unranked')}>—</span></Tooltip>
        : <span className={v <= 3 ? `dash-rank dash-rank-${v}` : 'dash-rank'}>{v}</span>),
    },
    { key: 'unitName', dataIndex: 'unitName', title: t('dashboard.col.unit'), sorter: (a, b) => zhCollator.compare(a.unitName, b.unitName) },
    { key: 'received', dataIndex: 'received', title: t('dashboard.col.received'), width: 76, onHeaderCell: noWrap, align: 'right', sorter: (a, b) => a.received - b.received, render: (v: number) => fmtNumber(v) },
    ...rateColumns<UnitRankRow>(f),
    { key: 'validCallbacks', dataIndex: 'validCallbacks', title: t('dashboard.col.validCallbacks'), width: 96, onHeaderCell: noWrap, align: 'right', sorter: (a, b) => a.validCallbacks - b.validCallbacks, render: (v: number) => fmtNumber(v) },
    {
      key: 'replyScore', dataIndex: 'replyScore', width: 92, onHeaderCell: noWrap, align: 'right', sorter: nullsLast<UnitRankRow>((r) => r.replyScore ?? null),
      title: <Tooltip title={t('dashboard.col.replyScoreHint')}><span tabIndex={0}>{t('dashboard.col.replyScore')}</span></Tooltip>,
      render: (v: number | null | undefined) => (v == null ? '—' : fmtNumber(Math.round(v * 100))),
    },
    { key: 'score', dataIndex: 'score', title: t('dashboard.col.score'), width: 92, onHeaderCell: noWrap, align: 'right', sorter: nullsLast<UnitRankRow>((r) => r.score), render: (v: number | null) => <strong>{fmtNumber(v)}</strong> },
  ];
  const exportColumns: ExportColumn<UnitRankRow>[] = [
    { title: t('dashboard.col.rank'), value: (r) => r.rank },
    { title: t('dashboard.col.unit'), value: (r) => r.unitName },
    { title: t('dashboard.col.received'), value: (r) => r.received },
    ...RATE_KEYS.map((k) => ({ title: t(`dashboard.col.${k}`), value: (r: UnitRankRow) => (r[k] == null ? '' : fmtNumber(r[k], 'percent')) })),
    { title: t('dashboard.col.validCallbacks'), value: (r) => r.validCallbacks },
    { title: t('dashboard.col.replyScore'), value: (r) => (r.replyScore == null ? '' : Math.round(r.replyScore * 100)) },
    { title: t('dashboard.col.score'), value: (r) => r.score },
  ];
  const monthLabel = month.format('YYYY-MM');
  return (
    <Card size="small" title={<h2 className="dash-card-title" id="unit-ranking-title">{t('dashboard.ranking.title')}</h2>} style={{ height: '100%' }}
      extra={
        <Space size={8} wrap>
          <label htmlFor="dash-ranking-month" className="dash-label">{t('dashboard.ranking.month')}</label>
          <DatePicker id="dash-ranking-month" picker="month" size="small" value={month} allowClear={false} format="YYYY-MM" style={{ width: 110 }}
            disabledDate={(d) => d.isAfter(todayCST(), 'month')} onChange={(d) => d && onMonth(d)} />
          <ExportExcelButton fileName={`${t('dashboard.ranking.exportName')}_${monthLabel}`} columns={exportColumns} rows={rows} />
        </Space>
      }>
      <p className="dash-note">{t('dashboard.ranking.note')}</p>
      <div data-testid="unit-ranking">
        <Table<UnitRankRow> size="small" rowKey="unitCode" dataSource={rows} columns={columns} loading={loading} aria-labelledby="unit-ranking-title"
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 'max-content' }} locale={{ emptyText: t('common.none') }} />
      </div>
    </Card>
  );
}
