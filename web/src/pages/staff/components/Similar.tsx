// 相似来信: letters like this one (same place, same problem), for spotting duplicates; a user who
// may merge can fold this case into one of them.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Popconfirm, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { LINK, Muted, StatusTag, errorText } from './ui';

interface SimilarCase { id: number; number: string; title: string; status: string; score: number }

export function SimilarCard({ caseId, canMerge, onMerged }: { caseId: number; canMerge: boolean; onMerged(): void | Promise<void> }) {
  const { t, fmtNumber } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<SimilarCase[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await staffApi.get<SimilarCase[]>(`/api/cases/${caseId}/similar`));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);

  const merge = async (intoId: number) => {
    setBusy(intoId);
    try {
      await staffApi.post(`/api/cases/${caseId}/merge`, { intoId });
      message.success(t('staff.action.done', { action: t('staff.action.merge') }));
      await onMerged();
      await load();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<SimilarCase> = [
    {
      title: t('staff.col.number'), dataIndex: 'number', width: 200,
      render: (v: string, r) => <Link to={`/staff/cases/${r.id}`} style={{ color: LINK, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{v}</Link>,
    },
    { title: t('staff.col.title'), dataIndex: 'title', ellipsis: true, render: (v: string) => <span title={v}>{v}</span> },
    { title: t('staff.col.status'), dataIndex: 'status', width: 110, render: (v: string) => <StatusTag status={v} /> },
    { title: t('staff.similar.score'), dataIndex: 'score', width: 80, align: 'right', render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fmtNumber(v, 'percent')}</span> },
    ...(canMerge ? [{
      title: t('staff.console.quickAction'), key: 'merge', width: 100,
      render: (_: unknown, r: SimilarCase) => r.status === 'merged' ? <Muted>—</Muted> : (
        <Popconfirm title={t('staff.similar.mergeConfirm', { number: r.number })} okText={t('staff.similar.merge')} cancelText={t('common.cancel')}
          onConfirm={() => merge(r.id)}>
          <Button size="small" loading={busy === r.id} data-testid={`merge-into-${r.id}`}>{t('staff.similar.merge')}</Button>
        </Popconfirm>
      ),
    }] : []),
  ];

  return (
    <Card title={t('staff.similar.title', { n: items.length })} style={{ marginBottom: 16 }} data-testid="similar-card" styles={{ body: { padding: items.length ? 0 : undefined } }}>
      {error ? <Muted>{error}</Muted> : (
        <Table<SimilarCase> rowKey="id" size="small" columns={columns} dataSource={items} loading={loading} pagination={false}
          locale={{ emptyText: t('staff.similar.none') }} />
      )}
    </Card>
  );
}
