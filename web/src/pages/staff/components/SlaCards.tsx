// The time limits of a case as a row of cards: due time, done time, level — running ones count down.
import { Card, Tag } from 'antd';
import { useI18n } from '../../../i18n';
import { Countdown, LevelTag, Muted } from './ui';

export interface SlaEntry { due: string | null; doneAt: string | null; breached: boolean; level: string }
const KINDS = ['sign', 'contact', 'firstFeedback', 'close', 'callback'] as const;
const EDGE: Record<string, string> = { green: '#52c41a', yellow: '#f0b400', red: '#cf1322' };

export function SlaCards({ sla }: { sla: Record<string, SlaEntry | null> }) {
  const { t, fmtDate } = useI18n();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(5, minmax(0, 1fr))', gap: 12 }} data-testid="sla-cards" role="list" aria-label={t('staff.sla.title')}>
      {KINDS.map((k) => {
        const s = sla[k];
        const done = !!s?.doneAt;
        return (
          <Card key={k} size="small" role="listitem" data-testid={`sla-${k}`}
            style={{ borderTop: `4px solid ${s ? (done ? (s.breached ? EDGE.red : '#8c8c8c') : EDGE[s.level] ?? '#8c8c8c') : '#d9d9d9'}` }}
            title={t(`limit.${k}`)}
            extra={s ? (done
              ? <Tag style={s.breached ? { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' } : { color: '#3a3a3a', background: '#f0f0f0', borderColor: '#bfbfbf' }}>
                  {t(s.breached ? 'staff.sla.doneLate' : 'staff.sla.doneOnTime')}
                </Tag>
              : <LevelTag level={s.level} />) : null}>
            {!s ? <Muted>{t('staff.sla.notStarted')}</Muted> : (
              <div style={{ fontSize: 14, lineHeight: 1.7 }}>
                <div><Muted>{t('staff.sla.due')}</Muted> {fmtDate(s.due)}</div>
                <div><Muted>{t('staff.sla.done')}</Muted> {s.doneAt ? fmtDate(s.doneAt) : '—'}</div>
                {!done && <div><Countdown due={s.due} breached={s.breached || s.level === 'red'} /></div>}
              </div>
            )}
          </Card>
        );
      })}
    </div>
  );
}
