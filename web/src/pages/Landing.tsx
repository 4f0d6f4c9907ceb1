import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n';
import { LangSwitch } from '../components/LangSwitch';

export function Landing() {
  const { t } = useI18n();
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4fa', padding: 16 }}>
      <Card style={{ maxWidth: 480, width: '100%' }}>
        <div style={{ textAlign: 'right' }}><LangSwitch /></div>
        <Typography.Title level={2} style={{ textAlign: 'center' }}>{t('app.title')}</Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }} type="secondary">{t('app.promise')}</Typography.Paragraph>
        <Space orientation="vertical" style={{ width: "100%" }} size="middle">
          <Link to="/h5/write"><Button type="primary" size="large" block>{t('app.citizenEntry')}</Button></Link>
          <Link to="/staff/login"><Button size="large" block>{t('app.staffEntry')}</Button></Link>
        </Space>
      </Card>
    </main>
  );
}
