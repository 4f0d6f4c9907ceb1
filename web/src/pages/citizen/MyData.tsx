// 我的个人信息 (issue 7), a section of 我的来信: the download of everything held about the writer
// (GET /api/citizen/me/export, a JSON file under the server's name) and the deletion of their personal
// data on request (DELETE /api/citizen/me) after a confirmation that says plainly what goes and what
// stays. The server refuses (409) while a letter is still being handled and names the letters.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Modal, Result } from 'antd';
import { DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { ApiError, download, request, session } from '../../api';
import { useI18n } from '../../i18n';
import { useApiError } from './shared';
import { flushSync } from 'react-dom';

export function MyDataSection({ onDeleted }: { onDeleted: (anonymisedCases: number) => void }) {
  const { t, lang } = useI18n();
  const onError = useApiError();
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // The refusal appears below the button just tapped: brought into view, clear of the header and the tab bar.
  useEffect(() => { if (error) errorRef.current?.scrollIntoView({ block: 'nearest' }); }, [error]);

  const exportData = async () => {
    setExporting(true);
    setError(null);
    setExported(null);
    try {
      setExported(await download('citizen', '/api/citizen/me/export', 'my-data.json'));
    } catch (e) {
      setError(onError(e));
    } finally {
      setExporting(false);
    }
  };

  const deleteData = async () => {
    setDeleting(true);
    setError(null);
    try {
      const r = await request<{ anonymisedCases: number }>('citizen', 'DELETE', '/api/citizen/me');
      // The result first, then the session forgotten (as a sign-out does; the server has ended it and
      // cleared its cookie): forgotten first, the page guarding "my letters" could redirect to sign-in
      // before the result is shown.
      // flushSync: the result is on screen (and the guard gone) before the session changes.
      flushSync(() => { setConfirming(false); onDeleted(r.anonymisedCases); });
      session.forget();
    } catch (e) {
      setConfirming(false);
      if (e instanceof ApiError && e.code === 'letters_in_progress') {
        // The server's message names the letters still being handled.
        setError(lang === 'zh' ? e.message : `${t('citizen.data.inProgress')} (${e.message})`);
      } else {
        setError(onError(e));
      }
    } finally {
      setDeleting(false);
    }
  };

  return (
    <section className="h5-section" aria-labelledby="my-data-h" data-testid="my-data" style={{ marginTop: 8 }}>
      <h2 id="my-data-h" className="h5-section-title">{t('citizen.data.title')}</h2>
      <p className="h5-muted" style={{ margin: '0 0 14px' }}>{t('citizen.data.intro')}</p>

      <Button block size="large" icon={<DownloadOutlined aria-hidden />} loading={exporting} onClick={exportData} data-testid="export-my-data">
        {t('citizen.data.export')}
      </Button>
      <p className="h5-muted" style={{ margin: '6px 2px 0' }}>{t('citizen.data.exportHint')}</p>
      {exported && (
        <Alert type="success" showIcon style={{ marginTop: 10 }} data-testid="export-done" role="status"
          title={t('citizen.data.exported', { file: exported })} />
      )}

      <div style={{ borderTop: '1px solid #edf0f4', margin: '16px 0' }} />

      <Button block size="large" danger icon={<DeleteOutlined aria-hidden />} onClick={() => { setError(null); setConfirming(true); }} data-testid="delete-my-data">
        {t('citizen.data.delete')}
      </Button>
      <p className="h5-muted" style={{ margin: '6px 2px 0' }}>{t('citizen.data.deleteHint')}</p>
      {error && (
        <div ref={errorRef} style={{ scrollMarginTop: 72, scrollMarginBottom: 96 }}>
          <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} data-testid="my-data-error" />
        </div>
      )}

      <Modal
        open={confirming}
        title={t('citizen.data.confirmTitle')}
        onOk={deleteData}
        onCancel={() => { if (!deleting) setConfirming(false); }}
        confirmLoading={deleting}
        okText={t('citizen.data.confirmOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, size: 'large', 'data-testid': 'delete-confirm' } as any}
        cancelButtonProps={{ size: 'large', 'data-testid': 'delete-cancel' } as any}
        centered
        destroyOnHidden
        styles={{ body: { fontSize: 16, lineHeight: 1.65 } }}
      >
        <div data-testid="delete-explain">
          <p style={{ margin: '4px 0 10px' }}>{t('citizen.data.confirmIntro')}</p>
          <h3 style={{ fontSize: 16, fontWeight: 700, margin: '0 0 4px' }}>{t('citizen.data.removedTitle')}</h3>
          <ul style={{ margin: '0 0 10px', paddingInlineStart: 22 }}>
            <li>{t('citizen.data.removed1')}</li>
            <li>{t('citizen.data.removed2')}</li>
            <li>{t('citizen.data.removed3')}</li>
          </ul>
          <h3 style={{ fontSize: 16, fontWeight: 700, margin: '0 0 4px' }}>{t('citizen.data.keptTitle')}</h3>
          <p style={{ margin: '0 0 10px' }}>{t('citizen.data.kept')}</p>
          <Alert type="warning" showIcon title={t('citizen.data.final')} description={t('citizen.data.onlyClosed')} />
        </div>
      </Modal>
    </section>
  );
}

/** What the writer sees once their personal data is deleted: signed out, with the way to start again. */
export function DataDeleted({ anonymisedCases }: { anonymisedCases: number }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="h5-section" data-testid="delete-result">
      <Result
        status="success"
        title={<span style={{ fontSize: 20, lineHeight: 1.45, display: 'inline-block' }}>{t('citizen.data.deleted', { n: anonymisedCases })}</span>}
        subTitle={<span style={{ fontSize: 16, color: '#4a4a4a' }}>{t('citizen.data.deletedSub')}</span>}
        extra={<Button type="primary" size="large" onClick={() => navigate('/h5/verify', { replace: true })} data-testid="delete-done">{t('citizen.data.deletedDone')}</Button>}
        style={{ padding: '24px 4px' }}
      />
    </div>
  );
}
