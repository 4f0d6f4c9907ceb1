// The headline figures: volumes, the three rates, return and redo rates.
import { Card, Col, Row } from 'antd';
import { useI18n } from '../../i18n';
import type { Overview } from './types';

interface Stat { id: string; value: string; suffix?: string; hint: string }

export function HeadlineCards({ data, loading }: { data: Overview | undefined; loading: boolean }) {
  const { t, fmtNumber, lang } = useI18n();
  // Chinese counts carry a measure word (件, 封); English reads fine without one.
  const measure = (key: string) => (lang === 'zh' ? t(key) : undefined);
  const d = data;
  const callbacks = d && (d.validCallbacks ? t('dashboard.hint.callbacks', { n: fmtNumber(d.validCallbacks) }) : t('dashboard.hint.noCallbacks'));
  const stats: Stat[] = [
    { id: 'received', value: fmtNumber(d?.received), suffix: measure('dashboard.unit.cases'), hint: t('dashboard.hint.received') },
    { id: 'solved', value: fmtNumber(d?.solved), suffix: measure('dashboard.unit.cases'), hint: d?.received ? t('dashboard.hint.solvedShare', { share: fmtNumber(d.solved / d.received, 'percent') }) : '' },
    { id: 'thanks', value: fmtNumber(d?.thanks), suffix: measure('dashboard.unit.letters'), hint: t('dashboard.hint.thanks') },
    { id: 'responseRate', value: fmtNumber(d?.responseRate, 'percent'), hint: callbacks ?? '' },
    { id: 'resolutionRate', value: fmtNumber(d?.resolutionRate, 'percent'), hint: callbacks ?? '' },
    { id: 'satisfactionRate', value: fmtNumber(d?.satisfactionRate, 'percent'), hint: callbacks ?? '' },
    { id: 'returnRate', value: fmtNumber(d?.returnRate, 'percent'), hint: t('dashboard.hint.ofReceived') },
    { id: 'redoRate', value: fmtNumber(d?.redoRate, 'percent'), hint: t('dashboard.hint.ofReceived') },
  ];
  return (
    <Row gutter={[16, 16]} role="list">
      {stats.map((s, i) => (
        <Col key={s.id} xs={12} md={6} xl={3} role="listitem">
          <Card size="small" loading={loading && !d} className={`dash-stat${i >= 3 && i <= 5 ? ' dash-stat-rate' : ''}`} style={{ height: '100%' }}>
            <div className="dash-stat-label" id={`stat-${s.id}-label`}>{t(`dashboard.stat.${s.id}`)}</div>
            <div className="dash-stat-value">
              <span data-testid={`stat-${s.id}`}>{s.value}</span>
              {s.suffix && d && <span className="dash-stat-suffix">{s.suffix}</span>}
            </div>
            <div className="dash-stat-hint">{s.hint}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
