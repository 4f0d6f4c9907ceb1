// The time-limit policy and the rate formulas: configuration as JSON, replaced whole; the server
// validates and its message says which field is wrong.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Input, Space, Spin } from 'antd';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { errorText, Muted } from '../components/ui';

export function SettingEditor({ name }: { name: 'time-limits' | 'rates' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [saved, setSaved] = useState('');
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setLoading(true); setError(null);
    try {
      const s = JSON.stringify(await staffApi.get(`/api/admin/settings/${name}`), null, 2);
      setText(s); setSaved(s);
    } catch (e) { setError(errorText(e)); } finally { setLoading(false); }
  }, [name]);
  useEffect(() => { void load(); }, [load]);

  let parseError: string | null = null;
  try { JSON.parse(text || 'null'); } catch (e) { parseError = (e as Error).message; }

  const save = async () => {
    if (parseError) return;
    setSaving(true); setError(null);
    try {
      await staffApi.put(`/api/admin/settings/${name}`, JSON.parse(text));
      message.success(t('staff.admin.saved'));
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const id = `setting-${name}`;
  return (
    <div>
      <div style={{ marginBottom: 8 }}><Muted>{t(`staff.admin.settings.help.${name}`)}</Muted></div>
      {error && <Alert type="error" showIcon title={t('staff.admin.settings.rejected')} description={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      {loading ? <Spin /> : (
        <>
          <label htmlFor={id} style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>{t(`staff.admin.tab.${name === 'rates' ? 'rates' : 'timeLimits'}`)} (JSON)</label>
          <Input.TextArea id={id} value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 14, maxRows: 32 }} spellCheck={false}
            status={parseError ? 'error' : undefined} aria-invalid={!!parseError} aria-describedby={parseError ? `${id}-err` : undefined}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }} data-testid={`${id}-json`} />
          {parseError && <div id={`${id}-err`} role="alert" style={{ color: '#a8071a', marginTop: 6 }}>{t('staff.admin.settings.badJson', { error: parseError })}</div>}
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={save} loading={saving} disabled={!!parseError || text === saved} data-testid={`${id}-save`}>{t('staff.admin.settings.save')}</Button>
            <Button onClick={() => { if (!parseError) setText(JSON.stringify(JSON.parse(text), null, 2)); }} disabled={!!parseError}>{t('staff.admin.settings.format')}</Button>
            <Button onClick={() => { setText(saved); setError(null); }} disabled={text === saved}>{t('staff.admin.settings.revert')}</Button>
          </Space>
        </>
      )}
    </div>
  );
}
