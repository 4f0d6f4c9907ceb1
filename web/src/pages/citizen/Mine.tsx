// 我的来信: the writer's letters, newest first, refreshed live when one of them changes; below them,
// the writer's personal data (download, deletion on request).
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Empty, Spin } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { citizenApi, request, session } from '../../api';
import { useI18n } from '../../i18n';
import { useLive } from '../../live';
import { PageTitle, RequireCitizen, StatusTag, useApiError } from './shared';
import { DataDeleted, MyDataSection } from './MyData';

interface Item { number: string; title: string; status: string; createdAt: string }

export default function Mine() {
  const { key } = useLocation();
  // After a deletion the writer is signed out and sees the result here, until they go anywhere
  // (the tab again too): then the page is the signed-out one, as after a sign-out.
  const [deleted, setDeleted] = useState<{ n: number; key: string } | null>(null);
  if (deleted && deleted.key === key) return <DataDeleted anonymisedCases={deleted.n} />;
  return <RequireCitizen><MineInner onDeleted={(n) => setDeleted({ n, key })} /></RequireCitizen>;
}

function MineInner({ onDeleted }: { onDeleted: (anonymisedCases: number) => void }) {
  const { t, fmtDate } = useI18n();
  const navigate = useNavigate();
  const onError = useApiError();
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    citizenApi.get<Item[]>('/api/letters/mine')
      .then((r) => { setItems(r); setError(null); })
      .catch((e) => setError(onError(e)));
  }, [onError]);
  useEffect(load, [load]);
  useLive('citizen', load);

  const signOut = async () => {
    try { await request('citizen', 'POST', '/api/auth/logout'); } catch { /* the session is forgotten either way */ }
    session.forget();
    navigate('/h5/verify', { replace: true });
  };

  return (
    <div>
      <PageTitle>{t('citizen.mine.title')}</PageTitle>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} action={<Button onClick={load}>{t('citizen.retry')}</Button>} />}
      {!items && !error && <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>}
      {items && items.length === 0 && (
        <div className="h5-section">
          <Empty description={<span style={{ fontSize: 17, color: '#4a4a4a' }}>{t('citizen.mine.empty')}</span>}>
            <Button type="primary" size="large" onClick={() => navigate('/h5/write')} data-testid="mine-write">{t('citizen.mine.write')}</Button>
          </Empty>
        </div>
      )}
      {items && items.length > 0 && (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="letter-list" aria-label={t('citizen.mine.title')}>
          {items.map((l) => (
            <li key={l.number}>
              <Link to={`/h5/letters/${encodeURIComponent(l.number)}`} className="h5-letter-link" data-testid={`letter-${l.number}`}>
                <div className="h5-letter-item">
                  <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
                    <p className="h5-letter-item-title" style={{ flex: 1, minWidth: 0 }}>{l.title}</p>
                    <RightOutlined aria-hidden="true" style={{ color: '#555', marginTop: 6 }} />
                  </div>
                  <div className="h5-letter-meta">
                    <StatusTag status={l.status} />
                    <span>{fmtDate(l.createdAt)}</span>
                  </div>
                  <div className="h5-muted" style={{ marginTop: 4 }}>{t('citizen.mine.number', { number: l.number })}</div>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {items && items.length > 0 && <p className="h5-muted" style={{ textAlign: 'center' }}>{t('citizen.mine.live')}</p>}
      {items && <MyDataSection onDeleted={onDeleted} />}
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Button type="link" size="large" onClick={signOut} data-testid="citizen-logout">{t('citizen.mine.signOut')}</Button>
      </div>
    </div>
  );
}
