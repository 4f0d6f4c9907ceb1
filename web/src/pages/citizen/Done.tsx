// 写信成功: the letter's number (large, copyable), the three promises with their deadlines, and
// how to follow up.
import { useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button } from 'antd';
import { CheckCircleFilled, CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { DEADLINES_KEY, PageTitle, type Deadlines } from './shared';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch { /* fall through to the old way */ }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  document.body.removeChild(ta);
  return ok;
}

export default function Done() {
  const { t, fmtDate } = useI18n();
  const { number = '' } = useParams();
  const loc = useLocation();
  const navigate = useNavigate();
  const [copied, setCopied] = useState<boolean | null>(null);

  const deadlines: Deadlines = useMemo(() => {
    const fromState = (loc.state as { deadlines?: Deadlines } | null)?.deadlines;
    if (fromState) return fromState;
    try { return JSON.parse(sessionStorage.getItem(DEADLINES_KEY(number)) ?? '{}'); } catch { return {}; }
  }, [loc.state, number]);

  const promises: { key: keyof Deadlines; badge: string; text: string }[] = [
    { key: 'sign', badge: t('citizen.done.signBadge'), text: t('citizen.done.sign') },
    { key: 'contact', badge: t('citizen.done.contactBadge'), text: t('citizen.done.contact') },
    { key: 'firstFeedback', badge: t('citizen.done.feedbackBadge'), text: t('citizen.done.feedback') },
  ];

  return (
    <div>
      <div style={{ textAlign: 'center', margin: '8px 0 4px' }}>
        <CheckCircleFilled aria-hidden="true" style={{ fontSize: 56, color: '#1f7a0a' }} />
      </div>
      <div style={{ textAlign: 'center' }}><PageTitle>{t('citizen.done.title')}</PageTitle></div>

      <section className="h5-section" style={{ textAlign: 'center' }} aria-labelledby="d-number-h">
        <h2 id="d-number-h" className="h5-section-title" style={{ fontWeight: 600 }}>{t('citizen.done.numberLabel')}</h2>
        <div className="h5-big-number" data-testid="letter-number">{number}</div>
        <Button size="large" icon={<CopyOutlined aria-hidden="true" />} style={{ marginTop: 12 }} data-testid="copy-number"
          onClick={async () => setCopied(await copyText(number))}>
          {t('citizen.done.copy')}
        </Button>
        <div aria-live="polite" style={{ minHeight: 8 }}>
          {copied === true && <p style={{ color: '#1f5c0a', margin: '8px 0 0' }}>{t('citizen.done.copied')}</p>}
          {copied === false && <p style={{ color: '#a8071a', margin: '8px 0 0' }}>{t('citizen.done.copyFailed')}</p>}
        </div>
        <p className="h5-muted" style={{ margin: '8px 0 0' }}>{t('citizen.done.keepNumber')}</p>
      </section>

      <section className="h5-section" aria-labelledby="d-promise-h">
        <h2 id="d-promise-h" className="h5-section-title">{t('citizen.done.promiseTitle')}</h2>
        <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="promises">
          {promises.map((p) => (
            <li key={p.key} className="h5-promise" data-testid={`promise-${p.key}`}>
              <span className="h5-promise-badge">{p.badge}</span>
              <span>
                <strong style={{ display: 'block' }}>{p.text}</strong>
                <span className="h5-muted">
                  {deadlines[p.key] ? t('citizen.done.by', { time: fmtDate(deadlines[p.key]) }) : t('citizen.done.fromNow')}
                </span>
              </span>
            </li>
          ))}
        </ol>
      </section>

      <section className="h5-section" aria-labelledby="d-next-h">
        <h2 id="d-next-h" className="h5-section-title">{t('citizen.done.nextTitle')}</h2>
        <p style={{ marginTop: 0 }}>{t('citizen.done.nextText')}</p>
        <Alert type="info" showIcon title={t('citizen.done.phoneNote')} style={{ marginBottom: 14 }} />
        <Button type="primary" size="large" block data-testid="view-letter" onClick={() => navigate(`/h5/letters/${encodeURIComponent(number)}`)}>
          {t('citizen.done.viewLetter')}
        </Button>
        <Button size="large" block data-testid="go-mine" style={{ marginTop: 10 }} onClick={() => navigate('/h5/mine')}>
          {t('citizen.done.mine')}
        </Button>
      </section>
    </div>
  );
}
