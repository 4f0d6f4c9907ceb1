// 典型案例: closed letters the center published with their writers' consent, anonymised — public,
// no sign-in, newest first, a page at a time.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Empty, Spin, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { PageTitle, errorText } from './shared';

interface TypicalCase { id: number; title: string; category: string | null; categoryName: string | null; text: string; publishedAt: string }

const PAGE_SIZE = 10;

/** One published case: its sections (【来信】, 【概况】, 【答复】) as headed paragraphs. */
function CaseText({ text }: { text: string }) {
  const parts: { head: string | null; body: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^【([^】]{1,8})】(.*)$/.exec(line);
    if (m) parts.push({ head: m[1], body: m[2] });
    else if (parts.length) parts[parts.length - 1].body += `\n${line}`;
    else parts.push({ head: null, body: line });
  }
  return (
    <div>
      {parts.map((p, i) => (
        <p key={i} className="h5-pre" style={{ margin: '6px 0', lineHeight: 1.7 }}>
          {p.head && <strong style={{ color: '#0b4ea2' }}>{p.head}：</strong>}{p.body}
        </p>
      ))}
    </div>
  );
}

export default function TypicalCases() {
  const { t, lang, fmtDate } = useI18n();
  const [items, setItems] = useState<TypicalCase[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (p: number) => {
    setLoading(true);
    setError(null);
    try {
      // The total comes in a header (X-Total-Count), so the request is made here rather than through publicApi.
      const r = await fetch(`/api/typical-cases?page=${p}&pageSize=${PAGE_SIZE}`, { credentials: 'same-origin' });
      if (!r.ok) {
        const data = await r.json().catch(() => null);
        throw new ApiError(r.status, data?.error?.code ?? 'error', data?.error?.message ?? `HTTP ${r.status}`);
      }
      const list = (await r.json()) as TypicalCase[];
      setTotal(Number(r.headers.get('x-total-count') ?? list.length));
      setItems((prev) => (p === 1 ? list : [...prev, ...list]));
      setPage(p);
    } catch (e) {
      setError(errorText(t, lang, e));
    } finally {
      setLoading(false);
    }
  }, [t, lang]);
  useEffect(() => { void load(1); }, [load]);

  return (
    <div>
      <PageTitle>{t('citizen.typical.title')}</PageTitle>
      <p className="h5-muted" style={{ marginTop: -6 }}>{t('citizen.typical.intro')}</p>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} action={<Button onClick={() => load(1)}>{t('citizen.retry')}</Button>} />}
      {total === null && !error && <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>}
      {total === 0 && (
        <div className="h5-section" data-testid="typical-empty">
          <Empty description={<span style={{ fontSize: 17, color: '#4a4a4a' }}>{t('citizen.typical.none')}</span>} />
        </div>
      )}
      <div data-testid="typical-list">
        {items.map((c) => (
          <article key={c.id} className="h5-section" aria-labelledby={`tc-${c.id}`} data-testid={`typical-${c.id}`}>
            <h2 id={`tc-${c.id}`} className="h5-section-title" style={{ marginBottom: 4 }}>{c.title}</h2>
            <div style={{ marginBottom: 6 }}>
              {c.categoryName && <Tag>{c.categoryName}</Tag>}
              <span className="h5-muted">{t('citizen.typical.publishedAt', { date: fmtDate(c.publishedAt, false) })}</span>
            </div>
            <CaseText text={c.text} />
          </article>
        ))}
      </div>
      {total !== null && items.length < total && (
        <Button size="large" block loading={loading} onClick={() => load(page + 1)} data-testid="typical-more">{t('citizen.typical.more')}</Button>
      )}
      <div className="h5-section" style={{ marginTop: 14 }}>
        <p style={{ margin: 0 }}>{t('citizen.typical.note')}</p>
        <p style={{ margin: '8px 0 0' }}><Link to="/h5/faq">{t('citizen.typical.toFaq')}</Link></p>
      </div>
    </div>
  );
}
