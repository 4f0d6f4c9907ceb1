// 时限达标率: for each limit (sign, contact, first feedback, close, callback) the share met on time.
import { Card, Progress } from 'antd';
import { useI18n } from '../../i18n';
import { LIMIT_KINDS, type Overview } from './types';

export function SlaPanel({ data, loading }: { data: Overview | undefined; loading: boolean }) {
  const { t, fmtNumber } = useI18n();
  return (
    <Card size="small" title={<h2 className="dash-card-title">{t('dashboard.sla.title')}</h2>} loading={loading && !data} style={{ height: '100%' }} data-testid="sla-panel">
      <p className="dash-note">{t('dashboard.sla.note')}</p>
      <ul className="dash-sla">
        {LIMIT_KINDS.map((k) => {
          const v = data?.sla[k] ?? null;
          const label = t(`limit.${k}`);
          return (
            <li key={k}>
              <Progress type="dashboard" size={120} percent={v == null ? 0 : Math.round(v * 1000) / 10} strokeColor="#0b4ea2" railColor="#e6e9ef"
                format={() => <span className="dash-sla-value" data-testid={`sla-${k}`}>{fmtNumber(v, 'percent')}</span>} />
              <div className="dash-sla-label">{label}</div>
              {v == null && <div className="dash-sla-hint">{t('dashboard.sla.noData')}</div>}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
