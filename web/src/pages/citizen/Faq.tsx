// 一问一答: search the published FAQ (public, no sign-in). Answers are plain text.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Collapse, Empty, Input, Spin } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { publicApi } from '../../api';
import { useI18n } from '../../i18n';
import { PageTitle, errorText } from './shared';

interface FaqHit { id: number; question: string; answer: string; category: string; score: number }

export default function Faq() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [hits, setHits] = useState<FaqHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((query: string) => {
    setHits(null);
    setError(null);
    publicApi.get<FaqHit[]>(`/api/faq?q=${encodeURIComponent(query.trim().slice(0, 200))}`)
      .then(setHits)
      .catch((e) => { setError(errorText(t, lang, e)); setHits([]); });
  }, [t, lang]);
  useEffect(() => { load(q); }, [q, load]);

  const search = (v: string) => setParams(v.trim() ? { q: v.trim() } : {}, { replace: true });

  return (
    <div>
      <PageTitle>{t('citizen.faq.title')}</PageTitle>
      <p className="h5-muted" style={{ marginTop: -6 }}>{t('citizen.faq.intro')}</p>
      <p style={{ marginTop: -4 }}><Link to="/h5/typical-cases" data-testid="faq-typical-link">{t('citizen.faq.typicalLink')}</Link></p>
      <form role="search" onSubmit={(e) => { e.preventDefault(); search(text); }} style={{ display: 'flex', gap: 8, marginBottom: 16 }}>
        <label htmlFor="faq-q" className="h5-visually-hidden">{t('citizen.faq.label')}</label>
        <Input id="faq-q" data-testid="faq-search" size="large" type="search" enterKeyHint="search" maxLength={200} allowClear
          placeholder={t('citizen.faq.placeholder')} value={text} onChange={(e) => setText(e.target.value)} style={{ flex: 1, minWidth: 0 }} />
        <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined aria-hidden="true" />} data-testid="faq-submit">{t('citizen.faq.search')}</Button>
      </form>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      {!hits && <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>}
      {hits && hits.length > 0 && (
        <>
          <p aria-live="polite" className="h5-muted" data-testid="faq-count">{q ? t('citizen.faq.found', { n: hits.length }) : t('citizen.faq.all', { n: hits.length })}</p>
          <Collapse data-testid="faq-results" size="large"
            items={hits.map((h) => ({ key: String(h.id), label: h.question, children: <div className="h5-pre">{h.answer}</div> }))} />
        </>
      )}
      {hits && hits.length === 0 && !error && (
        <div className="h5-section" data-testid="faq-empty" aria-live="polite">
          <Empty description={<span style={{ fontSize: 17, color: '#4a4a4a' }}>{q ? t('citizen.faq.none', { q }) : t('citizen.faq.noneYet')}</span>}>
            <Button type="primary" size="large" onClick={() => navigate('/h5/write')}>{t('citizen.faq.write')}</Button>
          </Empty>
        </div>
      )}
      {hits && hits.length > 0 && (
        <div className="h5-section" style={{ marginTop: 16, textAlign: 'center' }}>
          <p style={{ marginTop: 0 }}>{t('citizen.faq.notFound')}</p>
          <Button size="large" block onClick={() => navigate('/h5/write')} data-testid="faq-write">{t('citizen.faq.write')}</Button>
        </div>
      )}
    </div>
  );
}
