// One breakdown (channel, category, district, unit, time): a chart, or the same figures as a
// sortable table, and an Excel export of every row.
import { useState, type ReactNode } from 'react';
import { Card, Radio, Space, Table } from 'antd';
import { useI18n } from '../../i18n';
import { ExportExcelButton } from '../../components/ExportExcel';
import { EChart, type ChartOption } from './EChart';
import { breakdownColumns, breakdownExport } from './tables';
import type { BreakdownRow } from './types';

interface Props {
  id: string;
  title: string;
  nameTitle: string;
  rows: BreakdownRow[];
  option: ChartOption;
  height: number;
  loading: boolean;
  exportName: string;
  compareName(a: BreakdownRow, b: BreakdownRow): number;
  controls?: ReactNode;
}

export function BreakdownCard({ id, title, nameTitle, rows, option, height, loading, exportName, compareName, controls }: Props) {
  const f = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card size="small" title={<h2 className="dash-card-title" id={`${id}-title`}>{title}</h2>} loading={loading} style={{ height: '100%' }}
      extra={
        <Space size={8} wrap>
          {controls}
          <Radio.Group optionType="button" size="small" value={view} onChange={(e) => setView(e.target.value)} aria-label={f.t('dashboard.view')}
            options={[{ value: 'chart', label: f.t('dashboard.view.chart') }, { value: 'table', label: f.t('dashboard.view.table') }]} />
          <ExportExcelButton fileName={exportName} columns={breakdownExport(f, nameTitle)} rows={rows} />
        </Space>
      }
      data-testid={`breakdown-${id}`}>
      {view === 'chart'
        ? <EChart option={option} height={height} label={f.t('dashboard.chartOf', { title })} />
        : <Table<BreakdownRow> size="small" rowKey={(r) => r.key ?? ''} dataSource={rows} columns={breakdownColumns(f, nameTitle, compareName)}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 'max-content' }} aria-labelledby={`${id}-title`}
            locale={{ emptyText: f.t('common.none') }} />}
    </Card>
  );
}
