import { useState } from 'react';
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
  if (user) return <Navigate to="/staff" replace />;
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4fa' }}>
      <Card style={{ width: 380 }}>
        <div style={{ textAlign: 'right' }}><LangSwitch /></div>
        <Typography.Title level={3}>{t('staff.login.title')}</Typography.Title>
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} showIcon />}
        <Form layout="vertical" onFinish={async (v) => {
          setBusy(true); setError(null);
          try { await login(v.username, v.password); navigate('/staff'); } catch (e: any) { setError(e.message); } finally { setBusy(false); }
        }}>
          <Form.Item label={t('staff.login.username')} name="username" rules={[{ required: true, message: t('staff.login.username') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('staff.login.password')} name="password" rules={[{ required: true, message: t('staff.login.password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('staff.login.submit')}</Button>
        </Form>
      </Card>
    </main>
  );
}
