// 公开数据: the public figures of the mailbox — letters received, problems solved, thank-you
// letters and the satisfaction rate.
import { useEffect, useState } from 'react';
import { Alert, Button, Spin, Statistic } from 'antd';
import { publicApi } from '../../api';
import { useI18n } from '../../i18n';
import { PageTitle, errorText } from './shared';

interface Stats { received: number | null; solved: number | null; thanks: number | null; satisfactionRate: number | null }

export default function PublicStats() {
  const { t, lang, fmtNumber } = useI18n();
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    publicApi.get<Stats>('/api/public/stats').then(setStats).catch((e) => setError(errorText(t, lang, e)));
  };
  useEffect(load, []); // eslint-disable-line react-hooks/exhaustive-deps

  const cards: { key: keyof Stats; label: string; hint: string; value: string; color: string }[] = stats ? [
    { key: 'received', label: t('citizen.stats.received'), hint: t('citizen.stats.receivedHint'), value: fmtNumber(stats.received), color: '#0b4ea2' },
    { key: 'solved', label: t('citizen.stats.solved'), hint: t('citizen.stats.solvedHint'), value: fmtNumber(stats.solved), color: '#1f5c0a' },
    { key: 'thanks', label: t('citizen.stats.thanks'), hint: t('citizen.stats.thanksHint'), value: fmtNumber(stats.thanks), color: '#a8071a' },
    { key: 'satisfactionRate', label: t('citizen.stats.satisfaction'), hint: t('citizen.stats.satisfactionHint'), value: fmtNumber(stats.satisfactionRate, 'percent'), color: '#7a4100' },
  ] : [];

  return (
    <div>
      <PageTitle>{t('citizen.stats.title')}</PageTitle>
      <p className="h5-muted" style={{ marginTop: -6 }}>{t('citizen.stats.intro')}</p>
      {error && <Alert type="error" showIcon title={error} role="alert" action={<Button onClick={load}>{t('citizen.retry')}</Button>} />}
      {!stats && !error && <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>}
      {stats && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 10 }}>
          {cards.map((c) => (
            <section key={c.key} className="h5-section" style={{ margin: 0, padding: '14px 12px' }} data-testid={`stat-${c.key}`}>
              <Statistic title={<span style={{ fontSize: 16, color: '#333', fontWeight: 600 }}>{c.label}</span>} value={c.value}
                formatter={() => <span style={{ color: c.color, fontSize: 28, fontWeight: 800 }}>{c.value}</span>} />
              <p className="h5-muted" style={{ margin: '4px 0 0', fontSize: 15, lineHeight: 1.45 }}>{c.hint}</p>
            </section>
          ))}
        </div>
      )}
      <div className="h5-section" style={{ marginTop: 14 }}>
        <p style={{ margin: 0 }}>{t('app.promise')}</p>
      </div>
    </div>
  );
}
