import { useState } from 'react';
import { ApiError } from '../../api';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useStaff } from '../../session';
import { LangSwitch } from '../../components/LangSwitch';

export default function Login() {
  const { t } = useI18n();
  const { login, user } = useStaff();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Accounts with a second factor: the server answers totp_required, and the form asks for the code.
  const [needTotp, setNeedTotp] = useState(false);
  if (user) return <Navigate to="/staff" replace />;
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4fa' }}>
      <Card style={{ width: 380 }}>
        <div style={{ textAlign: 'right' }}><LangSwitch /></div>
        <Typography.Title level={3}>{t('staff.login.title')}</Typography.Title>
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} showIcon />}
        <Form layout="vertical" onFinish={async (v) => {
          setBusy(true); setError(null);
          try {
            await login(v.username, v.password, needTotp ? v.totp?.trim() : undefined);
            navigate('/staff');
          } catch (e: any) {
            if (e instanceof ApiError && e.code === 'totp_required') { setNeedTotp(true); setError(null); } else setError(e.message);
          } finally { setBusy(false); }
        }}>
          <Form.Item label={t('staff.login.username')} name="username" rules={[{ required: true, message: t('staff.login.username') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('staff.login.password')} name="password" rules={[{ required: true, message: t('staff.login.password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item label={t('staff.login.totp')} name="totp" extra={t('staff.login.totpHelp')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('staff.login.totpInvalid') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="login-totp" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>{t('staff.login.submit')}</Button>
        </Form>
      </Card>
    </main>
  );
}
