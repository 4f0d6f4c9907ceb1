// 来信详情: the letter, its status and timeline (refreshed live); the rating form once the result
// has been reviewed; a thank-you letter (感谢信) once it has been rated or closed. Everything the
// writer or the units wrote is rendered as plain text.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Form, Input, Radio, Spin, Timeline } from 'antd';
import { HeartOutlined } from '@ant-design/icons';
import { citizenApi } from '../../api';
import { useI18n } from '../../i18n';
import { useLive } from '../../live';
import { PageTitle, RequireCitizen, StatusTag, useApiError } from './shared';

interface LetterView {
  number: string; title: string; content: string; address?: string | null; status: string; statusName?: string; createdAt: string;
  mergedInto: string | null; canRate: boolean; rated: boolean; thanksSent: number;
  timeline: { at: string | null; action: string; text: string }[];
}

export default function Letter() {
  return <RequireCitizen><LetterInner /></RequireCitizen>;
}

function LetterInner() {
  const { t, fmtDate, lang } = useI18n();
  const { number = '' } = useParams();
  const onError = useApiError();
  const [letter, setLetter] = useState<LetterView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    citizenApi.get<LetterView>(`/api/letters/${encodeURIComponent(number)}`)
      .then((r) => { setLetter(r); setError(null); })
      .catch((e) => setError(onError(e)));
  }, [number, onError]);
  useEffect(() => { setLetter(null); load(); }, [load]);
  useLive('citizen', load);

  if (!letter) {
    return (
      <div>
        <PageTitle>{t('citizen.letter.title')}</PageTitle>
        {error ? (
          <Alert type="error" showIcon title={error} role="alert" action={<Button onClick={load}>{t('citizen.retry')}</Button>} />
        ) : (
          <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>
        )}
        <p style={{ marginTop: 16 }}><Link to="/h5/mine">{t('citizen.letter.back')}</Link></p>
      </div>
    );
  }

  const actionLabel = (a: string) => { const k = `citizen.action.${a}`; const v = t(k); return v === k ? null : v; };

  return (
    <div>
      <p style={{ margin: '0 0 8px' }}><Link to="/h5/mine" data-testid="back-mine">‹ {t('citizen.letter.back')}</Link></p>
      <section className="h5-section" aria-labelledby="l-title">
        <div className="h5-letter-meta" style={{ marginBottom: 8 }}>
          <StatusTag status={letter.status} />
          <span data-testid="letter-number">{t('citizen.mine.number', { number: letter.number })}</span>
        </div>
        <h1 id="l-title" style={{ fontSize: 22, margin: '0 0 6px', lineHeight: 1.4 }} className="h5-pre" data-testid="letter-title">{letter.title}</h1>
        <p className="h5-muted" style={{ margin: '0 0 10px' }}>{t('citizen.letter.sentAt', { time: fmtDate(letter.createdAt) })}</p>
        <div className="h5-pre" data-testid="letter-content" style={{ fontSize: 17 }}>{letter.content}</div>
        {letter.address && <p className="h5-muted h5-pre" style={{ margin: '10px 0 0' }}>{t('citizen.letter.address', { address: letter.address })}</p>}
      </section>

      {letter.mergedInto && (
        <Alert type="info" showIcon style={{ marginBottom: 14 }} data-testid="merged-into"
          title={t('citizen.letter.merged', { number: letter.mergedInto })}
          description={<Link to={`/h5/letters/${encodeURIComponent(letter.mergedInto)}`} data-testid="merged-link">{t('citizen.letter.mergedLink', { number: letter.mergedInto })}</Link>} />
      )}

      <section className="h5-section" aria-labelledby="l-progress-h">
        <h2 id="l-progress-h" className="h5-section-title">{t('citizen.letter.progress')}</h2>
        <div data-testid="timeline">
          {letter.timeline.length === 0 ? (
            <p className="h5-muted">{t('citizen.letter.noProgress')}</p>
          ) : (
            <Timeline
              items={[...letter.timeline].reverse().map((e, i) => ({
                key: `${e.at}-${i}`,
                color: i === 0 ? 'blue' : 'gray',
                content: (
                  <div data-testid="timeline-item">
                    <div style={{ fontSize: 15, color: '#4a4a4a' }}>{fmtDate(e.at)}</div>
                    {lang !== 'zh' && actionLabel(e.action) && <div style={{ fontWeight: 700 }}>{actionLabel(e.action)}</div>}
                    <div className="h5-pre" style={{ fontSize: 17 }}>{e.text}</div>
                  </div>
                ),
              }))}
            />
          )}
        </div>
        <p className="h5-muted" style={{ margin: 0 }}>{t('citizen.mine.live')}</p>
      </section>

      {letter.canRate && !letter.rated && <RatingForm number={letter.number} onDone={load} />}
      {letter.rated && (
        <Alert type="success" showIcon style={{ marginBottom: 14 }} title={t('citizen.rate.thanks')} data-testid="rated" />
      )}
      {(letter.rated || letter.status === 'closed') && !letter.mergedInto && (
        <ThanksForm number={letter.number} sent={letter.thanksSent} onDone={load} />
      )}
    </div>
  );
}

function RatingForm({ number, onDone }: { number: string; onDone(): void }) {
  const { t } = useI18n();
  const onError = useApiError();
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (resolved === null) return setError(t('citizen.rate.needResolved'));
    if (!satisfaction) return setError(t('citizen.rate.needSatisfaction'));
    setBusy(true);
    setError(null);
    try {
      await citizenApi.post(`/api/letters/${encodeURIComponent(number)}/rating`, {
        resolved, satisfaction, ...(comment.trim() ? { comment: comment.trim() } : {}), consentToPublish: consent,
      });
      onDone();
    } catch (e) {
      setError(onError(e));
    } finally {
      setBusy(false);
    }
  };

  const big = { width: '100%' } as const;
  return (
    <section className="h5-section" aria-labelledby="r-h" data-testid="rating-form">
      <h2 id="r-h" className="h5-section-title">{t('citizen.rate.title')}</h2>
      <p className="h5-muted" style={{ marginTop: -4 }}>{t('citizen.rate.intro')}</p>
      <Form layout="vertical" requiredMark={false} component="div">
        <Form.Item label={<span id="r-resolved">{t('citizen.rate.resolvedQ')}</span>}>
          <Radio.Group aria-labelledby="r-resolved" optionType="button" buttonStyle="solid" size="large" block style={big}
            value={resolved === null ? undefined : resolved ? 'yes' : 'no'} onChange={(e) => setResolved(e.target.value === 'yes')}>
            <Radio.Button value="yes"><span data-testid="resolved-yes">{t('citizen.rate.yes')}</span></Radio.Button>
            <Radio.Button value="no"><span data-testid="resolved-no">{t('citizen.rate.no')}</span></Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={<span id="r-sat">{t('citizen.rate.satisfactionQ')}</span>}>
          <Radio.Group aria-labelledby="r-sat" optionType="button" buttonStyle="solid" size="large" style={{ ...big, display: 'grid', gap: 8 }}
            value={satisfaction ?? undefined} onChange={(e) => setSatisfaction(e.target.value)}>
            {(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((s) => (
              <Radio.Button key={s} value={s} style={{ borderRadius: 8, borderInlineStartWidth: 1 }}>
                <span data-testid={`satisfaction-${s}`}>{t(`satisfaction.${s}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('citizen.rate.comment')} htmlFor="r-comment">
          <Input.TextArea id="r-comment" data-testid="rate-comment" maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={t('citizen.rate.commentPh')} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Form.Item>
        <Form.Item>
          <Checkbox data-testid="rate-consent" aria-describedby="r-consent-help" checked={consent} onChange={(e) => setConsent(e.target.checked)} style={{ fontSize: 17 }}>
            {t('citizen.rate.consent')}
          </Checkbox>
          <p className="h5-muted" style={{ margin: '6px 0 0 28px', fontSize: 15 }} id="r-consent-help">{t('citizen.rate.consentHelp')}</p>
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" size="large" block loading={busy} onClick={submit} data-testid="rate-submit">{t('citizen.rate.submit')}</Button>
      </Form>
    </section>
  );
}

function ThanksForm({ number, sent, onDone }: { number: string; sent: number; onDone(): void }) {
  const { t } = useI18n();
  const onError = useApiError();
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [justSent, setJustSent] = useState(false);
  const [open, setOpen] = useState(sent === 0);

  const submit = async () => {
    if (content.trim().length < 2) return setError(t('citizen.thanks.tooShort'));
    setBusy(true);
    setError(null);
    try {
      await citizenApi.post(`/api/letters/${encodeURIComponent(number)}/thanks`, { content: content.trim() });
      setContent('');
      setJustSent(true);
      setOpen(false);
      onDone();
    } catch (e) {
      setError(onError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="h5-section" aria-labelledby="th-h" data-testid="thanks-section">
      <h2 id="th-h" className="h5-section-title"><HeartOutlined aria-hidden="true" style={{ color: '#a8071a' }} /> {t('citizen.thanks.title')}</h2>
      {(justSent || sent > 0) && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="thanks-sent"
          title={justSent ? t('citizen.thanks.sentNow') : t('citizen.thanks.sentBefore', { n: sent })} />
      )}
      {open ? (
        <>
          <p className="h5-muted" style={{ marginTop: 0 }}>{t('citizen.thanks.intro')}</p>
          <label htmlFor="th-content" className="h5-visually-hidden">{t('citizen.thanks.label')}</label>
          <Input.TextArea id="th-content" data-testid="thanks-content" maxLength={2000} showCount autoSize={{ minRows: 4, maxRows: 10 }}
            placeholder={t('citizen.thanks.placeholder')} value={content} onChange={(e) => setContent(e.target.value)} />
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} />}
          <Button type="primary" size="large" block loading={busy} onClick={submit} data-testid="thanks-submit" style={{ marginTop: 20 }}>
            {t('citizen.thanks.submit')}
          </Button>
        </>
      ) : (
        <Button size="large" block onClick={() => setOpen(true)} data-testid="thanks-open">{t('citizen.thanks.another')}</Button>
      )}
    </section>
  );
}
